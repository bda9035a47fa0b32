import type { AuditService } from '../audit/audit.service.js';
import type { ParcelsRepository } from '../parcels/parcels.repository.js';
import type { ParcelsService } from '../parcels/parcels.service.js';
import type { ParcelEvent } from '../parcels/parcel-state.js';
import type { RequestContext } from '../people/actor.js';
import type { Clock } from '../platform/clock.js';
import type { Store } from '../platform/database/store.js';
import { AppError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { FieldProblems } from '../platform/validation.js';
import type { BlobStore } from './blob-store.js';
import type { CasesRepository } from './cases.repository.js';
import { SEALED_HOLD_NOTICE, toHandover, type CasesService } from './cases.service.js';
import type { CustodyHandoverTable } from './cases.tables.js';
import type { CustodyHandover } from './cases.types.js';
import { checkEvidenceFile, type EvidenceFileInput } from './evidence-files.js';
import { cleanWaybillNo } from '../parcels/waybill.js';

/** The hand-overs that end a parcel's journey, and the state-machine event each applies. */
export const HANDOVER_KINDS = ['seize', 'hand-to-authority', 'deliver'] as const;
export type HandoverKind = (typeof HANDOVER_KINDS)[number];

const EVENT: Record<HandoverKind, ParcelEvent> = {
  seize: 'seize',
  'hand-to-authority': 'hand-to-authority',
  deliver: 'deliver',
};

const AUDIT = {
  seize: 'parcel.seized',
  'hand-to-authority': 'parcel.handed-to-authority',
  deliver: 'parcel.delivered',
} as const;

export interface HandoverInput {
  /** The receiving officer or person. */
  toName: string;
  /** The receiving unit (required when handing to an authority). */
  toUnit?: string;
  /** The receiving officer's badge or warrant number. */
  toOfficerNo?: string;
  location: string;
  /** When the hand-over happened (epoch ms); default now. Not in the future. */
  handedAt?: number;
  note?: string;
  /** A signature or a receipt (required when handing to an authority). */
  proof?: { kind: 'signature' | 'receipt' } & EvidenceFileInput;
}

/**
 * The parcel transitions that end custody, wired end to end: a held parcel seized or handed to an authority, a
 * dispatched one delivered. Each records a hand-over (who, where, to whom, when, signature or receipt), moves the
 * parcel through the state machine, and lands on the parcel's open case (timeline; the proof as evidence).
 */
export class CustodyService {
  constructor(
    private readonly store: Store,
    private readonly repository: CasesRepository,
    private readonly cases: CasesService,
    private readonly parcels: ParcelsService,
    private readonly parcelsRepository: ParcelsRepository,
    private readonly blobs: BlobStore,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly maxProofBytes: number,
  ) {}

  /** Records a hand-over and applies its transition; returns the hand-over. */
  async handOver(
    context: RequestContext,
    kind: HandoverKind,
    waybillNoRaw: string,
    input: HandoverInput,
  ): Promise<CustodyHandover> {
    const waybillNo = cleanWaybillNo(waybillNoRaw);
    const now = this.clock.now();
    new FieldProblems()
      .check(input.toName.trim().length > 0, '/toName', 'must name who receives the parcel')
      .check(input.location.trim().length > 0, '/location', 'must say where')
      .check(
        kind !== 'hand-to-authority' || (input.toUnit ?? '').trim().length > 0,
        '/toUnit',
        'must name the receiving unit when handing to an authority',
      )
      .check(
        kind !== 'hand-to-authority' || input.proof !== undefined,
        '/proof',
        'a signature or receipt is required when handing to an authority',
      )
      .check(
        input.handedAt === undefined || input.handedAt <= now + 60_000,
        '/handedAt',
        'must not be in the future',
      )
      .throwIfAny();
    const proof =
      input.proof === undefined ? null : checkEvidenceFile(input.proof, this.maxProofBytes, '/proof/');
    // The proof is stored before the transaction: a crash leaves an orphan blob, never a row without its file.
    const proofSha256 = proof === null ? null : await this.blobs.put(proof.bytes);
    return this.store.transaction(async (trx) => {
      const parcel = await this.parcels.findParcelWithin(trx, waybillNo);
      if (parcel === undefined) throw new AppError('not-found', 'the parcel was not found');
      await this.parcels.authorizeWithin(trx, context, 'move', parcel);
      const openCase = await this.cases.findOpenCaseOfWaybillWithin(trx, waybillNo);
      const sealed = openCase?.sealed === 1;
      const fromCustodian =
        (await this.parcelsRepository.findLastCustodian(trx, waybillNo)) ?? parcel.collected_by ?? null;
      const toName = input.toName.trim();
      const toUnit = input.toUnit?.trim() || null;
      // Counter and hub read the parcel's events: for a sealed case they learn nothing but that it is held.
      await this.parcels.moveWithin(trx, context, parcel, EVENT[kind], {
        custodian: sealed ? SEALED_HOLD_NOTICE : toUnit === null ? toName : `${toName} (${toUnit})`,
        location: input.location.trim(),
        reason: sealed ? SEALED_HOLD_NOTICE : input.note?.trim() || kind,
      });
      let proofEvidenceId: string | null = null;
      if (openCase !== undefined && proof !== null && proofSha256 !== null) {
        const evidence = await this.cases.insertEvidenceWithin(trx, context, openCase.id, {
          kind: 'file',
          record_kind: null,
          file_name: proof.fileName,
          media_type: proof.mediaType,
          size_bytes: proof.bytes.length,
          sha256: proofSha256,
          description: `${input.proof!.kind} for ${kind}`,
        });
        proofEvidenceId = evidence.id;
      }
      const row: CustodyHandoverTable = {
        id: newId(now),
        waybill_no: waybillNo,
        case_id: openCase?.id ?? null,
        kind,
        from_custodian: fromCustodian,
        to_name: toName,
        to_unit: toUnit,
        to_officer_no: input.toOfficerNo?.trim() || null,
        location: input.location.trim(),
        handed_at: input.handedAt ?? now,
        proof_kind: input.proof?.kind ?? null,
        proof_sha256: proofSha256,
        proof_evidence_id: proofEvidenceId,
        note: input.note?.trim() || null,
        recorded_by: context.actor.id,
        recorded_at: now,
      };
      await this.repository.insertHandover(trx, row);
      // Names of receiving officers stay in the hand-over row: the audit entry carries its id and the proof hash.
      await this.audit.append(trx, context, {
        action: AUDIT[kind],
        subject: { type: 'parcel', id: waybillNo },
        data: { handoverId: row.id, caseId: row.case_id, proofSha256, handedAt: row.handed_at },
      });
      if (openCase !== undefined) {
        await this.cases.appendEventWithin(trx, context, openCase.id, 'custody-handover', {
          handoverId: row.id,
          kind,
          toUnit,
          location: row.location,
          handedAt: row.handed_at,
          proofSha256,
        });
      }
      return toHandover(row);
    });
  }

  /** A parcel's hand-overs, oldest first (for callers who may read the parcel). */
  async findHandovers(context: RequestContext, waybillNoRaw: string): Promise<CustodyHandover[]> {
    const waybillNo = cleanWaybillNo(waybillNoRaw);
    const parcel = await this.parcels.findParcelWithin(this.store.db, waybillNo);
    if (parcel === undefined) throw new AppError('not-found', 'the parcel was not found');
    await this.parcels.authorizeWithin(this.store.db, context, 'read', parcel);
    const rows = await this.repository.findHandovers(this.store.db, waybillNo);
    const sealedCases = new Set<string>();
    for (const caseId of new Set(rows.flatMap((row) => (row.case_id === null ? [] : [row.case_id])))) {
      if ((await this.repository.findCase(this.store.db, caseId))?.sealed === 1) sealedCases.add(caseId);
    }
    const seesSealed =
      sealedCases.size === 0 || (await this.cases.canSeeSealed(this.store.db, context.actor));
    // A hand-over for a sealed case says only that the parcel is held elsewhere: not to whom, not why.
    return rows.map((row) =>
      seesSealed || row.case_id === null || !sealedCases.has(row.case_id)
        ? toHandover(row)
        : {
            ...toHandover(row),
            caseId: null,
            toName: SEALED_HOLD_NOTICE,
            toUnit: null,
            toOfficerNo: null,
            note: null,
            proofKind: null,
            proofSha256: null,
            proofEvidenceId: null,
          },
    );
  }
}
