// The staff list for the assign form: the officers a case may be assigned to, for callers who may read it
// (staff:read). Records name their own people (the API's `…Name` fields): a station manager reading a case or a
// report may not list the staff of other sites.
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { useSession } from '../../session/session';

export function useStaffNames() {
  const session = useSession();
  const readable = session.can('staff:read');
  const staff = useQuery({
    queryKey: ['staff-names'],
    queryFn: () => unwrap(api.GET('/api/v1/staff')),
    enabled: readable,
    staleTime: 5 * 60_000,
  });
  const list = staff.data ?? [];
  return {
    /** Whether the list could be read at all (the assign form falls back to typing an id otherwise). */
    available: readable && staff.data !== undefined,
    loading: readable && staff.isPending,
    nameOf(id: string | null): string | null {
      if (id === null) return null;
      return list.find((member) => member.id === id)?.name ?? id;
    },
    /** Active security officers: whom a case may be assigned to. */
    officers: list.filter(
      (member) => member.status === 'active' && member.roles.includes('security-officer'),
    ),
  };
}
