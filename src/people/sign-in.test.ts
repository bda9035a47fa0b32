// Sign-in throttling over HTTP: bursts, lockouts per account and address, growing delays, spraying. The HTTP
// rate limits are off here so that only the throttle answers 429.
import { beforeEach, expect, it, vi } from 'vitest';
import type { Server } from '../http/server.js';
import { ManualClock } from '../platform/clock.js';
import { auditEntriesAfter, auditHead, createStaffMember, describeEachDialect } from '../testing/test-app.js';
import type * as Passwords from './passwords.js';

// Counts the passwords actually checked, each made slow (as under load) so that every request of a burst
// arrives before the first check ends.
const checks = vi.hoisted(() => ({ count: 0, delayMs: 0 }));
vi.mock('./passwords.js', async (importOriginal) => {
  const original = await importOriginal<typeof Passwords>();
  return {
    ...original,
    isPasswordCorrect: async (passwordHash: string, password: string) => {
      checks.count += 1;
      await new Promise((resolve) => setTimeout(resolve, checks.delayMs));
      return original.isPasswordCorrect(passwordHash, password);
    },
  };
});

beforeEach(() => {
  checks.count = 0;
  checks.delayMs = 0;
});

const NO_RATE_LIMITS = { rateLimitPerMinute: 0, loginRateLimitPerMinute: 0 };

function signInFrom(server: Server, remoteAddress: string, username: string, password: string) {
  return server.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password },
    remoteAddress,
  });
}

function statusCounts(statuses: number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

const clock = new ManualClock(Date.parse('2026-11-28T08:00:00Z'));

describeEachDialect(
  'sign-in throttling',
  (env) => {
    it('checks at most the limit of passwords in a burst of 60 concurrent wrong sign-ins', async () => {
      const { server, app } = env();
      const { staff } = await createStaffMember(app, ['courier']);
      checks.count = 0;
      checks.delayMs = 200;
      const answers = await Promise.all(
        Array.from({ length: 60 }, () => signInFrom(server, '10.3.0.1', staff.username, 'not the password')),
      );
      const counts = statusCounts(answers.map((answer) => answer.statusCode));
      expect(counts[401]).toBeLessThanOrEqual(5);
      expect((counts[401] ?? 0) + (counts[429] ?? 0)).toBe(60);
      expect(checks.count).toBeLessThanOrEqual(5);
      const refused = answers.find((answer) => answer.statusCode === 429)!;
      expect(refused.json()).toMatchObject({ code: 'too-many-attempts' });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    });

    it('checks at most the limit in a burst that mixes the right password with wrong ones', async () => {
      const { server, app } = env();
      const { staff, password } = await createStaffMember(app, ['courier']);
      const before = await auditHead(app);
      checks.count = 0;
      checks.delayMs = 200;
      const answers = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          signInFrom(server, '10.3.0.2', staff.username, i % 3 === 0 ? password : 'not the password'),
        ),
      );
      const counts = statusCounts(answers.map((answer) => answer.statusCode));
      expect(checks.count).toBeLessThanOrEqual(5);
      expect((counts[200] ?? 0) + (counts[401] ?? 0)).toBeLessThanOrEqual(5);
      expect((counts[200] ?? 0) + (counts[401] ?? 0) + (counts[429] ?? 0)).toBe(60);
      // Every successful sign-in opened a session, each audited.
      const opened = (await auditEntriesAfter(app, before)).filter((e) => e.action === 'session.opened');
      expect(opened).toHaveLength(counts[200] ?? 0);
      expect(opened.every((entry) => entry.subjectId === staff.id)).toBe(true);
    });

    it('lets a real user sign in from an address where a made-up user was locked out', async () => {
      const { server, app } = env();
      const { staff, password } = await createStaffMember(app, ['courier']);
      for (let i = 0; i < 5; i += 1) {
        expect((await signInFrom(server, '10.3.0.3', 'no.such.person', 'a guess at it')).statusCode).toBe(
          401,
        );
      }
      // The made-up name is answered like a real one: locked.
      expect((await signInFrom(server, '10.3.0.3', 'no.such.person', 'a guess at it')).statusCode).toBe(429);
      const before = await auditHead(app);
      const real = await signInFrom(server, '10.3.0.3', staff.username, password);
      expect(real.statusCode).toBe(200);
      expect(await auditEntriesAfter(app, before)).toMatchObject([
        { action: 'session.opened', subjectId: staff.id, actorId: staff.id },
      ]);
    });

    it('does not lock the admin out of one address because of failures from another', async () => {
      const { server, app } = env();
      const { staff: admin, password } = await createStaffMember(app, ['admin']);
      for (let i = 0; i < 5; i += 1) {
        expect((await signInFrom(server, '203.0.113.66', admin.username, 'a guess at it')).statusCode).toBe(
          401,
        );
      }
      expect((await signInFrom(server, '203.0.113.66', admin.username, password)).statusCode).toBe(429);
      const before = await auditHead(app);
      expect((await signInFrom(server, '10.3.0.4', admin.username, password)).statusCode).toBe(200);
      expect(await auditEntriesAfter(app, before)).toMatchObject([
        { action: 'session.opened', subjectId: admin.id },
      ]);
    });

    it('locks an address out of an account for longer after each further failure', async () => {
      const { server, app } = env();
      const { staff, password } = await createStaffMember(app, ['courier']);
      const attempt = (pw: string) => signInFrom(server, '10.3.0.5', staff.username, pw);
      for (let i = 0; i < 5; i += 1) expect((await attempt('a guess at it')).statusCode).toBe(401);
      const waits: number[] = [];
      for (let lockout = 0; lockout < 5; lockout += 1) {
        const refused = await attempt(password);
        expect(refused.statusCode).toBe(429);
        waits.push(Number(refused.headers['retry-after']));
        clock.advance(waits.at(-1)! * 1000);
        expect((await attempt('a guess at it')).statusCode).toBe(401);
      }
      expect(waits).toEqual([60, 120, 240, 480, 900]);
      expect(Number((await attempt(password)).headers['retry-after'])).toBe(900);
      clock.advance(900_000);
      expect((await attempt(password)).statusCode).toBe(200);
    });
  },
  { clock, config: NO_RATE_LIMITS },
);

describeEachDialect(
  'sign-in throttling across accounts and addresses',
  (env) => {
    it('refuses an address that sprays passwords over many accounts, and only that address', async () => {
      const { server, app } = env();
      const { staff, password } = await createStaffMember(app, ['courier']);
      for (let i = 0; i < 8; i += 1) {
        expect((await signInFrom(server, '192.0.2.10', `sprayed${i}`, 'Summer2026!!!')).statusCode).toBe(401);
      }
      const refused = await signInFrom(server, '192.0.2.10', staff.username, password);
      expect(refused.statusCode).toBe(429);
      expect(refused.json()).toMatchObject({ code: 'too-many-attempts' });
      expect((await signInFrom(server, '192.0.2.11', staff.username, password)).statusCode).toBe(200);
    });

    it('locks an account everywhere after failures spread over many addresses', async () => {
      const { server, app } = env();
      const { staff, password } = await createStaffMember(app, ['admin']);
      for (let address = 0; address < 6; address += 1) {
        for (let i = 0; i < 2; i += 1) {
          const answer = await signInFrom(server, `198.51.100.${address}`, staff.username, 'a guess at it');
          expect(answer.statusCode).toBe(401);
        }
      }
      expect((await signInFrom(server, '10.3.0.6', staff.username, password)).statusCode).toBe(429);
    });
  },
  {
    config: {
      ...NO_RATE_LIMITS,
      loginMaxFailures: 3,
      loginAccountMaxFailures: 12,
      loginAddressMaxFailures: 8,
    },
  },
);
