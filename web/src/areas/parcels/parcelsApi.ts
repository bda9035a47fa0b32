// What the parcel search reads: the masked timeline, the masked sender, and (for a stated purpose) the unmasked
// sender. The timeline's schema is open in the API, so its shape is written out here (src/parcels ParcelTimeline).
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';

export interface Timeline {
  waybillNo: string;
  siteId: string;
  route: string;
  state: string;
  heldFrom: string | null;
  decision: string;
  reasons: string[];
  createdAt: number;
  gates: {
    identity: { kind: string; decision: string; senderId: string | null; agreementId: string | null };
    notice: { version: string };
    screening: { verdict: string; catalogueVersion: string };
    risk: { version: string; score: number; hits: unknown[] };
    inspection: { by: string | null; at: number | null; mark: string | null };
    xray: { screenedAt: number | null; by: string | null };
    dispatch: { at: number | null; dispatchId: string | null };
  };
  origin: { country: string; regionCode: string | null; addressMasked: string };
  destination: { country: string; regionCode: string | null; addressMasked: string };
  recipient: { nameMasked: string; phoneMasked: string };
  weightGrams: number;
  items: {
    position: number;
    description: string;
    quantity: number | null;
    unit: string | null;
    verdict: string;
    category: string | null;
  }[];
  events: {
    at: number;
    kind: string;
    fromState: string | null;
    toState: string | null;
    actorType: string;
    actorId: string;
    custodian: string | null;
    location: string | null;
    reason: string | null;
  }[];
  inspections: {
    at: number;
    inspectorId: string;
    outcome: string;
    foundVerdict: string | null;
    foundCategory: string | null;
    photoHashes: string[];
  }[];
}

export type MaskedSender =
  paths['/api/v1/identity/senders/{id}']['get']['responses'][200]['content']['application/json'];
export type UnmaskedSender =
  paths['/api/v1/identity/senders/{id}/unmask']['post']['responses'][200]['content']['application/json'];
export type UnmaskPurpose =
  paths['/api/v1/identity/senders/{id}/unmask']['post']['requestBody']['content']['application/json']['purpose'];
export type Site = paths['/api/v1/sites']['get']['responses'][200]['content']['application/json'][number];

export const UNMASK_REASON_CODES = [
  'counter-dispute',
  'data-subject-request',
  'security-incident',
  'supervisor-review',
] as const;

export async function fetchTimeline(waybillNo: string): Promise<Timeline> {
  return (await unwrap(
    api.GET('/api/v1/parcels/{waybillNo}', { params: { path: { waybillNo } } }),
  )) as unknown as Timeline;
}

export function fetchSender(id: string): Promise<MaskedSender> {
  return unwrap(api.GET('/api/v1/identity/senders/{id}', { params: { path: { id } } }));
}

export function fetchSites(): Promise<Site[]> {
  return unwrap(api.GET('/api/v1/sites'));
}

/** The sender in plaintext for a stated purpose (audited). The answer is shown on the page and kept nowhere else. */
export function unmaskSender(id: string, purpose: UnmaskPurpose): Promise<UnmaskedSender> {
  return unwrap(
    api.POST('/api/v1/identity/senders/{id}/unmask', { params: { path: { id } }, body: { purpose } }),
  );
}
