import { describe, expect, it } from 'vitest';
import { LoginThrottle, type LoginReservation } from './login-throttle.js';

const MINUTE = 60_000;

function throttle(options: Partial<ConstructorParameters<typeof LoginThrottle>[0]> = {}) {
  const clock = { now: 1_000_000 };
  const instance = new LoginThrottle(
    { maxFailures: 5, accountMaxFailures: 20, addressMaxFailures: 30, lockoutMs: 15 * MINUTE, ...options },
    () => clock.now,
  );
  return { throttle: instance, clock };
}

function granted(reservation: LoginReservation) {
  if (!reservation.granted) throw new Error(`refused for ${reservation.retryAfterSeconds} s`);
  return reservation;
}

function waitOf(reservation: LoginReservation): number {
  return reservation.granted ? 0 : reservation.retryAfterSeconds;
}

describe('sign-in throttle', () => {
  it('counts an attempt when it is reserved: a concurrent burst gets no more than the limit', () => {
    const { throttle: t } = throttle();
    const burst = Array.from({ length: 60 }, () => t.reserve('li.si', '10.0.0.1'));
    expect(burst.filter((r) => r.granted)).toHaveLength(5);
    expect(burst.filter((r) => !r.granted).every((r) => waitOf(r) >= 1)).toBe(true);
  });

  it('gives the slot back on success or when no verdict was reached, and keeps it on failure', () => {
    const { throttle: t } = throttle();
    for (let i = 0; i < 4; i += 1) granted(t.reserve('li.si', '10.0.0.1')).failed();
    granted(t.reserve('li.si', '10.0.0.1')).release();
    // A success clears this address's failures for the account: five more tries.
    granted(t.reserve('li.si', '10.0.0.1')).succeeded();
    for (let i = 0; i < 5; i += 1) granted(t.reserve('li.si', '10.0.0.1')).failed();
    expect(waitOf(t.reserve('li.si', '10.0.0.1'))).toBe(60);
  });

  it('locks one account for one address only, for a minute, then twice as long after each further failure', () => {
    const { throttle: t, clock } = throttle();
    for (let i = 0; i < 5; i += 1) granted(t.reserve('admin', '203.0.113.7')).failed();
    expect(waitOf(t.reserve('admin', '203.0.113.7'))).toBe(60);
    // The real admin elsewhere, and other accounts from the same address, are not affected.
    granted(t.reserve('admin', '10.0.0.1')).succeeded();
    granted(t.reserve('wang.wu', '203.0.113.7')).succeeded();

    const waits: number[] = [];
    for (let lockout = 0; lockout < 6; lockout += 1) {
      clock.now += waitOf(t.reserve('admin', '203.0.113.7')) * 1000;
      granted(t.reserve('admin', '203.0.113.7')).failed();
      waits.push(waitOf(t.reserve('admin', '203.0.113.7')));
    }
    // 2, 4, 8 minutes, then the 15-minute maximum.
    expect(waits).toEqual([120, 240, 480, 900, 900, 900]);

    clock.now += 900_000;
    granted(t.reserve('admin', '203.0.113.7')).succeeded();
    for (let i = 0; i < 5; i += 1) granted(t.reserve('admin', '203.0.113.7')).failed();
    expect(waitOf(t.reserve('admin', '203.0.113.7'))).toBe(60);
  });

  it('locks an account everywhere after failures from many addresses, until they leave the window', () => {
    const { throttle: t, clock } = throttle({ accountMaxFailures: 12 });
    for (let address = 0; address < 4; address += 1) {
      for (let i = 0; i < 3; i += 1) granted(t.reserve('admin', `198.51.100.${address}`)).failed();
    }
    expect(waitOf(t.reserve('admin', '10.0.0.1'))).toBe(15 * 60);
    granted(t.reserve('wang.wu', '10.0.0.1')).succeeded();
    clock.now += 15 * MINUTE;
    granted(t.reserve('admin', '10.0.0.1')).succeeded();
  });

  it('refuses an address spraying passwords over many accounts, and only that address', () => {
    const { throttle: t, clock } = throttle({ addressMaxFailures: 30 });
    for (let i = 0; i < 30; i += 1) granted(t.reserve(`user${i}`, '192.0.2.1')).failed();
    expect(waitOf(t.reserve('wang.wu', '192.0.2.1'))).toBe(15 * 60);
    granted(t.reserve('wang.wu', '192.0.2.2')).succeeded();
    clock.now += 15 * MINUTE;
    granted(t.reserve('wang.wu', '192.0.2.1')).succeeded();
  });

  it('settles an attempt once, however often it is told', () => {
    const { throttle: t } = throttle();
    const attempt = granted(t.reserve('li.si', '10.0.0.1'));
    attempt.failed();
    attempt.failed();
    attempt.succeeded();
    for (let i = 0; i < 4; i += 1) granted(t.reserve('li.si', '10.0.0.1')).failed();
    expect(waitOf(t.reserve('li.si', '10.0.0.1'))).toBe(60);
  });
});
