// The demo's training: five courses, a session with a booking, every demo login onboarded (none is stopped by the
// onboarding gate), a passed prohibited-items assessment, and a certificate running out soon (a reminder).
import { afterAll, describe, expect, it } from 'vitest';
import { seedDemoIfEmpty } from '../demo/demo-seed.js';
import { chinaDate } from '../platform/clock.js';
import { adminContext, createTestApp } from '../testing/test-app.js';
import { addDays } from './requirements.js';

describe('the demo training records', () => {
  const created = createTestApp('sqlite', { config: { demoSimulationParcels: 0 } });
  afterAll(async () => (await created).dispose());

  it('has courses, a session, passed and expiring certificates', async () => {
    const { app } = await created;
    await seedDemoIfEmpty(app);
    expect((await app.training.findCourses()).map((course) => course.kind).sort()).toEqual([
      'law-and-ethics',
      'national-security-awareness',
      'onboarding-safety',
      'prohibited-items-identification',
      'xray-operation',
    ]);
    const [session] = await app.training.findSessions(adminContext());
    expect((await app.training.getRoster(adminContext(), session!.id)).attendees).toMatchObject([
      { status: 'booked' },
    ]);
    const staff = await app.staff.findStaff(adminContext());
    for (const member of staff) expect(await app.training.isOnboarded(member.id)).toBe(true);
    const certificates = await app.training.findCertificates(adminContext());
    expect(
      certificates.filter(
        (c) => c.source === 'assessment' && c.courseKind === 'prohibited-items-identification',
      ),
    ).toHaveLength(1);
    const today = chinaDate(app.clock.now());
    const expiring = certificates.filter(
      (c) => c.source === 'manual' && c.validUntil >= today && c.validUntil <= addDays(today, 30),
    );
    expect(expiring).toHaveLength(1);
    const due = await app.training.due(adminContext(), { withinDays: 30 });
    expect(due.some((item) => item.state === 'due' && item.certification === 'law-and-ethics')).toBe(true);
  });
});
