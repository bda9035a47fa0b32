// The part of an intake that needs no database: the request's hash, each item screened, the parcel's personal
// fields sealed and the recipient's phone indexed. Pure given the screener and the vault, so it can run on a
// worker thread (intake-preparer.ts) while the writer's thread stores the group before it. On the worker, the
// sender's blind indexes are computed ahead too (prepareSenderKeys).
import { createHash } from 'node:crypto';
import { documentIndex, identifyDocument, nameIndex, phoneIndex } from '../identity/subject-index.js';
import { canonicalJson } from '../platform/canonical-json.js';
import type { KeyedWork, Vault } from '../platform/crypto/vault.js';
import type { Screener, ScreeningResult } from '../screening/screener.js';
import { PARCEL_FIELD_CONTEXT } from './parcels.tables.js';
import type { IntakeInput } from './parcels.types.js';

/** A parcel's personal fields as stored: each sealed under its column's context. */
export interface SealedParcelFields {
  originAddress: string;
  destinationAddress: string;
  recipientName: string;
  recipientPhone: string;
  recipientAddress: string;
}

export interface PreparedFields {
  /** SHA-256 of the canonical request (with the cleaned waybill number): a replay carries the same. */
  requestHash: string;
  /** Each item screened against the group's catalogue, in input order. */
  screened: ScreeningResult[];
  sealed: SealedParcelFields;
  recipientIndex: string;
  /** The sender's blind indexes made on the worker, for the writer's vault to adopt (Vault.adopt). */
  senderKeys?: KeyedWork;
}

/** Hashes, screens and seals one intake whose input already passed the checks (throwIfInvalidIntake). */
export function prepareFields(
  input: IntakeInput,
  waybillNo: string,
  screener: Screener,
  vault: Vault,
): PreparedFields {
  return {
    requestHash: createHash('sha256')
      .update(canonicalJson({ ...input, waybillNo }))
      .digest('hex'),
    screened: input.items.map((entry) =>
      screener.screen({
        description: entry.description,
        route: input.route,
        ...(entry.quantity === undefined ? {} : { quantity: entry.quantity }),
        ...(entry.unit === undefined ? {} : { unit: entry.unit }),
      }),
    ),
    sealed: {
      originAddress: vault.encrypt(input.origin.address, PARCEL_FIELD_CONTEXT.originAddress),
      destinationAddress: vault.encrypt(input.destination.address, PARCEL_FIELD_CONTEXT.destinationAddress),
      recipientName: vault.encrypt(input.recipient.name, PARCEL_FIELD_CONTEXT.recipientName),
      recipientPhone: vault.encrypt(input.recipient.phone, PARCEL_FIELD_CONTEXT.recipientPhone),
      recipientAddress: vault.encrypt(input.recipient.address, PARCEL_FIELD_CONTEXT.recipientAddress),
    },
    recipientIndex: phoneIndex(vault, input.recipient.phone),
  };
}

/**
 * The blind indexes the identity gate computes for the sender of an intake, computed ahead on the intake worker
 * and recorded for the writer's vault to adopt: the presented document's, name's and phone's. The writer's vault
 * uses an index only for the very value it was made for, so a sender presented differently (another clock day
 * for a document's validity, say) is simply indexed there as before. (A new sender's fields are still sealed on
 * the writer: most senders at a counter are returning ones, whose fields are never sealed again.)
 */
export function prepareSenderKeys(input: IntakeInput, now: number, vault: Vault): KeyedWork | undefined {
  const { sender } = input;
  const hasDocument =
    sender.refusedToShow !== true && sender.documentType !== undefined && sender.number !== undefined;
  const hasPhone = sender.phone !== undefined && sender.phone.trim() !== '';
  if (!hasDocument && !hasPhone) return undefined;
  return vault.recordKeyedWork(() => {
    if (hasDocument) {
      const { check, key } = identifyDocument(
        {
          documentType: sender.documentType!,
          number: sender.number!,
          ...(sender.nationality === undefined ? {} : { nationality: sender.nationality }),
        },
        now,
      );
      documentIndex(vault, key);
      if (check.valid && sender.agreementId === undefined) nameIndex(vault, sender.name ?? '');
    }
    if (hasPhone) phoneIndex(vault, sender.phone!);
  });
}
