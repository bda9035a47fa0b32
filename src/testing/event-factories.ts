// The event path's test world: a hub with a certified X-ray machine and screener, an outlet whose parcels are
// accepted, and an X-ray station's API key; and a scan event as a station sends it.
import type { App } from '../app.js';
import { certifiedStaff, registerMachine } from './parcel-factories.js';
import { adminContext, createSite, unique } from './test-app.js';

/** A hub with a certified machine and screener, an outlet whose parcels are accepted, a station key. */
export async function hubWorld(app: App) {
  const outlet = await createSite(app);
  const hub = await createSite(app, 'hub');
  const courier = await certifiedStaff(app, ['courier'], outlet.id, ['prohibited-items-identification']);
  const screener = await certifiedStaff(app, ['screener'], hub.id, ['xray-operation']);
  const machine = await registerMachine(app, hub.id);
  const station = await app.auth.createApiKey(adminContext(), {
    name: 'X-ray station',
    siteId: hub.id,
    role: 'xray-station',
  });
  return { outlet, hub, courier: courier.staff, screener: screener.staff, machine, apiKey: station.secret };
}

/** A clear scan of `waybillNo` on `machineCode` by `operatorId`, as a station publishes it. */
export function scanEvent(
  waybillNo: string,
  machineCode: string,
  operatorId: string,
  eventId = unique('ev'),
) {
  return {
    eventId,
    waybillNo,
    machineCode,
    operatorId,
    scannedAt: new Date().toISOString(),
    result: 'clear',
    imageSha256: 'c'.repeat(64),
  };
}

/** The scans stored for these events (one row each once stored, never two). */
export async function storedScans(app: App, events: readonly { eventId: string }[]) {
  return app.store.db
    .selectFrom('scans')
    .select('event_id')
    .where(
      'event_id',
      'in',
      events.map((event) => event.eventId),
    )
    .execute();
}
