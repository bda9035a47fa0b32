import { afterAll, describe, expect, it } from 'vitest';
import { seedDemoIfEmpty } from '../demo/demo-seed.js';
import { adminContext, createTestApp } from '../testing/test-app.js';
import { REQUEST_STATUSES } from './requests.tables.js';

describe('the demo lawful requests', () => {
  const created = createTestApp('sqlite', { config: { demoSimulationParcels: 0 } });
  afterAll(async () => (await created).dispose());

  it('has one request in each state, with a designated approver who is not the registrar', async () => {
    const { app } = await created;
    const credentials = await seedDemoIfEmpty(app);
    expect(credentials?.filter((c) => c.role === 'legal-liaison').map((c) => c.username)).toEqual([
      'demo-legal-liaison',
      'demo-legal-approver',
    ]);
    const register = await app.requests.findRequests(adminContext());
    expect(register.map((r) => r.status).sort()).toEqual([...REQUEST_STATUSES].sort());
    const fulfilled = await app.requests.getRequest(
      adminContext(),
      register.find((r) => r.status === 'fulfilled')!.id,
    );
    expect(fulfilled.packageSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(fulfilled.approvedBy).not.toBe(fulfilled.receivedBy);
    const closed = register.find((r) => r.status === 'closed')!;
    expect((await app.requests.getRequest(adminContext(), closed.id)).legalHold).toBe(false);
  });
});
