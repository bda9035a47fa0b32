// Reports: the three-gate coverage per site and day with its gaps, and signed day attestations with
// inclusion proofs. Reads the tables of parcels, hubs and identity; writes only attestations (audited).
import type { AuditService } from '../audit/audit.service.js';
import { authorize, isCompanyWide, reachesSite, siteFilterFor } from '../people/access.js';
import type { RequestContext } from '../people/actor.js';
import type { PeopleRepository } from '../people/people.repository.js';
import type { Clock } from '../platform/clock.js';
import type { Signer } from '../platform/crypto/signing.js';
import type { Executor, Store } from '../platform/database/store.js';
import { canonicalJson } from '../platform/canonical-json.js';
import { AppError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { FieldProblems, isCalendarDate } from '../platform/validation.js';
import {
  buildProof,
  gateRecord,
  recordDigest,
  recordsRoot,
  sortRecords,
  GATE_RECORD_FORMAT,
  SIGNED_STATEMENT_FORMAT,
  STATEMENT_FORMAT,
  statementMessage,
  type AttestationProof,
  type AttestationStatement,
  type GateRecord,
  type SignedStatement,
} from './attestation.js';
import {
  foldRows,
  MAX_RANGE_DAYS,
  parcelGaps,
  SCAN_GAP_OUTCOMES,
  sortGaps,
  totalsOf,
  type CoverageGap,
  type CoverageReport,
  type ScanGapOutcome,
  type SiteDayCounts,
} from './coverage.js';
import { chinaDayOf, dateToDay, dayRangeMs, dayToDate } from '../platform/clock.js';
import type { GateRecordRow, ReportsRepository } from './reports.repository.js';
import { cleanWaybillNo } from '../parcels/waybill.js';

export interface CoverageQuery {
  from: string;
  to: string;
  siteId?: string;
  /** How many gaps to list at most (default and ceiling 10,000); the counts are always complete. */
  gapLimit?: number;
}

export interface AttestationSummary {
  id: string;
  day: string;
  siteId: string | null;
  merkleRoot: string;
  leafCount: number;
  keyId: string;
  createdBy: string;
  createdAt: number;
}

const MAX_GAPS = 10_000;

export class ReportsService {
  constructor(
    private readonly store: Store,
    private readonly repository: ReportsRepository,
    private readonly people: PeopleRepository,
    private readonly audit: AuditService,
    private readonly signer: Signer,
    private readonly clock: Clock,
  ) {}

  /** The coverage report over CST days `from`..`to` (inclusive), one site or all the caller may read. */
  async coverage(context: RequestContext, query: CoverageQuery): Promise<CoverageReport> {
    const problems = new FieldProblems()
      .check(isCalendarDate(query.from), 'from', 'must be a real date written YYYY-MM-DD')
      .check(isCalendarDate(query.to), 'to', 'must be a real date written YYYY-MM-DD');
    if (query.gapLimit !== undefined) {
      problems.check(
        Number.isInteger(query.gapLimit) && query.gapLimit >= 0 && query.gapLimit <= MAX_GAPS,
        'gapLimit',
        `must be a whole number from 0 to ${MAX_GAPS}`,
      );
    }
    problems.throwIfAny();
    const fromDay = dateToDay(query.from);
    const toDay = dateToDay(query.to);
    new FieldProblems()
      .check(fromDay <= toDay, 'to', 'must not be before from')
      .check(
        toDay - fromDay + 1 <= MAX_RANGE_DAYS,
        'to',
        `the range may cover at most ${MAX_RANGE_DAYS} days`,
      )
      .throwIfAny();
    const siteIds = await this.scope(context, query.siteId);
    return this.buildCoverage(
      this.store.db,
      siteIds,
      fromDay,
      toDay,
      siteFilterFor(context.actor, query.siteId) ?? null,
      query.gapLimit,
    );
  }

  private async buildCoverage(
    db: Executor,
    siteIds: readonly string[],
    fromDay: number,
    toDay: number,
    siteId: string | null,
    gapLimit = MAX_GAPS,
  ): Promise<CoverageReport> {
    const { start, end } = dayRangeMs(fromDay, toDay);
    // Sequential on purpose: on SQLite there is one connection, and on PostgreSQL the pool is shared.
    const parcels = await this.repository.aggregateParcels(db, siteIds, fromDay, toDay);
    const gapRows = await this.repository.findGapParcels(db, siteIds, start, end, gapLimit + 1);
    const scanGaps = await this.repository.findScanGaps(db, siteIds, start, end);
    const holds = await this.repository.countHolds(db, siteIds, start, end);
    const clues = await this.repository.countClues(db, siteIds, start, end);
    const rejections = await this.repository.countScanRejections(db, siteIds, start, end);

    const contributions: SiteDayCounts[] = [...parcels];
    for (const row of holds)
      contributions.push({ siteId: row.siteId, day: row.day, counts: { holds: row.count } });
    for (const row of clues)
      contributions.push({ siteId: row.siteId, day: row.day, counts: { clues: row.count } });
    for (const row of rejections) {
      contributions.push({ siteId: row.siteId, day: row.day, counts: { scansRejected: row.count } });
    }
    for (const row of scanGaps) {
      contributions.push({
        siteId: row.siteId,
        day: row.day,
        // A refused parcel at a hub is, like an unmarked one, a parcel scanned without a valid mark.
        counts: row.outcome === 'unknown-parcel' ? { hubUnknownParcel: 1 } : { hubHeldUnmarked: 1 },
      });
    }
    const rows = foldRows(fromDay, toDay, contributions, siteId === null ? [] : [siteId]);

    const gaps: CoverageGap[] = gapRows.slice(0, gapLimit).map((row) => ({
      waybillNo: row.waybill_no,
      siteId: row.site_id,
      day: dayToDate(chinaDayOf(row.created_at)),
      gates: parcelGaps({
        state: row.state,
        decision: row.decision,
        gateDecision: row.gate_decision,
        gateReason: row.gate_reason,
        inspectionOutcome: row.inspection_outcome,
        screenedAt: row.screened_at === null ? null : Number(row.screened_at),
        dispatchedAt: row.dispatched_at === null ? null : Number(row.dispatched_at),
      }),
      source: 'parcel',
      state: row.state,
      scanOutcome: null,
    }));
    let truncated = gapRows.length > gapLimit;
    for (const row of scanGaps) {
      if (gaps.length >= gapLimit) {
        truncated = true;
        break;
      }
      const outcome = row.outcome as ScanGapOutcome;
      gaps.push({
        waybillNo: row.waybillNo,
        siteId: row.siteId,
        day: dayToDate(row.day),
        gates: [...SCAN_GAP_OUTCOMES[outcome]],
        source: 'scan',
        state: null,
        scanOutcome: outcome,
      });
    }
    return {
      from: dayToDate(fromDay),
      to: dayToDate(toDay),
      siteId,
      rows,
      totals: totalsOf(rows),
      gaps: sortGaps(gaps),
      gapsTruncated: truncated,
    };
  }

  /**
   * Signs a statement of one CST day's coverage (a site, or every site) with a Merkle root over the gate
   * records of the parcels taken in that day; stores it and its leaves, audited, in one transaction.
   */
  async attest(context: RequestContext, input: { date: string; siteId?: string }): Promise<SignedStatement> {
    const day = this.checkDay(input.date);
    const siteIds = await this.scope(context, input.siteId);
    const siteId = siteFilterFor(context.actor, input.siteId) ?? null;
    const { start, end } = dayRangeMs(day, day);
    const date = dayToDate(day);
    // Read and written in one transaction so the counts and the leaves describe the same moment. On SQLite the
    // write lock is taken first, so they always do; on PostgreSQL (read committed) a change committed between
    // the reads could show in one and not the other: attest a closed day, and re-attest if in doubt.
    return this.store.transaction(async (trx) => {
      const rows = await this.repository.findGateRecordRows(trx, siteIds, start, end);
      const records = sortRecords(rows.map((row) => toGateRecord(row, date)));
      const coverage = await this.buildCoverage(trx, siteIds, day, day, siteId, 0);
      const { ratios: _ratios, ...counts } = coverage.totals;
      const now = this.clock.now();
      const id = newId(now);
      const statement: AttestationStatement = {
        format: STATEMENT_FORMAT,
        attestationId: id,
        day: date,
        siteId,
        counts,
        merkleRoot: recordsRoot(records),
        treeSize: records.length,
        leafFormat: GATE_RECORD_FORMAT,
        signedAt: now,
        keyId: this.signer.activeKeyId,
      };
      const message = statementMessage(statement);
      const { signature, keyId } = this.signer.sign(message);
      await this.repository.insertAttestation(
        trx,
        {
          id,
          day: date,
          site_id: siteId,
          merkle_root: statement.merkleRoot,
          leaf_count: records.length,
          statement: message,
          signature,
          key_id: keyId,
          created_by: context.actor.id,
          created_at: now,
        },
        records.map((record, position) => ({
          attestation_id: id,
          position,
          waybill_no: record.waybillNo,
          record: canonicalJson(record),
        })),
      );
      await this.audit.append(trx, context, {
        action: 'attestation.created',
        subject: { type: 'attestation', id },
        data: { day: date, siteId, merkleRoot: statement.merkleRoot, treeSize: records.length, keyId },
      });
      const signed: SignedStatement = { format: SIGNED_STATEMENT_FORMAT, statement, signature };
      return signed;
    });
  }

  /** Attestations the caller may read, newest first. */
  async findAttestations(
    context: RequestContext,
    filter: { date?: string; siteId?: string },
  ): Promise<AttestationSummary[]> {
    if (filter.date !== undefined) this.checkDay(filter.date);
    const siteId = siteFilterFor(context.actor, filter.siteId);
    const rows = await this.repository.findAttestations(this.store.db, {
      ...(filter.date === undefined ? {} : { day: filter.date }),
      ...(siteId === undefined ? {} : { siteId }),
    });
    return rows.map((row) => ({
      id: row.id,
      day: row.day,
      siteId: row.site_id,
      merkleRoot: row.merkle_root,
      leafCount: Number(row.leaf_count),
      keyId: row.key_id,
      createdBy: row.created_by,
      createdAt: Number(row.created_at),
    }));
  }

  /** The newest attestation of a day and site (null: the every-site one). */
  async latestAttestationId(context: RequestContext, date: string, siteId: string | null): Promise<string> {
    this.checkDay(date);
    // A site-bound caller reads their own site's attestations, not the every-site one.
    if (siteId === null ? !isCompanyWide(context.actor) : !reachesSite(context.actor, siteId)) {
      throw new AppError('forbidden', "you may read only your own site's records");
    }
    const [latest] = await this.repository.findAttestations(this.store.db, { day: date, siteId });
    if (latest === undefined) {
      throw AppError.notFound('attestation');
    }
    return latest.id;
  }

  /** The signed statement of a stored attestation. */
  async getStatement(context: RequestContext, attestationId: string): Promise<SignedStatement> {
    const row = await this.readableAttestation(context, attestationId);
    return toSigned(row.statement, row.signature);
  }

  /** An inclusion proof of one parcel's gate record under a stored attestation. */
  async prove(
    context: RequestContext,
    attestationId: string,
    waybillNoRaw: string,
  ): Promise<AttestationProof> {
    const waybillNo = cleanWaybillNo(waybillNoRaw);
    const row = await this.readableAttestation(context, attestationId);
    const leaves = await this.repository.findLeaves(this.store.db, row.id);
    const index = leaves.findIndex((leaf) => leaf.waybill_no === waybillNo);
    if (index < 0) {
      throw new AppError('not-found', 'the parcel is not in this attestation', {
        errors: [{ path: '/waybillNo', message: 'is not in this attestation' }],
      });
    }
    const publicKeyPem = this.signer.publicKeys().find((key) => key.keyId === row.key_id)?.publicKeyPem;
    if (publicKeyPem === undefined) {
      throw new AppError(
        'unavailable',
        `the signing key ${row.key_id} is not in the configured key material`,
      );
    }
    const digests = leaves.map((leaf) => recordDigest(parseRecord(leaf.record)));
    return buildProof(
      JSON.parse(leaves[index]!.record) as GateRecord,
      index,
      digests,
      toSigned(row.statement, row.signature),
      publicKeyPem,
    );
  }

  private async readableAttestation(context: RequestContext, id: string) {
    const row = await this.repository.findAttestation(this.store.db, id);
    if (row === undefined) throw new AppError('not-found', 'the attestation was not found');
    // Another site's attestation answers 404, as an unknown one: its existence is not the caller's business.
    authorize(context.actor, 'read', { kind: 'record', siteId: row.site_id }, { noun: 'attestation' });
    return row;
  }

  /** A real CST date no later than today. */
  private checkDay(date: string): number {
    new FieldProblems()
      .check(isCalendarDate(date), 'date', 'must be a real date written YYYY-MM-DD')
      .throwIfAny();
    const day = dateToDay(date);
    new FieldProblems()
      .check(day <= chinaDayOf(this.clock.now()), 'date', 'must not be after today (China Standard Time)')
      .throwIfAny();
    return day;
  }

  /**
   * The sites a report covers. Station managers and counter staff read only their own site (asking for
   * another is forbidden); company-wide roles read the one they name, or every site.
   */
  private async scope(context: RequestContext, siteId: string | undefined): Promise<string[]> {
    const wanted = siteFilterFor(context.actor, siteId);
    if (wanted !== undefined) {
      if ((await this.people.findSite(this.store.db, wanted)) === undefined) {
        throw new AppError('unknown-reference', 'the site does not exist', {
          errors: [{ path: '/siteId', message: 'no such site' }],
        });
      }
      return [wanted];
    }
    return (await this.people.findSites(this.store.db, {})).map((site) => site.id);
  }
}

function toGateRecord(row: GateRecordRow, day: string): GateRecord {
  return gateRecord({
    waybillNo: row.waybill_no,
    siteId: row.site_id,
    day,
    createdAt: Number(row.created_at),
    state: row.state,
    gateKind: row.gate_kind,
    gateDecision: row.gate_decision,
    inspectionOutcome: row.inspection_outcome,
    inspectionMark: row.inspection_mark,
    screenedAt: row.screened_at === null ? null : Number(row.screened_at),
    screenedByScan: row.screened_by_scan,
    dispatchedAt: row.dispatched_at === null ? null : Number(row.dispatched_at),
  });
}

function toSigned(statement: string, signature: string): SignedStatement {
  return {
    format: SIGNED_STATEMENT_FORMAT,
    statement: JSON.parse(statement) as AttestationStatement,
    signature,
  };
}

/**
 * Leaves are stored as the JSON of the record; hashing re-canonicalises it, so the digest never depends on how
 * a database handed the text back.
 */
function parseRecord(stored: string): GateRecord {
  return JSON.parse(stored) as GateRecord;
}
