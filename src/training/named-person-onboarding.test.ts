// The onboarding gate holds for a person a machine or the CLI names, not only for one who signs in: an order system
// or an operator's import cannot take parcels in on behalf of an untrained courier, nor an X-ray station or a scans
// file scan for an untrained operator.
import { expect, it } from 'vitest';
import { cliContext, type RequestContext } from '../people/actor.js';
import type { MachineRole } from '../people/roles.js';
import { newId } from '../platform/ids.js';
import { certify, intakeBody, registerMachine } from '../testing/parcel-factories.js';
import {
  adminContext,
  createSite,
  createStaffMember,
  describeEachDialect,
  recordOnboarding,
  unique,
} from '../testing/test-app.js';

/** What an API key of `role` at `siteId` acts as. */
function machineContext(role: MachineRole, siteId: string): RequestContext {
  return { actor: { type: 'api-key', id: newId(), roles: [role], siteId }, requestId: newId() };
}

describeEachDialect('onboarding of the person named', (env) => {
  it.each(['order system', 'CLI operator'])(
    'refuses an intake by the %s naming a courier without onboarding (403 naming /courierId), and takes it once trained',
    async (namer) => {
      const { app } = env();
      const site = await createSite(app);
      const { staff } = await createStaffMember(app, ['courier'], site.id, { untrained: true });
      const context =
        namer === 'CLI operator' ? cliContext(newId()) : machineContext('order-system', site.id);
      const body = intakeBody(site.id, { courierId: staff.id });
      const [refused] = await app.parcels.intakeMany(context, [body]);
      expect(refused).toMatchObject({
        ok: false,
        error: { code: 'not-certified', errors: [{ path: '/courierId' }] },
      });
      await expect(app.parcels.getTimeline(adminContext(), body.waybillNo)).rejects.toMatchObject({
        code: 'not-found',
      });

      await recordOnboarding(app, staff.id);
      const [taken] = await app.parcels.intakeMany(context, [body]);
      expect(taken).toMatchObject({ ok: true, value: { decision: 'inspect', replayed: false } });
    },
  );

  it.each(['X-ray station', 'CLI operator'])(
    'rejects (and records) a scan by the %s whose named operator has not passed onboarding',
    async (namer) => {
      const { app } = env();
      const hub = await createSite(app, 'hub');
      const machine = await registerMachine(app, hub.id);
      const { staff } = await createStaffMember(app, ['screener'], hub.id, { untrained: true });
      await certify(app, staff.id, 'xray-operation');
      const station = namer === 'CLI operator' ? cliContext(newId()) : machineContext('xray-station', hub.id);
      const eventId = unique('ev');
      const [answer] = await app.scans.submit(station, [
        {
          eventId,
          waybillNo: 'NO-SUCH-PARCEL-1',
          machineCode: machine.machineCode,
          operatorId: staff.id,
          scannedAt: new Date(app.clock.now()).toISOString(),
          result: 'clear',
          imageRef: 's3://hub/images/1.png',
          imageSha256: 'b'.repeat(64),
        } as never,
      ]);
      expect(answer).toMatchObject({
        status: 403,
        problem: { code: 'not-certified', errors: [{ path: '/operatorId' }] },
      });
      const rejections = await app.store.db
        .selectFrom('scan_rejections')
        .select('reason')
        .where('event_id', '=', eventId)
        .execute();
      expect(rejections.map((row) => row.reason)).toEqual(['operator-not-certified']);
    },
  );
});
