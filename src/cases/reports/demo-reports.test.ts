import { expect, it } from 'vitest';
import { adminContext, createSite, createStaffMember, describeEachDialect } from '../../testing/test-app.js';
import { seedDemoCases } from '../demo-cases.js';
import { seedDemoReports } from './demo-reports.js';

describeEachDialect('the demo reports', (env) => {
  it('seed a reported case with a signed package, and the 12339 draft of the sealed case', async () => {
    const { app } = env();
    const hub = await createSite(app, 'hub');
    const outlet = await createSite(app);
    const officer = (await createStaffMember(app, ['security-officer'], hub.id)).staff;
    const manager = (await createStaffMember(app, ['station-manager'], outlet.id)).staff;
    await seedDemoCases(app, { hubId: hub.id, outletId: outlet.id }, officer.id);
    await seedDemoReports(app, { outletId: outlet.id }, { officerId: officer.id, managerId: manager.id });
    const reports = await app.caseReports.findReports(adminContext(), {});
    expect(reports.map((report) => [report.authority, report.status]).sort()).toEqual([
      ['national-security', 'draft'],
      ['public-security', 'acknowledged'],
    ]);
    const reported = reports.find((report) => report.status === 'acknowledged')!;
    const [found] = await app.cases.findCases(adminContext(), { waybillNo: 'DEMO-R-0001' });
    expect(found).toMatchObject({ id: reported.caseId, status: 'reported' });
    expect(
      app.caseReports.verifyPackage(await app.caseReports.getPackage(adminContext(), reported.id)),
    ).toMatchObject({
      valid: true,
      authority: 'public-security',
    });
  });
});
