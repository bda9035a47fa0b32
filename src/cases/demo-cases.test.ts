import { expect, it } from 'vitest';
import { adminContext, createSite, createStaffMember, describeEachDialect } from '../testing/test-app.js';
import { CASE_STATUSES } from './cases.tables.js';
import { seedDemoCases } from './demo-cases.js';

describeEachDialect('the demo cases', (env) => {
  it('seed one case in each status, one sealed, and a clue waiting for triage', async () => {
    const { app } = env();
    const hub = await createSite(app, 'hub');
    const outlet = await createSite(app);
    const { staff } = await createStaffMember(app, ['security-officer'], hub.id);
    await seedDemoCases(app, { hubId: hub.id, outletId: outlet.id }, staff.id);
    const cases = await app.cases.findCases(adminContext());
    expect(cases.map((c) => c.status).sort()).toEqual([...CASE_STATUSES].sort());
    expect(cases.filter((c) => c.sealed).map((c) => c.status)).toEqual(['awaiting-approval']);
    expect(cases.find((c) => c.status === 'closed')?.outcome).toBe('false-alarm');
    expect((await app.cases.findClues(adminContext(), { status: 'open' })).length).toBe(1);
  });
});
