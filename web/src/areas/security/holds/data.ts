// Server state shared by the holds page and the site day: held parcels, sites and staff (to name people).
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { paths } from '../../../api/schema';

export type HeldParcel =
  paths['/api/v1/holds']['get']['responses'][200]['content']['application/json'][number];
export type Site = paths['/api/v1/sites']['get']['responses'][200]['content']['application/json'][number];
export type StaffMember =
  paths['/api/v1/staff']['get']['responses'][200]['content']['application/json'][number];

/** Parcels held now; `siteId` undefined: the caller's reach (station staff: their own site). */
export function useHeldParcels(siteId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: ['holds', siteId ?? 'all'],
    queryFn: () =>
      unwrap(api.GET('/api/v1/holds', { params: { query: siteId === undefined ? {} : { siteId } } })),
    enabled,
  });
}

export function useSites() {
  return useQuery({
    queryKey: ['sites'],
    queryFn: () => unwrap(api.GET('/api/v1/sites', { params: { query: {} } })),
    staleTime: 5 * 60_000,
  });
}

/** Staff the caller may read (station staff: their own site), to name people by id. */
export function useStaff(siteId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: ['staff', siteId ?? 'all'],
    queryFn: () =>
      unwrap(api.GET('/api/v1/staff', { params: { query: siteId === undefined ? {} : { siteId } } })),
    enabled,
  });
}

const STAFF_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The name for a staff id the caller can see; `unknownStaff` for the id of someone they cannot (another site's
 * officer); the text itself otherwise (a hand-over names anyone, e.g. a police officer).
 */
export function personName(
  value: string | null,
  staff: readonly StaffMember[] | undefined,
  unknownStaff: string,
): string {
  if (value === null) return '—';
  const known = staff?.find((member) => member.id === value)?.name;
  if (known !== undefined) return known;
  return STAFF_ID.test(value) ? unknownStaff : value;
}

/** "Name (CODE)" for a site id. */
export function siteLabel(siteId: string, sites: readonly Site[] | undefined): string {
  const site = sites?.find((candidate) => candidate.id === siteId);
  return site === undefined ? siteId : `${site.name} (${site.code})`;
}
