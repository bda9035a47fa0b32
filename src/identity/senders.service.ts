import type { AuditService } from '../audit/audit.service.js';
import { authorize, isCompanyWide } from '../people/access.js';
import { throwIfNotPermitted, type RequestContext } from '../people/actor.js';
import type { Clock } from '../platform/clock.js';
import type { Vault } from '../platform/crypto/vault.js';
import type { SenderPhoneTable, SenderTable } from '../platform/database/schema.js';
import type { Executor, Store } from '../platform/database/store.js';
import { AppError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { FieldProblems } from '../platform/validation.js';
import type { DocumentReason } from './documents/index.js';
import type { IdentityRepository } from './identity.repository.js';
import {
  PERSON_DOCUMENT_TYPES,
  VERIFICATION_METHODS,
  type DocumentPresentation,
  type Sender,
  type UnmaskedSender,
  type Verification,
  type VerificationMethod,
} from './identity.types.js';
import { maskDocumentNumber, maskName, maskPhone } from './masking.js';
import { purposeRecord, throwIfInvalidPurpose, type UnmaskPurpose } from './unmask-purpose.js';
import { namesMatch } from './name-normalise.js';
import {
  documentIndex,
  identifyDocument,
  isPhoneNumber,
  nameIndex,
  phoneIndex,
  type DocumentReference,
} from './subject-index.js';

// Vault contexts: bound into each ciphertext, so a value copied into another column does not decrypt.
export const SENDER_NUMBER_CONTEXT = 'sender.number';
export const SENDER_NAME_CONTEXT = 'sender.name';
export const SENDER_PHONE_CONTEXT = 'sender.phone';

const MAX_NAME_LENGTH = 100;
const MAX_NUMBER_LENGTH = 64;
/** How stale a returning sender's last-seen time may get before a presentation refreshes it. */
const SENDER_REFRESH_MS = 3_600_000;

/** What presenting a document came to: a registered sender, or why the presentation fails the gate. */
export type PresentationOutcome =
  | { ok: true; senderId: string; created: boolean; documentIndex: string }
  | {
      ok: false;
      reason: 'invalid-document' | 'name-mismatch' | 'face-match-failed';
      /** The validator's reason for an invalid document. */
      documentReason: DocumentReason | null;
      documentIndex: string;
    };

/** The real-name register: verified people, stored once, encrypted, found by the blind index of their document. */
export class SendersService {
  constructor(
    private readonly store: Store,
    private readonly repository: IdentityRepository,
    private readonly audit: AuditService,
    private readonly vault: Vault,
    private readonly clock: Clock,
  ) {}

  /**
   * Checks a presented document inside the caller's transaction and registers its holder, or recognises a
   * registered one (the name must match the registered name; last seen, verification and phone are updated).
   * Writes nothing when the presentation fails. `phoneIndex` is the presented phone's blind index when the
   * caller already computed it (the gate does, for the watchlist). With `faceMatchMinScore`, a face match the
   * device scored below it fails: the person was not shown to hold the document, so nobody is registered or
   * refreshed as verified by it.
   */
  async presentWithin(
    trx: Executor,
    context: RequestContext,
    presentation: DocumentPresentation,
    siteId: string,
    {
      phoneIndex: knownPhoneIndex,
      faceMatchMinScore,
    }: { phoneIndex?: string | null; faceMatchMinScore?: number } = {},
  ): Promise<PresentationOutcome> {
    const now = this.clock.now();
    const { check, key } = identifyDocument(presentation, now);
    const index = documentIndex(this.vault, key);
    if (!check.valid) {
      return { ok: false, reason: 'invalid-document', documentReason: check.reason, documentIndex: index };
    }
    if (faceMatchMinScore !== undefined && isFailedFaceMatch(presentation.verification, faceMatchMinScore)) {
      return { ok: false, reason: 'face-match-failed', documentReason: null, documentIndex: index };
    }
    const registered = await this.repository.findSenderByDocumentIndex(trx, index);
    const phone = presentedPhone(this.vault, presentation.phone, knownPhoneIndex);
    if (registered !== undefined)
      return this.recogniseWithin(trx, context, registered, presentation, siteId, phone);

    const row: SenderTable = {
      id: newId(now),
      document_type: key.documentType,
      document_index: index,
      nationality: key.nationality,
      number_enc: this.vault.encrypt(key.number, SENDER_NUMBER_CONTEXT),
      name_enc: this.vault.encrypt(presentation.name.trim(), SENDER_NAME_CONTEXT),
      name_index: nameIndex(this.vault, presentation.name),
      ...this.verificationColumns(context, presentation, siteId, now),
      first_seen_at: now,
    };
    if (!(await this.repository.insertSenderIfAbsent(trx, row))) {
      // Another counter registered the same document a moment ago: this is now a returning sender.
      const winner = await this.repository.findSenderByDocumentIndex(trx, index);
      if (winner === undefined) throw new AppError('internal', 'a sender vanished while being registered');
      return this.recogniseWithin(trx, context, winner, presentation, siteId, phone);
    }
    const phoneRow = await this.recordPhoneWithin(trx, row.id, phone, now);
    await this.audit.append(trx, context, {
      action: 'sender.verified',
      subject: { type: 'sender', id: row.id },
      data: { sender: row, phone: phoneRow },
    });
    return { ok: true, senderId: row.id, created: true, documentIndex: index };
  }

  /** The registered sender holding a document, found exactly as the gate finds them (blind index). */
  async findRowByDocument(db: Executor, document: DocumentReference): Promise<SenderTable | undefined> {
    const { key } = identifyDocument(document, this.clock.now());
    return this.repository.findSenderByDocumentIndex(db, documentIndex(this.vault, key));
  }

  /** One sender, masked, when they were seen at a site the caller reaches. */
  async getSender(context: RequestContext, id: string): Promise<Sender> {
    const row = await this.repository.findSender(this.store.db, id);
    if (row === undefined) throw new AppError('not-found', 'the sender was not found');
    await this.authorizeRead(this.store.db, context, row);
    return this.toSender(row, await this.repository.findSenderPhones(this.store.db, id));
  }

  /**
   * The sender holding a document, masked; the document must be valid. A sender never seen at a site the caller
   * reaches answers like an unregistered one: the lookup tells nobody whether a number is in the register.
   */
  async getSenderByDocument(context: RequestContext, document: DocumentReference): Promise<Sender> {
    const problems = new FieldProblems();
    checkDocumentFields(problems, document, '');
    problems.throwIfAny();
    const { check } = identifyDocument(document, this.clock.now());
    if (!check.valid) throw AppError.invalidField('/number', check.message);
    const row = await this.findRowByDocument(this.store.db, document);
    if (row === undefined) throw new AppError('not-found', 'the sender was not found');
    await this.authorizeRead(this.store.db, context, row);
    return this.toSender(row, await this.repository.findSenderPhones(this.store.db, row.id));
  }

  /**
   * The sender's personal data in plaintext, for a structured purpose (a case, a lawful request, or a reason code
   * with text); audited (the purpose as a digest).
   */
  async unmaskSender(context: RequestContext, id: string, purpose: UnmaskPurpose): Promise<UnmaskedSender> {
    throwIfNotPermitted(context, 'identity:unmask');
    throwIfInvalidPurpose(purpose);
    return this.store.transaction(async (trx) => {
      const row = await this.repository.findSender(trx, id);
      if (row === undefined) throw new AppError('not-found', 'the sender was not found');
      await this.authorizeRead(trx, context, row);
      const phones = await this.repository.findSenderPhones(trx, id);
      await this.audit.append(trx, context, {
        action: 'personal-data.unmasked',
        subject: { type: 'sender', id },
        data: { purpose: purposeRecord(purpose), fields: ['documentNumber', 'name', 'phones'] },
      });
      return {
        id: row.id,
        documentType: row.document_type,
        nationality: row.nationality,
        documentNumber: this.vault.decrypt(row.number_enc, SENDER_NUMBER_CONTEXT),
        name: this.vault.decrypt(row.name_enc, SENDER_NAME_CONTEXT),
        phones: phones.map((phone) => this.vault.decrypt(phone.phone_enc, SENDER_PHONE_CONTEXT)),
      };
    });
  }

  /**
   * A site-bound caller reads a sender seen at their site: verified or last seen there, or who sent a parcel from
   * there. The parcel lookup runs only when the sender row does not already say so.
   */
  private async authorizeRead(db: Executor, context: RequestContext, row: SenderTable): Promise<void> {
    const places = [row.verified_site_id, row.last_seen_site_id];
    const own = context.actor.siteId;
    if (!isCompanyWide(context.actor) && own !== null && !places.includes(own)) {
      if (await this.repository.hasParcelAtSite(db, row.id, own)) places.push(own);
    }
    authorize(context.actor, 'read', { kind: 'sender', places });
  }

  /** A stored document number and name, masked (for views that show a sender beside something else). */
  maskedIdentity(numberEnc: string, nameEnc: string): { documentNumberMasked: string; nameMasked: string } {
    return {
      documentNumberMasked: maskDocumentNumber(this.vault.decrypt(numberEnc, SENDER_NUMBER_CONTEXT)),
      nameMasked: maskName(this.vault.decrypt(nameEnc, SENDER_NAME_CONTEXT)),
    };
  }

  private async recogniseWithin(
    trx: Executor,
    context: RequestContext,
    registered: SenderTable,
    presentation: DocumentPresentation,
    siteId: string,
    phone: PresentedPhone | null,
  ): Promise<PresentationOutcome> {
    if (!this.isRegisteredName(registered, presentation.name)) {
      return {
        ok: false,
        reason: 'name-mismatch',
        documentReason: null,
        documentIndex: registered.document_index,
      };
    }
    const now = this.clock.now();
    const outcome = {
      ok: true,
      senderId: registered.id,
      created: false,
      documentIndex: registered.document_index,
    } as const;
    // A returning sender's row is refreshed when the verification differs (method or site) or was an hour or
    // more ago, not on every parcel: each parcel row already records its own verification (method, courier,
    // site, time). A regular sender's parcels then cost a read here instead of two writes and an audit entry.
    const refresh =
      registered.verification_method !== presentation.verification.method ||
      registered.verified_site_id !== siteId ||
      now - registered.last_seen_at >= SENDER_REFRESH_MS;
    if (!refresh) {
      const phoneRow = await this.recordPhoneWithin(trx, registered.id, phone, now, { onlyIfNew: true });
      if (phoneRow !== null) {
        await this.audit.append(trx, context, {
          action: 'sender.updated',
          subject: { type: 'sender', id: registered.id },
          data: { changes: {}, phone: phoneRow },
        });
      }
      return outcome;
    }
    const changes = {
      ...this.verificationColumns(context, presentation, siteId, now),
      // A sender registered before names were indexed gets the index with this refresh (audited with it). The
      // names matched, so the presented name's index is the registered name's.
      ...(registered.name_index === null ? { name_index: nameIndex(this.vault, presentation.name) } : {}),
    };
    await this.repository.updateSender(trx, registered.id, changes);
    const phoneRow = await this.recordPhoneWithin(trx, registered.id, phone, now);
    await this.audit.append(trx, context, {
      action: 'sender.updated',
      subject: { type: 'sender', id: registered.id },
      data: { changes, phone: phoneRow },
    });
    return outcome;
  }

  /**
   * Gives the name index to the senders registered before it existed (migration SenderNameIndex), `batchSize` at a
   * time, each batch read and written in one transaction and audited with its count. Until then each of them has
   * the registered name decrypted at every returning parcel (isRegisteredName), or gets the index at a refresh.
   * Safe beside a running server and to run again; a name that normalises to nothing stays without an index.
   */
  async indexLegacyNames(
    context: RequestContext,
    options: { batchSize?: number; onProgress?: (indexed: number) => void } = {},
  ): Promise<{ indexed: number; unindexable: number }> {
    const batchSize = options.batchSize ?? 500;
    let afterId = '';
    let indexed = 0;
    let unindexable = 0;
    for (;;) {
      const page = await this.store.transaction(async (trx) => {
        const rows = await this.repository.findSendersWithoutNameIndex(trx, afterId, batchSize);
        let done = 0;
        for (const row of rows) {
          const index = nameIndex(this.vault, this.vault.decrypt(row.name_enc, SENDER_NAME_CONTEXT));
          if (index === null) continue;
          await this.repository.updateSender(trx, row.id, { name_index: index });
          done++;
        }
        if (done > 0)
          await this.audit.append(trx, context, {
            action: 'sender.names-indexed',
            subject: { type: 'sender', id: rows[0]!.id },
            data: { indexed: done, fromId: rows[0]!.id, toId: rows[rows.length - 1]!.id },
          });
        return { rows, done };
      });
      if (page.rows.length === 0) break;
      indexed += page.done;
      unindexable += page.rows.length - page.done;
      afterId = page.rows[page.rows.length - 1]!.id;
      options.onProgress?.(indexed);
    }
    return { indexed, unindexable };
  }

  /** Whether a presented name is the sender's registered name (as namesMatch compares names). */
  private isRegisteredName(registered: SenderTable, name: string): boolean {
    // Senders registered before names were indexed: the registered name is decrypted and compared.
    if (registered.name_index === null)
      return namesMatch(this.vault.decrypt(registered.name_enc, SENDER_NAME_CONTEXT), name);
    const presented = nameIndex(this.vault, name);
    return presented !== null && presented === registered.name_index;
  }

  private verificationColumns(
    context: RequestContext,
    presentation: DocumentPresentation,
    siteId: string,
    now: number,
  ) {
    return {
      verification_method: presentation.verification.method,
      verification_score: presentation.verification.deviceScore ?? null,
      verified_by_type: context.actor.type,
      verified_by: context.actor.id,
      verified_site_id: siteId,
      verified_at: now,
      last_seen_at: now,
      last_seen_site_id: siteId,
    } satisfies Partial<SenderTable>;
  }

  /**
   * Records a phone for the sender, or that a known one was seen again; with `onlyIfNew`, writes nothing (and
   * answers null) for a phone already on record.
   */
  private async recordPhoneWithin(
    trx: Executor,
    senderId: string,
    phone: PresentedPhone | null,
    now: number,
    { onlyIfNew = false }: { onlyIfNew?: boolean } = {},
  ): Promise<SenderPhoneTable | null> {
    if (phone === null) return null;
    if (onlyIfNew && (await this.repository.hasSenderPhone(trx, senderId, phone.index))) return null;
    const row: SenderPhoneTable = {
      id: newId(now),
      sender_id: senderId,
      phone_index: phone.index,
      phone_enc: this.vault.encrypt(phone.text, SENDER_PHONE_CONTEXT),
      first_seen_at: now,
      last_seen_at: now,
    };
    await this.repository.upsertSenderPhone(trx, row);
    return row;
  }

  private toSender(row: SenderTable, phones: readonly SenderPhoneTable[]): Sender {
    return {
      id: row.id,
      documentType: row.document_type,
      nationality: row.nationality,
      ...this.maskedIdentity(row.number_enc, row.name_enc),
      phonesMasked: phones.map((phone) =>
        maskPhone(this.vault.decrypt(phone.phone_enc, SENDER_PHONE_CONTEXT)),
      ),
      verification: {
        method: row.verification_method as VerificationMethod,
        deviceScore: row.verification_score,
        actorType: row.verified_by_type,
        actorId: row.verified_by,
        siteId: row.verified_site_id,
        at: row.verified_at,
      },
      firstSeenAt: row.first_seen_at,
      lastSeenAt: row.last_seen_at,
      lastSeenSiteId: row.last_seen_site_id,
    };
  }
}

/** Adds a problem for every field of a document presentation that is missing or malformed (not its validity). */
export function checkPresentation(
  problems: FieldProblems,
  presentation: Partial<DocumentPresentation>,
  prefix: string,
): void {
  checkDocumentFields(problems, presentation, prefix);
  const name = presentation.name?.trim() ?? '';
  problems.check(
    name.length > 0 && name.length <= MAX_NAME_LENGTH,
    `${prefix}name`,
    'must be 1-100 characters',
  );
  checkPhone(problems, presentation.phone, `${prefix}phone`);
  const verification = presentation.verification;
  if (verification === undefined) {
    problems.add(`${prefix}verification`, 'is required');
    return;
  }
  problems.check(
    (VERIFICATION_METHODS as readonly string[]).includes(verification.method),
    `${prefix}verification/method`,
    `must be one of ${VERIFICATION_METHODS.join(', ')}`,
  );
  const score = verification.deviceScore;
  if (verification.method === 'face-match') {
    problems.check(
      typeof score === 'number' && score >= 0 && score <= 1,
      `${prefix}verification/deviceScore`,
      'a face-match needs the device score, from 0 to 1',
    );
  } else {
    problems.check(score === undefined, `${prefix}verification/deviceScore`, 'only a face-match has a score');
  }
}

/** A face match whose device score is below the minimum (other methods have no score to fail). */
export function isFailedFaceMatch(verification: Verification, minScore: number): boolean {
  return verification.method === 'face-match' && (verification.deviceScore ?? 0) < minScore;
}

export function checkPhone(problems: FieldProblems, phone: string | undefined, path: string): void {
  if (phone !== undefined) problems.check(isPhoneNumber(phone), path, 'must be a phone number');
}

function checkDocumentFields(
  problems: FieldProblems,
  document: Partial<DocumentReference>,
  prefix: string,
): void {
  problems.check(
    (PERSON_DOCUMENT_TYPES as readonly (string | undefined)[]).includes(document.documentType),
    `${prefix}documentType`,
    `must be one of ${PERSON_DOCUMENT_TYPES.join(', ')}`,
  );
  const number = document.number?.trim() ?? '';
  problems.check(
    number.length > 0 && number.length <= MAX_NUMBER_LENGTH,
    `${prefix}number`,
    'must be 1-64 characters',
  );
  // A passport without its country is a terminal's omission, not a false document: ask for it.
  if (document.documentType === 'passport') {
    problems.check(
      (document.nationality?.trim() ?? '') !== '',
      `${prefix}nationality`,
      'is required for a passport (ISO 3166-1 alpha-3)',
    );
  }
}

/** A phone as presented (trimmed) with its blind index. */
interface PresentedPhone {
  text: string;
  index: string;
}

function presentedPhone(
  vault: Vault,
  phone: string | undefined,
  knownIndex: string | null | undefined,
): PresentedPhone | null {
  if (phone === undefined || phone.trim() === '') return null;
  return { text: phone.trim(), index: knownIndex ?? phoneIndex(vault, phone) };
}
