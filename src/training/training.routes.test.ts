// Training over HTTP: the onboarding gate, a generated prohibited-items assessment that lets a courier inspect,
// revocation closing the gate, closed and foreign attempts, the CSV attendance import, background checks.
import { expect, it } from 'vitest';
import type { App } from '../app.js';
import type { Server } from '../http/server.js';
import { intakeBody } from '../testing/parcel-factories.js';
import {
  adminContext,
  createSite,
  createStaffMember,
  describeEachDialect,
  signIn,
} from '../testing/test-app.js';
import { bankAnswer, catalogueAnswer, createCourse, staffContext } from '../testing/training-factories.js';
import type { Attempt, AttemptQuestion, Certificate } from './training.types.js';

type Headers = Record<string, string>;

async function takeAssessment(
  server: Server,
  headers: Headers,
  courseId: string,
  answer: (question: AttemptQuestion) => Promise<number> | number,
) {
  const started = await server.inject({
    method: 'POST',
    url: '/api/v1/training/attempts',
    headers,
    payload: { courseId },
  });
  expect(started.statusCode).toBe(201);
  const attempt = started.json<Attempt>();
  const answers: number[] = [];
  for (const question of attempt.questions) answers.push(await answer(question));
  const submitted = await server.inject({
    method: 'POST',
    url: `/api/v1/training/attempts/${attempt.id}/submit`,
    headers,
    payload: { answers },
  });
  return { attempt, submitted };
}

async function intakeAs(server: Server, headers: Headers, siteId: string): Promise<string> {
  const body = intakeBody(siteId);
  const response = await server.inject({ method: 'POST', url: '/api/v1/parcels', headers, payload: body });
  expect(response.statusCode).toBe(201);
  return body.waybillNo;
}

const inspect = (server: Server, headers: Headers, waybillNo: string) =>
  server.inject({
    method: 'POST',
    url: `/api/v1/parcels/${waybillNo}/inspection`,
    headers,
    payload: { outcome: 'consistent' },
  });

async function admin(server: Server, app: App) {
  return signIn(server, app, ['admin']);
}

describeEachDialect('training over HTTP', (env) => {
  it('keeps a new courier from every operational action until onboarding safety training is passed', async () => {
    const { server, app } = env();
    const site = await createSite(app);
    const courier = await signIn(server, app, ['courier'], site.id, { untrained: true });
    const onboarding = await createCourse(app, 'onboarding-safety');

    const refused = await server.inject({
      method: 'POST',
      url: '/api/v1/parcels',
      headers: courier.headers,
      payload: intakeBody(site.id),
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'not-certified' });
    // Reading is not an operational action: the courier can still find their courses and take the training.
    const courses = await server.inject({
      method: 'GET',
      url: '/api/v1/training/courses',
      headers: courier.headers,
    });
    expect(courses.statusCode).toBe(200);
    // Nor is a read under an operational permission (the counter page's list of agreement customers).
    const customers = await server.inject({
      method: 'GET',
      url: `/api/v1/agreements/customers?siteId=${site.id}`,
      headers: courier.headers,
    });
    expect(customers.statusCode).toBe(200);

    const failed = await takeAssessment(
      server,
      courier.headers,
      onboarding.id,
      (q) => 1 - bankAnswer(q.prompt),
    );
    expect(failed.submitted.statusCode).toBe(200);
    expect(failed.submitted.json()).toMatchObject({
      attempt: { passed: false, score: 0 },
      certificate: null,
    });
    expect(
      (
        await server.inject({
          method: 'POST',
          url: '/api/v1/parcels',
          headers: courier.headers,
          payload: intakeBody(site.id),
        })
      ).statusCode,
    ).toBe(403);

    const passed = await takeAssessment(server, courier.headers, onboarding.id, (q) => bankAnswer(q.prompt));
    expect(passed.submitted.statusCode).toBe(200);
    const result = passed.submitted.json<{ certificate: Certificate }>();
    expect(result.certificate).toMatchObject({
      certification: 'safety-training',
      contentVersion: '2026.1',
      score: 100,
      source: 'assessment',
      attemptId: passed.attempt.id,
    });
    await intakeAs(server, courier.headers, site.id);
  });

  it('issues a certificate from the generated prohibited-items assessment that lets the courier inspect; revocation closes the gate', async () => {
    const { server, app } = env();
    const site = await createSite(app);
    const courier = await signIn(server, app, ['courier'], site.id);
    const course = await createCourse(app, 'prohibited-items-identification');
    const waybillNo = await intakeAs(server, courier.headers, site.id);
    expect((await inspect(server, courier.headers, waybillNo)).json()).toMatchObject({
      code: 'not-certified',
    });

    const { attempt, submitted } = await takeAssessment(server, courier.headers, course.id, (q) =>
      catalogueAnswer(app, q.description!),
    );
    expect(attempt.questions).toHaveLength(10);
    expect(attempt.catalogueVersion).toBe((await app.screening.activeScreener()).catalogue.version);
    for (const question of attempt.questions) {
      expect(question.description).not.toBeNull();
      expect(question.prompt).toContain(question.description!);
      expect(question).not.toHaveProperty('answer');
    }
    expect(submitted.statusCode).toBe(200);
    const { certificate } = submitted.json<{ certificate: Certificate }>();
    expect(certificate).toMatchObject({ certification: 'prohibited-items-identification', score: 100 });

    expect((await inspect(server, courier.headers, waybillNo)).json()).toMatchObject({ state: 'accepted' });

    // The attempt is closed: a second submission is refused.
    const again = await server.inject({
      method: 'POST',
      url: `/api/v1/training/attempts/${attempt.id}/submit`,
      headers: courier.headers,
      payload: { answers: attempt.questions.map(() => 0) },
    });
    expect(again.statusCode).toBe(409);

    const { headers: adminHeaders } = await admin(server, app);
    const revoked = await server.inject({
      method: 'POST',
      url: `/api/v1/training/certificates/${certificate.id}/revoke`,
      headers: adminHeaders,
      payload: { reason: 'assessment taken by someone else' },
    });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ revokedReason: 'assessment taken by someone else' });
    const next = await intakeAs(server, courier.headers, site.id);
    expect((await inspect(server, courier.headers, next)).json()).toMatchObject({ code: 'not-certified' });
  });

  it("refuses someone else's attempt (404), a wrong number of answers and unknown fields (400)", async () => {
    const { server, app } = env();
    const site = await createSite(app);
    const owner = await signIn(server, app, ['courier'], site.id);
    const other = await signIn(server, app, ['courier'], site.id);
    const course = await createCourse(app, 'law-and-ethics');
    const attempt = await app.training.startAttempt(staffContext(owner.staff), course.id);
    const foreign = await server.inject({
      method: 'POST',
      url: `/api/v1/training/attempts/${attempt.id}/submit`,
      headers: other.headers,
      payload: { answers: attempt.questions.map(() => 0) },
    });
    expect(foreign.statusCode).toBe(404);
    const wrongCount = await server.inject({
      method: 'POST',
      url: `/api/v1/training/attempts/${attempt.id}/submit`,
      headers: owner.headers,
      payload: { answers: [0] },
    });
    expect(wrongCount.statusCode).toBe(400);
    expect(wrongCount.json<{ errors: { path: string }[] }>().errors[0]!.path).toBe('/body/answers');
    const unknownField = await server.inject({
      method: 'POST',
      url: '/api/v1/training/attempts',
      headers: owner.headers,
      payload: { courseId: course.id, cheat: true },
    });
    expect(unknownField.statusCode).toBe(400);
  });

  it('imports attendance from CSV, recording the good lines and naming each bad one', async () => {
    const { server, app } = env();
    const site = await createSite(app);
    const otherSite = await createSite(app);
    const manager = await signIn(server, app, ['station-manager'], site.id);
    const trainee = await signIn(server, app, ['courier'], site.id);
    const course = await createCourse(app, 'national-security-awareness');
    // A trainer from headquarters: outside the station manager's staff list.
    const trainer = (await createStaffMember(app, ['security-officer'])).staff;
    const now = app.clock.now();
    const session = await app.training.scheduleSession(adminContext(), {
      courseId: course.id,
      siteId: site.id,
      trainerId: trainer.id,
      startsAt: now,
      endsAt: now + 3_600_000,
      mode: 'in-person',
      location: 'meeting room',
    });
    const foreign = await app.training.scheduleSession(adminContext(), {
      courseId: course.id,
      siteId: otherSite.id,
      trainerId: manager.staff.id,
      startsAt: now,
      endsAt: now + 3_600_000,
      mode: 'online',
    });
    const csv = [
      'session,username,status,note',
      `${session.id},${trainee.staff.username},booked,`,
      `${session.id},${trainee.staff.username},partly attended,"left early, sick"`,
      `${session.id},nobody-here,attended,`,
      `${session.id},${trainee.staff.username},asleep,`,
      `${foreign.id},${trainee.staff.username},attended,`,
      `,${trainee.staff.username},attended,`,
      `"${session.id},${trainee.staff.username},attended`,
    ].join('\n');
    const response = await server.inject({
      method: 'POST',
      url: '/api/v1/training/attendance/import',
      headers: manager.headers,
      payload: { csv },
    });
    expect(response.statusCode).toBe(200);
    const summary = response.json<{ recorded: number; errors: { line: number; message: string }[] }>();
    expect(summary.recorded).toBe(2);
    expect(summary.errors.map((error) => error.line)).toEqual([4, 5, 6, 7, 8]);
    expect(summary.errors[0]!.message).toContain('nobody-here');
    expect(summary.errors[1]!.message).toContain('status');
    expect(summary.errors[2]!.message).toContain('not-found');
    expect(summary.errors[4]!.message).toContain('quoted');

    const roster = await server.inject({
      method: 'GET',
      url: `/api/v1/training/sessions/${session.id}`,
      headers: manager.headers,
    });
    expect(roster.json()).toMatchObject({
      session: { trainerId: trainer.id, trainerName: trainer.name },
      attendees: [
        {
          staffId: trainee.staff.id,
          name: trainee.staff.name,
          status: 'partly-attended',
          history: [{ status: 'booked' }, { status: 'partly-attended', note: 'left early, sick' }],
        },
      ],
    });
    const sessions = await server.inject({ url: '/api/v1/training/sessions', headers: manager.headers });
    expect(sessions.json()).toMatchObject([{ id: session.id, trainerName: trainer.name }]);
    const staffList = await server.inject({ url: '/api/v1/staff', headers: manager.headers });
    expect(staffList.json<{ id: string }[]>().map((member) => member.id)).not.toContain(trainer.id);
  });

  it('needs a cleared background check for X-ray operation; a failed one revokes it', async () => {
    const { server, app } = env();
    const hub = await createSite(app, 'hub');
    const screener = await signIn(server, app, ['screener'], hub.id);
    const manager = await signIn(server, app, ['station-manager'], hub.id);
    const course = await createCourse(app, 'xray-operation');
    const refused = await server.inject({
      method: 'POST',
      url: '/api/v1/training/attempts',
      headers: screener.headers,
      payload: { courseId: course.code },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'not-certified' });

    const today = new Date(app.clock.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const cleared = await server.inject({
      method: 'POST',
      url: `/api/v1/training/staff/${screener.staff.id}/background-checks`,
      headers: manager.headers,
      payload: { status: 'cleared', checkedOn: today, note: 'police record check' },
    });
    expect(cleared.statusCode).toBe(201);
    expect(cleared.json()).toMatchObject({ status: 'cleared', recordedBy: `staff:${manager.staff.id}` });
    // The note may carry the vetting authority's findings: it is read back, but stored only encrypted.
    const listed = await server.inject({
      method: 'GET',
      url: `/api/v1/training/staff/${screener.staff.id}/background-checks`,
      headers: manager.headers,
    });
    expect(listed.json()).toMatchObject([{ note: 'police record check' }]);
    const stored = await app.store.db
      .selectFrom('training_background_checks')
      .select(['note', 'note_enc'])
      .where('staff_id', '=', screener.staff.id)
      .executeTakeFirstOrThrow();
    expect(stored.note).toBeNull();
    expect(stored.note_enc).not.toContain('police');
    const { submitted } = await takeAssessment(server, screener.headers, course.id, (q) =>
      bankAnswer(q.prompt),
    );
    expect(submitted.json()).toMatchObject({ certificate: { certification: 'xray-operation' } });
    expect(await app.staff.hasValidCertification(screener.staff.id, 'xray-operation')).toBe(true);

    await app.training.recordBackgroundCheck(adminContext(), screener.staff.id, {
      status: 'failed',
      checkedOn: today,
    });
    expect(await app.staff.hasValidCertification(screener.staff.id, 'xray-operation')).toBe(false);
  });

  it('accepts a manual certificate only with a reason', async () => {
    const { server, app } = env();
    const site = await createSite(app);
    const courier = await signIn(server, app, ['courier'], site.id);
    const course = await createCourse(app, 'law-and-ethics');
    const { headers } = await admin(server, app);
    const today = new Date(app.clock.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const noReason = await server.inject({
      method: 'POST',
      url: '/api/v1/training/certificates',
      headers,
      payload: { staffId: courier.staff.id, courseId: course.id, validFrom: today, reason: 'short' },
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual([
      '/body/reason',
    ]);
    const entered = await server.inject({
      method: 'POST',
      url: '/api/v1/training/certificates',
      headers,
      payload: {
        staffId: courier.staff.id,
        courseId: course.id,
        validFrom: today,
        reason: 'trained at the previous employer, paper record on file',
      },
    });
    expect(entered.statusCode).toBe(201);
    expect(entered.json()).toMatchObject({ source: 'manual', score: null, certification: 'law-and-ethics' });
    const byCourier = await server.inject({
      method: 'POST',
      url: '/api/v1/training/certificates',
      headers: courier.headers,
      payload: {
        staffId: courier.staff.id,
        courseId: course.id,
        validFrom: today,
        reason: 'I trained myself, honest',
      },
    });
    expect(byCourier.statusCode).toBe(403);
  });

  it("answers due lists and coverage for the manager's own site only, naming a bad month", async () => {
    const { server, app } = env();
    const site = await createSite(app);
    const other = await createSite(app);
    const manager = await signIn(server, app, ['station-manager'], site.id);
    const get = (url: string) => server.inject({ method: 'GET', url, headers: manager.headers });
    const badMonth = await get(`/api/v1/training/coverage?month=2026-13&siteId=${site.id}`);
    expect(badMonth.statusCode).toBe(400);
    expect(badMonth.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual([
      '/query/month',
    ]);
    expect((await get(`/api/v1/training/due?siteId=${other.id}`)).statusCode).toBe(403);
    const reminders = await get('/api/v1/training/reminders');
    expect(reminders.statusCode).toBe(200);
    // The manager holds only the onboarding the factory records: the rest is overdue.
    expect(
      reminders.json<{ staffId: string; state: string }[]>().filter((r) => r.staffId === manager.staff.id),
    ).toEqual(expect.arrayContaining([expect.objectContaining({ state: 'overdue' })]));
  });
});
