import { describe, expect, it } from 'vitest';
import { AppError } from '../platform/errors.js';
import {
  actingPersonId,
  authorize,
  can,
  grantableRoles,
  siteFilterFor,
  throwIfMayNotGrant,
} from './access.js';
import type { Actor } from './actor.js';

const person = (roles: Actor['roles'], siteId = 'A', id = 'me'): Actor => ({
  type: 'staff',
  id,
  roles,
  siteId,
});

function errorOf(work: () => void): AppError {
  try {
    work();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('access (pure)', () => {
  it('reaches its own site only, unless it holds sites:all', () => {
    const courier = person(['courier']);
    const officer = person(['security-officer']);
    const parcel = (siteId: string, places: string[] = []) => ({ kind: 'parcel', siteId, places }) as const;
    expect(can(courier, 'read', parcel('A'))).toBe(true);
    expect(can(courier, 'read', parcel('B'))).toBe(false);
    expect(can(courier, 'read', parcel('B', ['A']))).toBe(true);
    expect(can(courier, 'inspect', parcel('B', ['A']))).toBe(false);
    expect(can(officer, 'inspect', parcel('B'))).toBe(true);
    expect(can(courier, 'read', { kind: 'record', siteId: null })).toBe(false);
    expect(can(officer, 'read', { kind: 'record', siteId: null })).toBe(true);
  });

  it('hides records outside reach (404) and forbids what is visible but not allowed (403)', () => {
    const manager = person(['station-manager']);
    const hidden = errorOf(() => authorize(manager, 'inspect', { kind: 'parcel', siteId: 'B', places: [] }));
    expect(hidden.code).toBe('not-found');
    const visible = errorOf(() =>
      authorize(manager, 'close-open-inspection', {
        kind: 'parcel',
        siteId: 'A',
        places: ['H'],
        openInspectionSiteId: 'H',
      }),
    );
    expect(visible.code).toBe('forbidden');
    const site = errorOf(() => authorize(manager, 'act', { kind: 'site', id: 'B' }, { path: '/siteId' }));
    expect(site).toMatchObject({ code: 'forbidden', errors: [{ path: '/siteId' }] });
  });

  it('lets a role grant only the roles of its table, never to itself', () => {
    expect(grantableRoles(person(['station-manager']))).toEqual(['courier', 'screener']);
    expect(grantableRoles(person(['security-officer']))).toEqual([]);
    expect(grantableRoles(person(['admin']))).toContain('legal-liaison');
    expect(
      errorOf(() => throwIfMayNotGrant(person(['station-manager']), ['courier', 'auditor'])),
    ).toMatchObject({
      code: 'forbidden',
      errors: [{ path: '/roles/1' }],
    });
    expect(errorOf(() => throwIfMayNotGrant(person(['admin']), ['admin'], { targetId: 'me' })).code).toBe(
      'forbidden',
    );
    expect(() => throwIfMayNotGrant(person(['admin']), ['auditor'], { targetId: 'other' })).not.toThrow();
    const member = { kind: 'staff', id: 'x', siteId: 'A', roles: ['courier'] } as const;
    expect(can(person(['station-manager']), 'manage', member)).toBe(true);
    expect(can(person(['station-manager']), 'manage', { ...member, roles: ['admin'] })).toBe(false);
    expect(can(person(['station-manager']), 'manage', { ...member, siteId: 'B' })).toBe(false);
    expect(can(person(['station-manager'], 'A', 'x'), 'manage', member)).toBe(false);
    expect(can(person(['courier'], 'A', 'x'), 'update', member)).toBe(true);
  });

  it('limits lists to the own site, and refuses another site by name', () => {
    expect(siteFilterFor(person(['station-manager']), undefined)).toBe('A');
    expect(siteFilterFor(person(['auditor']), undefined)).toBeUndefined();
    expect(siteFilterFor(person(['auditor']), 'B')).toBe('B');
    expect(errorOf(() => siteFilterFor(person(['station-manager']), 'B')).code).toBe('forbidden');
  });

  it('takes the person from the session; a machine names one, whose site is then checked', () => {
    expect(actingPersonId(person(['courier']), undefined, '/courierId')).toEqual({
      id: 'me',
      checkSite: false,
    });
    expect(errorOf(() => actingPersonId(person(['courier']), 'you', '/courierId'))).toMatchObject({
      code: 'forbidden',
      errors: [{ path: '/courierId' }],
    });
    const station: Actor = { type: 'api-key', id: 'k', roles: ['xray-station'], siteId: 'H' };
    expect(actingPersonId(station, 'op', '/operatorId')).toEqual({ id: 'op', checkSite: true });
    expect(actingPersonId(station, undefined, '/operatorId')).toBeUndefined();
  });
});
