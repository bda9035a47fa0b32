// What the parcel search reads: the masked timeline, the masked sender, and (for a stated purpose) the unmasked
// sender; every shape generated from the API's schemas.
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';

export type Timeline =
  paths['/api/v1/parcels/{waybillNo}']['get']['responses'][200]['content']['application/json'];

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
  return await unwrap(api.GET('/api/v1/parcels/{waybillNo}', { params: { path: { waybillNo } } }));
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
