// What the hub page reads and writes: machines of the site, scans, the open-inspection queue, dispatches.
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';

export type Machine =
  paths['/api/v1/machines']['get']['responses'][200]['content']['application/json'][number];
export type OpenInspection =
  paths['/api/v1/open-inspections']['get']['responses'][200]['content']['application/json'][number];
export type ScanAnswer = {
  eventId: string;
  waybillNo: string;
  status: number;
  replayed?: boolean;
  outcome?: string;
  state?: string | null;
  instruction?: string;
};
export type DispatchResult =
  paths['/api/v1/dispatches']['post']['responses'][201]['content']['application/json'];

export const hubKeys = {
  machines: (siteId: string) => ['hub', 'machines', siteId] as const,
  queue: (siteId: string) => ['hub', 'open-inspections', siteId] as const,
};

export function fetchMachines(siteId: string): Promise<Machine[]> {
  return unwrap(api.GET('/api/v1/machines', { params: { query: { siteId } } }));
}

export function fetchQueue(siteId: string): Promise<OpenInspection[]> {
  return unwrap(api.GET('/api/v1/open-inspections', { params: { query: { siteId } } }));
}

/** A station-unique id for the scan event, so a re-sent scan is never counted twice (works without HTTPS). */
export function newEventId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return `web-${Date.now().toString(36)}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export async function recordScan(input: {
  waybillNo: string;
  machineCode: string;
  result: 'clear' | 'suspect';
}): Promise<ScanAnswer> {
  // The operator is the person signed in: the API takes it from the session.
  return (await unwrap(
    api.POST('/api/v1/scans', {
      body: {
        eventId: newEventId(),
        waybillNo: input.waybillNo,
        machineCode: input.machineCode,
        scannedAt: new Date().toISOString(),
        result: input.result,
        method: 'XRY',
      },
    }),
  )) as ScanAnswer;
}

export function resolveOpenInspection(
  waybillNo: string,
  body: { outcome: 'clear' | 'prohibited-found'; foundDescription?: string; findings?: string },
) {
  return unwrap(
    api.POST('/api/v1/parcels/{waybillNo}/open-inspection', { params: { path: { waybillNo } }, body }),
  );
}

export function dispatchBag(body: { containerNo: string; waybillNos: string[] }): Promise<DispatchResult> {
  return unwrap(api.POST('/api/v1/dispatches', { body }));
}

/** Waybill numbers as a scanner or a paste gives them: split on anything that is not part of one, upper-cased. */
export function splitWaybills(text: string): string[] {
  return text
    .split(/[^A-Za-z0-9-]+/)
    .map((part) => part.trim().toUpperCase())
    .filter((part) => part.length > 0);
}
