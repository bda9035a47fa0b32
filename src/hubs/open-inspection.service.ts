import type { AuditService } from '../audit/audit.service.js';
import type { CluesService } from '../cases/clues.service.js';
import { siteFilterFor } from '../people/access.js';
import type { RequestContext } from '../people/actor.js';
import type { PeopleRepository } from '../people/people.repository.js';
import { chinaDate, type Clock } from '../platform/clock.js';
import type { Executor, Store } from '../platform/database/store.js';
import { AppError } from '../platform/errors.js';
import { FieldProblems } from '../platform/validation.js';
import type { ParcelState } from '../parcels/parcel-state.js';
import type { ParcelsService } from '../parcels/parcels.service.js';
import type { ParcelsRepository } from '../parcels/parcels.repository.js';
import { inspectionRow } from '../parcels/inspection-record.js';
import { resolveStaff } from '../parcels/staff-reference.js';
import type { ScreeningService } from '../screening/screening.service.js';
import type { HubsRepository } from './hubs.repository.js';

export const OPEN_INSPECTION_OUTCOMES = ['clear', 'prohibited-found'] as const;
export type OpenInspectionOutcome = (typeof OPEN_INSPECTION_OUTCOMES)[number];
const SHA256 = /^[0-9a-f]{64}$/;
/** The most open inspections one list answers (a queue longer than this is a hub in trouble, not a page). */
export const MAX_OPEN_INSPECTIONS = 500;

/** A parcel waiting at a site for its open inspection, since the suspect scan that diverted it. */
export interface OpenInspection {
  waybillNo: string;
  siteId: string;
  route: string;
  scanEventId: string;
  scannedAt: number;
  machineCode: string;
  operatorId: string;
  threats: string[];
}

export interface OpenInspectionInput {
  outcome: OpenInspectionOutcome;
  inspectorId?: string;
  foundDescription?: string;
  findings?: string;
  photoHashes?: string[];
}

export interface OpenInspectionResult {
  waybillNo: string;
  outcome: OpenInspectionOutcome;
  state: ParcelState;
  foundCategory: string | null;
}

/**
 * The end of an open inspection after a suspect X-ray: a trained screener opens the parcel. Clear → screened
 * (it may be dispatched); prohibited contents → held, and a clue for security officers.
 */
export class OpenInspectionService {
  constructor(
    private readonly store: Store,
    private readonly parcels: ParcelsService,
    private readonly parcelsRepository: ParcelsRepository,
    private readonly people: PeopleRepository,
    private readonly screening: ScreeningService,
    private readonly clues: CluesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly hubs: HubsRepository,
  ) {}

  /**
   * The open-inspection queue: parcels diverted by a suspect scan at the caller's site (company-wide callers: the
   * site they ask for, or every site) and not resolved yet, oldest first.
   */
  async list(context: RequestContext, filter: { siteId?: string } = {}): Promise<OpenInspection[]> {
    const siteId = siteFilterFor(context.actor, filter.siteId, '/query/siteId');
    const rows = await this.hubs.listOpenInspections(
      this.store.db,
      siteId === undefined ? null : [siteId],
      MAX_OPEN_INSPECTIONS,
    );
    // A parcel released from a hold back to accepted and found suspect again has two diverting scans: the
    // latest one is where it waits.
    const latest = new Map<string, (typeof rows)[number]>();
    for (const row of rows) latest.set(row.waybill_no, row);
    return [...latest.values()]
      .sort((a, b) => a.scanned_at - b.scanned_at)
      .map((row) => ({
        waybillNo: row.waybill_no,
        siteId: row.site_id,
        route: row.route,
        scanEventId: row.event_id,
        scannedAt: Number(row.scanned_at),
        machineCode: row.machine_code,
        operatorId: row.operator_id,
        threats: JSON.parse(row.threats) as string[],
      }));
  }

  async close(
    context: RequestContext,
    waybillNoRaw: string,
    input: OpenInspectionInput,
  ): Promise<OpenInspectionResult> {
    const problems = new FieldProblems().check(
      (OPEN_INSPECTION_OUTCOMES as readonly string[]).includes(input.outcome),
      'outcome',
      `must be one of ${OPEN_INSPECTION_OUTCOMES.join(', ')}`,
    );
    if (input.outcome === 'prohibited-found') {
      problems.check(
        (input.foundDescription ?? '').trim().length > 0,
        'foundDescription',
        'is required when prohibited contents were found',
      );
    }
    (input.photoHashes ?? []).forEach((hash, index) =>
      problems.check(SHA256.test(hash), `photoHashes/${index}`, 'must be a SHA-256 hex digest'),
    );
    problems.throwIfAny();
    // Read before the transaction: on SQLite a query outside it would wait for the transaction's connection.
    const screener = await this.screening.activeScreener();
    return this.store.transaction(async (trx) => {
      const parcel = await this.parcels.findParcelWithin(trx, waybillNoRaw);
      if (parcel === undefined) throw new AppError('not-found', 'the parcel was not found');
      // A parcel in another state is answered by the state machine (409), once the caller may see it at all.
      const action = parcel.state === 'open-inspection' ? 'close-open-inspection' : 'read';
      await this.parcels.authorizeWithin(trx, context, action, parcel);
      const site =
        (await this.parcelsRepository.findOpenInspectionSite(trx, parcel.waybill_no)) ?? parcel.site_id;
      const inspectorId = await this.certifiedInspector(trx, context, input.inspectorId, site);
      const now = this.clock.now();
      const found =
        input.foundDescription === undefined
          ? null
          : screener.screen({ description: input.foundDescription, route: parcel.route });
      const record = {
        custodian: inspectorId,
        details: { outcome: input.outcome, ...(found === null ? {} : { category: found.category }) },
      };
      const state =
        input.outcome === 'clear'
          ? await this.parcels.moveWithin(trx, context, parcel, 'open-inspection-clear', record, {
              screened_at: now,
              screened_by_scan: `open-inspection:${inspectorId}`,
            })
          : await this.parcels.moveWithin(trx, context, parcel, 'hold', {
              ...record,
              reason: 'prohibited contents found in an open inspection after a suspect X-ray',
            });
      await this.parcelsRepository.insertInspection(
        trx,
        inspectionRow(parcel.waybill_no, inspectorId, `open-inspection:${input.outcome}`, input, found, now),
      );
      await this.audit.append(trx, context, {
        action: 'parcel.open-inspection-closed',
        subject: { type: 'parcel', id: parcel.waybill_no },
        data: { outcome: input.outcome, inspectorId, photoHashes: input.photoHashes ?? [] },
      });
      if (input.outcome === 'prohibited-found') {
        await this.clues.raiseWithin(trx, context, {
          source: 'hubs',
          kind: 'prohibited-found-at-hub',
          severity: 'high',
          subjectType: 'parcel',
          subjectIndex: null,
          siteId: site,
          details: { waybillNo: parcel.waybill_no, category: found?.category ?? null },
          refs: [{ type: 'parcel', id: parcel.waybill_no }],
        });
      }
      return {
        waybillNo: parcel.waybill_no,
        outcome: input.outcome,
        state,
        foundCategory: found?.category ?? null,
      };
    });
  }

  /** Opening a parcel is an inspection: it needs the prohibited-items-identification training. */
  private async certifiedInspector(
    trx: Executor,
    context: RequestContext,
    given: string | undefined,
    siteId: string,
  ): Promise<string> {
    const today = chinaDate(this.clock.now());
    const id = await resolveStaff(this.people, trx, context, given, '/inspectorId', siteId, today);
    if (!(await this.people.hasValidCertification(trx, id, 'prohibited-items-identification', today))) {
      throw new AppError(
        'not-certified',
        'the inspector holds no valid prohibited-items-identification certification',
      );
    }
    return id;
  }
}
