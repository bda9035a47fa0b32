// Training through the services, with a clock we move: expiry judged on the China calendar date, coverage per site
// and month recounted here from the raw certifications, offline verification of a signed certificate, the due
// list, and the grant of onboarding to staff registered before training was recorded.
import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { chinaDate, ManualClock } from '../platform/clock.js';
import { grantPreTrainingOnboarding } from '../platform/database/migrations/1795881600013-Training.js';
import { certify, intakeBody } from '../testing/parcel-factories.js';
import { adminContext, createSite, createStaffMember, describeEachDialect } from '../testing/test-app.js';
import { bankAnswer, catalogueAnswer, createCourse, staffContext } from '../testing/training-factories.js';
import { verifySignedCertificate } from './certificate-signing.js';
import type { Certificate } from './training.types.js';

// 10:00 in Beijing on 10 March 2026.
const START = Date.parse('2026-03-10T02:00:00Z');
const clock = new ManualClock(START);
const DAY = 86_400_000;

describeEachDialect(
  'training certificates over time',
  (env) => {
    it('lets a certificate holder inspect through its last China calendar day, and not after', async () => {
      const { app } = env();
      clock.set(START);
      const site = await createSite(app);
      const { staff } = await createStaffMember(app, ['courier'], site.id);
      const course = await createCourse(app, 'prohibited-items-identification', { validityDays: 30 });
      const attempt = await app.training.startAttempt(staffContext(staff), course.id);
      const answers = [];
      for (const question of attempt.questions)
        answers.push(await catalogueAnswer(app, question.description!));
      const { certificate } = await app.training.submitAttempt(staffContext(staff), attempt.id, answers);
      // 30 days from 10 March, counting the first: valid until 8 April.
      expect(certificate).toMatchObject({ validFrom: '2026-03-10', validUntil: '2026-04-08' });

      const inspectNow = async () => {
        const body = intakeBody(site.id, { courierId: staff.id });
        await app.parcels.intake(adminContext(), body);
        return app.parcels.inspect(adminContext(), body.waybillNo, {
          outcome: 'consistent',
          inspectorId: staff.id,
        });
      };
      clock.set(Date.parse('2026-04-08T15:30:00Z')); // 23:30 on 8 April in Beijing
      await expect(inspectNow()).resolves.toMatchObject({ state: 'accepted' });
      clock.set(Date.parse('2026-04-08T16:30:00Z')); // 00:30 on 9 April in Beijing, still 8 April in UTC
      await expect(inspectNow()).rejects.toMatchObject({ code: 'not-certified' });
    });

    it('closes the onboarding gate when onboarding expires, and lists who is due and overdue', async () => {
      const { app } = env();
      clock.set(START);
      const site = await createSite(app);
      const { staff } = await createStaffMember(app, ['courier'], site.id, { untrained: true });
      const onboarding = await createCourse(app, 'onboarding-safety', { validityDays: 10 });
      expect(await app.training.isOnboarded(staff.id)).toBe(false);
      await expect(
        app.training.throwIfNotOnboarded(
          { type: 'staff', id: staff.id, roles: ['courier'], siteId: site.id },
          'parcels:intake',
        ),
      ).rejects.toMatchObject({ code: 'not-certified' });
      const attempt = await app.training.startAttempt(staffContext(staff), onboarding.id);
      await app.training.submitAttempt(
        staffContext(staff),
        attempt.id,
        attempt.questions.map((q) => bankAnswer(q.prompt)),
      );
      expect(await app.training.isOnboarded(staff.id)).toBe(true);

      const due = await app.training.due(adminContext(), { siteId: site.id, withinDays: 30 });
      const mine = due.filter((item) => item.staffId === staff.id);
      expect(mine.map((item) => [item.certification, item.state, item.daysLeft])).toEqual([
        ['national-security-awareness', 'overdue', null],
        ['law-and-ethics', 'overdue', null],
        ['prohibited-items-identification', 'overdue', null],
        ['safety-training', 'due', 9],
      ]);

      clock.advance(10 * DAY);
      expect(await app.training.isOnboarded(staff.id)).toBe(false);
      const later = await app.training.due(adminContext(), { siteId: site.id, withinDays: 0 });
      expect(
        later.find((item) => item.staffId === staff.id && item.certification === 'safety-training'),
      ).toMatchObject({
        state: 'overdue',
        validUntil: '2026-03-19',
        daysLeft: -1,
      });
    });

    it('verifies a certificate offline with the public key alone and refuses a tampered one', async () => {
      const { app } = env();
      clock.set(START);
      const { staff } = await createStaffMember(app, ['courier']);
      const course = await createCourse(app, 'law-and-ethics');
      const certificate: Certificate = await app.training.issueManualCertificate(adminContext(), {
        staffId: staff.id,
        courseId: course.id,
        validFrom: '2026-03-01',
        reason: 'classroom training before the system, signed sheet on file',
      });
      const keys = new Map(app.signer.publicKeys().map((key) => [key.keyId, key.publicKeyPem]));
      const text = JSON.stringify(certificate.document);
      expect(verifySignedCertificate(text, keys, '2026-03-10')).toMatchObject({
        valid: true,
        validOn: true,
        statement: { staffId: staff.id, validUntil: '2027-02-28', courseCode: course.code },
      });
      expect(verifySignedCertificate(text, keys, '2027-03-01')).toMatchObject({
        valid: true,
        validOn: false,
      });

      const tampered = structuredClone(certificate.document);
      tampered.statement.validUntil = '2099-12-31';
      expect(verifySignedCertificate(tampered, keys)).toMatchObject({
        valid: false,
        reason: 'bad-signature',
      });
      expect(verifySignedCertificate({ ...certificate.document, keyId: 'nope' }, keys)).toMatchObject({
        valid: false,
        reason: 'unknown-key',
      });
      expect(verifySignedCertificate('{"statement":{}}', keys)).toMatchObject({
        valid: false,
        reason: 'malformed',
      });

      expect(await app.training.verifyCertificate(certificate.document)).toMatchObject({
        valid: true,
        revoked: false,
      });
      await app.training.revokeCertificate(adminContext(), certificate.id, 'sheet found to be forged');
      expect(await app.training.verifyCertificate(certificate.document)).toMatchObject({
        valid: true,
        revoked: true,
      });
      expect(await app.staff.hasValidCertification(staff.id, 'law-and-ethics')).toBe(false);
    });

    it('counts coverage per site and month as the certifications say, recounted here', async () => {
      const { app } = env();
      clock.set(START);
      const site = await createSite(app);
      const other = await createSite(app);
      const full = await createStaffMember(app, ['courier'], site.id);
      const partial = await createStaffMember(app, ['courier'], site.id);
      const screener = await createStaffMember(app, ['screener'], site.id, { untrained: true });
      await createStaffMember(app, ['courier'], other.id);
      for (const kind of [
        'national-security-awareness',
        'law-and-ethics',
        'prohibited-items-identification',
      ] as const)
        await certify(app, full.staff.id, kind);
      await certify(app, partial.staff.id, 'prohibited-items-identification');
      await certify(app, screener.staff.id, 'xray-operation');
      const revoked = await app.staff.grantCertification(adminContext(), partial.staff.id, {
        reason: 'carried over from a paper record',
        kind: 'law-and-ethics',
        issuedOn: '2026-03-01',
        expiresOn: '2026-12-31',
      });
      await app.staff.revokeCertification(adminContext(), revoked.id);

      const [row] = await app.training.coverage(adminContext(), { month: '2026-03', siteId: site.id });
      expect(row!.countedOn).toBe('2026-03-10');

      // The recount: every person of the site, every certification they hold, by hand.
      const today = chinaDate(clock.now());
      const required: Record<string, string[]> = {
        courier: [
          'safety-training',
          'national-security-awareness',
          'law-and-ethics',
          'prohibited-items-identification',
        ],
        screener: [
          'safety-training',
          'national-security-awareness',
          'law-and-ethics',
          'prohibited-items-identification',
          'xray-operation',
        ],
      };
      const expected = new Map<string, { required: number; current: number }>();
      for (const member of [full.staff, partial.staff, screener.staff]) {
        const held = (await app.staff.findCertifications(adminContext(), member.id)).filter(
          (c) => c.revokedAt === null && c.issuedOn <= today && c.expiresOn >= today,
        );
        for (const kind of required[member.roles[0]!]!) {
          const tally = expected.get(kind) ?? { required: 0, current: 0 };
          tally.required += 1;
          if (held.some((c) => c.kind === kind)) tally.current += 1;
          expected.set(kind, tally);
        }
      }
      expect(
        Object.fromEntries(
          row!.requirements.map((r) => [r.certification, { required: r.required, current: r.current }]),
        ),
      ).toEqual(Object.fromEntries(expected));
      expect(row!.requirements.find((r) => r.certification === 'safety-training')).toMatchObject({
        required: 3,
        current: 2,
        ratio: 0.6667,
      });
      expect(row!.requirements.find((r) => r.certification === 'law-and-ethics')).toMatchObject({
        required: 3,
        current: 1,
      });

      // A past month counts its last day: nobody here was registered by then.
      const [february] = await app.training.coverage(adminContext(), { month: '2026-02', siteId: site.id });
      expect(february).toMatchObject({ countedOn: '2026-02-28', requirements: [] });
      await expect(app.training.coverage(adminContext(), { month: '2026-04' })).rejects.toMatchObject({
        code: 'validation-failed',
      });
    });

    it('grants onboarding to staff registered before training was recorded, once', async () => {
      const { app } = env();
      clock.set(START);
      const { staff } = await createStaffMember(app, ['courier'], undefined, { untrained: true });
      expect(await app.training.isOnboarded(staff.id)).toBe(false);
      expect(
        await grantPreTrainingOnboarding(app.store.db as unknown as Kysely<unknown>),
      ).toBeGreaterThanOrEqual(1);
      expect(await app.training.isOnboarded(staff.id)).toBe(true);
      expect(await grantPreTrainingOnboarding(app.store.db as unknown as Kysely<unknown>)).toBe(0);
    });
  },
  { clock },
);
