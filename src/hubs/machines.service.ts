import type { AuditService } from '../audit/audit.service.js';
import { throwIfUnknownSite } from '../identity/site-scope.js';
import { authorize, siteFilterFor } from '../people/access.js';
import type { RequestContext } from '../people/actor.js';
import type { PeopleRepository } from '../people/people.repository.js';
import { chinaDate, type Clock } from '../platform/clock.js';
import type { Store } from '../platform/database/store.js';
import { AppError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { FieldProblems, isCalendarDate } from '../platform/validation.js';
import type { HubsRepository } from './hubs.repository.js';
import { MACHINE_KINDS, type MachineKind, type ScreeningMachineTable } from './hubs.tables.js';

/** X-ray security equipment must be certified against the GB 15208 family (DUTIES.md, gate three). */
const XRAY_STANDARD = /^GB 15208(\.\d+)?(-\d{4})?$/;

export interface RegisterMachineInput {
  machineCode: string;
  siteId: string;
  kind?: MachineKind;
  maker: string;
  model: string;
  standard: string;
  certificateNo: string;
  certifiedUntil: string;
  lastCalibratedOn: string;
}

export interface UpdateMachineInput {
  certificateNo?: string;
  certifiedUntil?: string;
  lastCalibratedOn?: string;
  status?: 'active' | 'retired';
}

export interface Machine {
  id: string;
  machineCode: string;
  siteId: string;
  kind: MachineKind;
  maker: string;
  model: string;
  standard: string;
  certificateNo: string;
  certifiedUntil: string;
  lastCalibratedOn: string;
  status: 'active' | 'retired';
  /** Whether a scan from it would be accepted today. */
  certifiedToday: boolean;
}

/** Why a machine may not screen on a given day, or null when it may. */
export function machineProblem(
  machine: ScreeningMachineTable | undefined,
  day: string,
): 'unknown-machine' | 'machine-retired' | 'machine-not-certified' | null {
  if (machine === undefined) return 'unknown-machine';
  if (machine.status !== 'active') return 'machine-retired';
  if (machine.certified_until < day) return 'machine-not-certified';
  return null;
}

/** The register of screening equipment: which machine, where, certified against what and until when. */
export class MachinesService {
  constructor(
    private readonly store: Store,
    private readonly repository: HubsRepository,
    private readonly people: PeopleRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async register(context: RequestContext, input: RegisterMachineInput): Promise<Machine> {
    const kind = input.kind ?? 'xray';
    const problems = new FieldProblems()
      .check(
        /^[A-Za-z0-9][A-Za-z0-9-]{1,39}$/.test(input.machineCode),
        'machineCode',
        'must be 2-40 letters, digits or dashes',
      )
      .check(
        (MACHINE_KINDS as readonly string[]).includes(kind),
        'kind',
        `must be one of ${MACHINE_KINDS.join(', ')}`,
      )
      .check(input.maker.trim().length > 0, 'maker', 'is required')
      .check(input.model.trim().length > 0, 'model', 'is required')
      .check(input.certificateNo.trim().length > 0, 'certificateNo', 'is required')
      .check(
        kind !== 'xray' || XRAY_STANDARD.test(input.standard.trim()),
        'standard',
        'must name the GB 15208 standard an X-ray machine is certified against, e.g. GB 15208.1-2018',
      )
      .check(input.standard.trim().length > 0, 'standard', 'is required');
    checkDates(problems, input, chinaDate(this.clock.now()));
    problems.throwIfAny();
    authorize(context.actor, 'act', { kind: 'site', id: input.siteId }, { path: '/siteId' });
    const now = this.clock.now();
    const row: ScreeningMachineTable = {
      id: newId(now),
      machine_code: input.machineCode.toUpperCase(),
      site_id: input.siteId,
      kind,
      maker: input.maker.trim(),
      model: input.model.trim(),
      standard: input.standard.trim(),
      certificate_no: input.certificateNo.trim(),
      certified_until: input.certifiedUntil,
      last_calibrated_on: input.lastCalibratedOn,
      status: 'active',
      created_at: now,
      updated_at: now,
    };
    await this.store.transaction(async (trx) => {
      await throwIfUnknownSite(trx, this.people, input.siteId);
      if ((await this.repository.findMachineByCode(trx, row.machine_code)) !== undefined) {
        throw new AppError('conflict', 'this machine code is already registered', {
          errors: [{ path: '/machineCode', message: 'is already registered' }],
        });
      }
      await this.repository.insertMachine(trx, row);
      await this.audit.append(trx, context, {
        action: 'machine.registered',
        subject: { type: 'screening-machine', id: row.id },
        data: row,
      });
    });
    return this.toMachine(row);
  }

  /** Renews a certificate, records a calibration, or retires a machine. */
  async update(context: RequestContext, idOrCode: string, input: UpdateMachineInput): Promise<Machine> {
    const problems = new FieldProblems();
    if (input.certificateNo !== undefined)
      problems.check(input.certificateNo.trim().length > 0, 'certificateNo', 'must not be empty');
    if (input.status !== undefined)
      problems.check(['active', 'retired'].includes(input.status), 'status', 'must be active or retired');
    checkDates(problems, input, chinaDate(this.clock.now()));
    problems.throwIfAny();
    return this.store.transaction(async (trx) => {
      const machine = await this.repository.findMachineByIdOrCode(trx, idOrCode);
      if (machine === undefined) throw new AppError('not-found', 'the machine was not found');
      authorize(context.actor, 'manage', { kind: 'machine', siteId: machine.site_id });
      const changes: Partial<ScreeningMachineTable> = {
        ...(input.certificateNo === undefined ? {} : { certificate_no: input.certificateNo.trim() }),
        ...(input.certifiedUntil === undefined ? {} : { certified_until: input.certifiedUntil }),
        ...(input.lastCalibratedOn === undefined ? {} : { last_calibrated_on: input.lastCalibratedOn }),
        ...(input.status === undefined ? {} : { status: input.status }),
        updated_at: this.clock.now(),
      };
      await this.repository.updateMachine(trx, machine.id, changes);
      await this.audit.append(trx, context, {
        action: 'machine.updated',
        subject: { type: 'screening-machine', id: machine.id },
        data: changes,
      });
      return this.toMachine({ ...machine, ...changes });
    });
  }

  /** Machines of the sites the caller reaches (station staff: their own). */
  async list(context: RequestContext, filter: { siteId?: string } = {}): Promise<Machine[]> {
    const siteId = siteFilterFor(context.actor, filter.siteId);
    const rows = await this.repository.listMachines(this.store.db, { siteId: siteId ?? null });
    return rows.map((row) => this.toMachine(row));
  }

  async get(context: RequestContext, idOrCode: string): Promise<Machine> {
    const row = await this.repository.findMachineByIdOrCode(this.store.db, idOrCode);
    if (row === undefined) throw new AppError('not-found', 'the machine was not found');
    authorize(context.actor, 'read', { kind: 'machine', siteId: row.site_id });
    return this.toMachine(row);
  }

  private toMachine(row: ScreeningMachineTable): Machine {
    return {
      id: row.id,
      machineCode: row.machine_code,
      siteId: row.site_id,
      kind: row.kind,
      maker: row.maker,
      model: row.model,
      standard: row.standard,
      certificateNo: row.certificate_no,
      certifiedUntil: row.certified_until,
      lastCalibratedOn: row.last_calibrated_on,
      status: row.status,
      certifiedToday: machineProblem(row, chinaDate(this.clock.now())) === null,
    };
  }
}

function checkDates(
  problems: FieldProblems,
  input: { certifiedUntil?: string; lastCalibratedOn?: string },
  today: string,
): void {
  if (input.certifiedUntil !== undefined)
    problems.check(
      isCalendarDate(input.certifiedUntil),
      'certifiedUntil',
      'must be a real date written YYYY-MM-DD',
    );
  if (input.lastCalibratedOn !== undefined) {
    problems.check(
      isCalendarDate(input.lastCalibratedOn),
      'lastCalibratedOn',
      'must be a real date written YYYY-MM-DD',
    );
    if (isCalendarDate(input.lastCalibratedOn))
      problems.check(input.lastCalibratedOn <= today, 'lastCalibratedOn', 'must not be in the future');
  }
}
