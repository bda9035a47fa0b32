import type { AuditService } from '../audit/audit.service.js';
import { throwIfUnknownSite } from '../identity/site-scope.js';
import { authorize } from '../people/access.js';
import type { RequestContext } from '../people/actor.js';
import type { PeopleRepository } from '../people/people.repository.js';
import type { Clock } from '../platform/clock.js';
import type { Executor, Store } from '../platform/database/store.js';
import { AppError, type FieldError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { FieldProblems } from '../platform/validation.js';
import type { ParcelState } from '../parcels/parcel-state.js';
import type { ParcelsService } from '../parcels/parcels.service.js';
import type { ParcelTable } from '../parcels/parcels.tables.js';
import type { HubsRepository } from './hubs.repository.js';
import { cleanWaybillNo } from '../parcels/waybill.js';

export const MAX_PARCELS_PER_DISPATCH = 5000;

export interface DispatchInput {
  siteId?: string;
  /** The bag, cage or vehicle seal number; absent for a single parcel. */
  containerNo?: string;
  waybillNos: string[];
}

export interface DispatchResult {
  dispatchId: string;
  siteId: string;
  containerNo: string | null;
  at: number;
  waybillNos: string[];
}

/**
 * The dispatch gate: only parcels X-rayed clear (state `screened`) leave a site. A bag or cage goes whole or
 * not at all: one parcel that is not screened stops it, and the answer names every such parcel.
 */
export class DispatchService {
  constructor(
    private readonly store: Store,
    private readonly repository: HubsRepository,
    private readonly people: PeopleRepository,
    private readonly parcels: ParcelsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async dispatch(context: RequestContext, input: DispatchInput): Promise<DispatchResult> {
    return this.store.transaction((trx) => this.dispatchWithin(trx, context, input));
  }

  /**
   * `dispatch` inside the caller's open transaction (the event consumer writes a JetStream batch in one). Throws
   * without writing anything when the bag may not leave: run it in a savepoint to keep the rest of a batch.
   */
  async dispatchWithin(
    trx: Executor,
    context: RequestContext,
    input: DispatchInput,
  ): Promise<DispatchResult> {
    const siteId = input.siteId ?? context.actor.siteId ?? undefined;
    const waybillNos = input.waybillNos.map(cleanWaybillNo);
    const problems = new FieldProblems()
      .check(siteId !== undefined, 'siteId', 'is required when the caller has no site')
      .check(
        waybillNos.length > 0 && waybillNos.length <= MAX_PARCELS_PER_DISPATCH,
        'waybillNos',
        `must list 1 to ${MAX_PARCELS_PER_DISPATCH} waybills`,
      )
      .check(
        input.containerNo === undefined || input.containerNo.trim().length > 0,
        'containerNo',
        'must not be empty',
      );
    const seen = new Set<string>();
    waybillNos.forEach((waybill, index) => {
      problems.check(!seen.has(waybill), `waybillNos/${index}`, 'is listed twice');
      seen.add(waybill);
    });
    problems.throwIfAny();
    authorize(context.actor, 'act', { kind: 'site', id: siteId! }, { path: '/siteId' });
    const now = this.clock.now();
    const dispatchId = newId(now);
    await throwIfUnknownSite(trx, this.people, siteId!);
    const parcels: ParcelTable[] = [];
    const blocked: FieldError[] = [];
    for (const [index, waybillNo] of waybillNos.entries()) {
      const parcel = await this.parcels.findParcelWithin(trx, waybillNo);
      // A waybill no counter took in, or a parcel this site never saw, gets one answer: X-ray it here first. The
      // scan then says what it is (an unknown parcel raises a clue); nobody learns of other sites' parcels.
      if (parcel === undefined || !(await this.parcels.canWithin(trx, context, 'move', parcel))) {
        blocked.push({
          path: `/waybillNos/${index}`,
          message: 'has not been X-rayed clear at this site: scan it first',
        });
      } else if (parcel.state !== 'screened') {
        blocked.push({
          path: `/waybillNos/${index}`,
          message: blockedMessage(parcel.state),
        });
      } else {
        parcels.push(parcel);
      }
    }
    if (blocked.length > 0) {
      const single = waybillNos.length === 1;
      const held = single && blocked[0]!.message === blockedMessage('held');
      const dispatched = single && blocked[0]!.message === blockedMessage('dispatched');
      throw new AppError(
        held ? 'parcel-held' : dispatched ? 'invalid-transition' : 'not-screened',
        single
          ? `the parcel ${blocked[0]!.message}`
          : `${blocked.length} of ${waybillNos.length} parcels may not leave: nothing was dispatched`,
        { errors: blocked },
      );
    }
    await this.repository.insertDispatch(trx, {
      id: dispatchId,
      site_id: siteId!,
      container_no: input.containerNo?.trim() ?? null,
      parcel_count: parcels.length,
      dispatched_by: context.actor.id,
      at: now,
    });
    for (const parcel of parcels) {
      await this.parcels.moveWithin(
        trx,
        context,
        parcel,
        'dispatch',
        {
          siteId: siteId!,
          custodian: input.containerNo?.trim() ?? null,
          details: { dispatchId },
        },
        { dispatched_at: now, dispatch_id: dispatchId },
      );
    }
    await this.audit.append(trx, context, {
      action: 'parcel.dispatched',
      subject: { type: 'dispatch', id: dispatchId },
      data: { siteId, containerNo: input.containerNo ?? null, waybillNos },
    });
    return {
      dispatchId,
      siteId: siteId!,
      containerNo: input.containerNo?.trim() ?? null,
      at: now,
      waybillNos,
    };
  }
}

/** Why a parcel the site can see may not leave: a parcel that already left is not one that was never X-rayed. */
function blockedMessage(state: ParcelState): string {
  if (state === 'held') return 'is held: all movement is stopped';
  if (state === 'dispatched') return 'was already dispatched';
  return `has not been X-rayed clear (it is ${state})`;
}
