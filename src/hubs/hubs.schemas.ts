import { Type } from 'typebox';
import { CalendarDate, Nullable, StrictObject } from '../http/schemas.js';
import { MACHINE_KINDS } from './hubs.tables.js';
import { OPEN_INSPECTION_OUTCOMES } from './open-inspection.service.js';
import { MAX_SCANS_PER_BATCH, SCAN_METHODS, SCAN_RESULTS } from './scans.service.js';

export const MachineBody = StrictObject({
  machineCode: Type.String({ minLength: 2, maxLength: 40, description: 'the code the station sends' }),
  siteId: Type.String({ minLength: 1, maxLength: 64 }),
  kind: Type.Optional(Type.Enum(MACHINE_KINDS)),
  maker: Type.String({ minLength: 1, maxLength: 100 }),
  model: Type.String({ minLength: 1, maxLength: 100 }),
  standard: Type.String({ minLength: 1, maxLength: 60, description: 'e.g. GB 15208.1-2018' }),
  certificateNo: Type.String({ minLength: 1, maxLength: 100 }),
  certifiedUntil: CalendarDate,
  lastCalibratedOn: CalendarDate,
});
export const MachinePatch = StrictObject({
  certificateNo: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  certifiedUntil: Type.Optional(CalendarDate),
  lastCalibratedOn: Type.Optional(CalendarDate),
  status: Type.Optional(Type.Enum(['active', 'retired'])),
});
export const Machine = Type.Object({
  id: Type.String(),
  machineCode: Type.String(),
  siteId: Type.String(),
  kind: Type.String(),
  maker: Type.String(),
  model: Type.String(),
  standard: Type.String(),
  certificateNo: Type.String(),
  certifiedUntil: Type.String(),
  lastCalibratedOn: Type.String(),
  status: Type.String(),
  certifiedToday: Type.Boolean(),
});
export const MachineParams = StrictObject({
  machine: Type.String({ minLength: 1, maxLength: 64, description: 'machine id or code' }),
});

export const Scan = StrictObject({
  eventId: Type.String({ minLength: 1, maxLength: 100, description: 'the station’s id: idempotency key' }),
  waybillNo: Type.String({ minLength: 6, maxLength: 40 }),
  machineCode: Type.String({ minLength: 1, maxLength: 40 }),
  operatorId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  scannedAt: Type.String({ description: 'ISO 8601 date-time with a time zone' }),
  result: Type.Enum(SCAN_RESULTS),
  method: Type.Optional(Type.Enum(SCAN_METHODS)),
  imageRef: Type.Optional(Type.String({ maxLength: 500 })),
  imageSha256: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$' })),
  threats: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 50 })),
});
/** Documented shape only: scans are checked one by one in the service, so a bad scan never sinks a batch. */
export const ScansBody = Type.Unsafe<unknown>({
  description: `one scan, or an array of 1 to ${MAX_SCANS_PER_BATCH} scans (each answered on its own)`,
  oneOf: [Scan, Type.Array(Scan, { minItems: 1, maxItems: MAX_SCANS_PER_BATCH })],
});
export const ScanAnswer = Type.Object({
  eventId: Type.String(),
  waybillNo: Type.String(),
  status: Type.Integer(),
  replayed: Type.Optional(Type.Boolean()),
  outcome: Type.Optional(Type.String()),
  state: Type.Optional(Nullable(Type.String())),
  instruction: Type.Optional(Type.String()),
  problem: Type.Optional(
    Type.Object({
      code: Type.String(),
      detail: Type.String(),
      errors: Type.Array(Type.Object({ path: Type.String(), message: Type.String() })),
    }),
  ),
});
export const ScanBatchAnswer = Type.Object({
  results: Type.Array(ScanAnswer),
  recorded: Type.Integer(),
  replayed: Type.Integer(),
  rejected: Type.Integer(),
});

export const OpenInspectionBody = StrictObject({
  outcome: Type.Enum(OPEN_INSPECTION_OUTCOMES),
  inspectorId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  foundDescription: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  findings: Type.Optional(Type.String({ maxLength: 2000 })),
  photoHashes: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9a-f]{64}$' }), { maxItems: 20 })),
});
export const OpenInspectionItem = Type.Object({
  waybillNo: Type.String(),
  siteId: Type.String(),
  route: Type.String(),
  scanEventId: Type.String({ description: 'the suspect scan that diverted the parcel' }),
  scannedAt: Type.Integer({ description: 'when the suspect scan was made (epoch milliseconds)' }),
  machineCode: Type.String(),
  operatorId: Type.String(),
  threats: Type.Array(Type.String(), { description: 'threat categories the machine reported' }),
});
export const OpenInspectionResult = Type.Object({
  waybillNo: Type.String(),
  outcome: Type.String(),
  state: Type.String(),
  foundCategory: Nullable(Type.String()),
});

export const SingleDispatchBody = StrictObject({
  siteId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  containerNo: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
});
export const DispatchBody = StrictObject({
  siteId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  containerNo: Type.String({ minLength: 1, maxLength: 60, description: 'bag, cage or seal number' }),
  waybillNos: Type.Array(Type.String({ minLength: 6, maxLength: 40 }), { minItems: 1, maxItems: 5000 }),
});
export const DispatchResult = Type.Object({
  dispatchId: Type.String(),
  siteId: Type.String(),
  containerNo: Nullable(Type.String()),
  at: Type.Integer(),
  waybillNos: Type.Array(Type.String()),
});
