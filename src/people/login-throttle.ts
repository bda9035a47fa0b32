// Sign-in throttling, counted before the password is checked: an attempt takes a slot synchronously, before
// the first await, so a burst of concurrent guesses cannot all get past a limit that only finished attempts
// would fill. A wrong password keeps its slot as a failure; a right one gives it back.
//
// Three counts, so that a guesser cannot lock out a real user and a typo cannot lock out a whole office:
// - account from one address: `maxFailures` failures lock that address out of that account, first for a
//   minute, then each further failure without a success locks it again for twice as long, up to the lockout
//   maximum. The real user at another address is not affected;
// - account from every address: `accountMaxFailures` failures within the lockout window lock the account
//   everywhere (bounds guessing spread over many addresses, at the price that such an attack locks the user
//   out too);
// - address, any accounts: `addressMaxFailures` failures within the window refuse the address (password
//   spraying); high, so that a few wrong names do not stop the other people behind the same address.
// Unknown usernames are counted like real ones, so the answers do not tell which exist.
//
// Kept in memory, per API node: with several nodes each counts on its own (a guesser spreading attempts
// over N nodes gets up to N times the limits) and a restart forgets everything, which only gives a guesser a
// few more attempts. An account's failures from one address are forgotten a day after the last one (so a
// lockout's growth outlasts the lockout), the other counts when they leave their window.

const FIRST_LOCKOUT_MS = 60_000;
const FORGET_AFTER_MS = 24 * 60 * 60_000;
// Beyond this many keys in one map, stale keys are dropped, then the oldest: memory stays bounded when
// attempts name endless made-up usernames from endless addresses.
const MAX_KEYS = 100_000;

export interface LoginThrottleOptions {
  maxFailures: number;
  accountMaxFailures: number;
  addressMaxFailures: number;
  /** The longest lockout, and the window of the account-wide and per-address counts. */
  lockoutMs: number;
}

/** A reserved attempt: settle it exactly once. */
export interface LoginAttempt {
  readonly granted: true;
  /** The password was right: the slot is given back and this address's failures for the account cleared. */
  succeeded(): void;
  /** The password (or username) was wrong: the slot stays, as a failure. */
  failed(): void;
  /** No verdict on the password (the store failed): the slot is given back, nothing is counted. */
  release(): void;
}

export type LoginReservation = LoginAttempt | { readonly granted: false; readonly retryAfterSeconds: number };

/** Failures of one account from one address. */
interface Strikes {
  /** Failures since the last success, lowered to one short of the limit after each lockout. */
  failures: number;
  /** Attempts reserved and not settled yet. */
  pending: number;
  lockouts: number;
  lockedUntil: number;
  lastAt: number;
}

export class LoginThrottle {
  private readonly pairs = new Map<string, Strikes>();
  /** Times of the failures (and reserved attempts) of each account, and of each address. */
  private readonly accounts = new Map<string, number[]>();
  private readonly addresses = new Map<string, number[]>();

  constructor(
    private readonly options: LoginThrottleOptions,
    private readonly now: () => number,
  ) {}

  /** Reserves one attempt of `account` from `address`, or says how long to wait. Synchronous on purpose. */
  reserve(account: string, address: string): LoginReservation {
    const now = this.now();
    const pairKey = `${account}\n${address}`;
    const pair = this.pairs.get(pairKey);
    const windowStart = now - this.options.lockoutMs;
    const accountTimes = recent(this.accounts.get(account), windowStart);
    const addressTimes = recent(this.addresses.get(address), windowStart);
    const wait = Math.max(
      pairWait(pair, this.options.maxFailures, now),
      windowWait(accountTimes, this.options.accountMaxFailures, this.options.lockoutMs, now),
      windowWait(addressTimes, this.options.addressMaxFailures, this.options.lockoutMs, now),
    );
    if (wait > 0) return { granted: false, retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) };

    const strikes = pair ?? { failures: 0, pending: 0, lockouts: 0, lockedUntil: 0, lastAt: now };
    strikes.pending += 1;
    strikes.lastAt = now;
    accountTimes.push(now);
    addressTimes.push(now);
    const pastWindow = (times: number[]) => (times.at(-1) ?? 0) <= windowStart;
    setBounded(this.pairs, pairKey, strikes, (value) => value.pending === 0 && isStale(value.lastAt, now));
    setBounded(this.accounts, account, accountTimes, pastWindow);
    setBounded(this.addresses, address, addressTimes, pastWindow);

    let settled = false;
    const settle = (outcome: 'succeeded' | 'failed' | 'released') => {
      if (settled) return;
      settled = true;
      const current = this.pairs.get(pairKey);
      if (current !== undefined) current.pending = Math.max(0, current.pending - 1);
      if (outcome === 'failed') {
        this.recordPairFailure(pairKey, current);
        return;
      }
      // The slot is given back: one entry of this attempt's time leaves both windows.
      removeOne(this.accounts.get(account), now);
      removeOne(this.addresses.get(address), now);
      if (outcome === 'succeeded' && current !== undefined) {
        Object.assign(current, { failures: 0, lockouts: 0, lockedUntil: 0 });
        if (current.pending === 0) this.pairs.delete(pairKey);
      }
    };
    return {
      granted: true,
      succeeded: () => settle('succeeded'),
      failed: () => settle('failed'),
      release: () => settle('released'),
    };
  }

  private recordPairFailure(key: string, strikes: Strikes | undefined): void {
    const now = this.now();
    // Dropped meanwhile (the map was full): count the failure afresh.
    const current = strikes ?? { failures: 0, pending: 0, lockouts: 0, lockedUntil: 0, lastAt: now };
    current.failures += 1;
    current.lastAt = now;
    if (current.failures >= this.options.maxFailures) {
      current.lockouts += 1;
      const delay = FIRST_LOCKOUT_MS * 2 ** Math.min(current.lockouts - 1, 30);
      current.lockedUntil = now + Math.min(delay, this.options.lockoutMs);
      // After a lockout one more attempt is allowed; failing it locks again, for twice as long.
      current.failures = this.options.maxFailures - 1;
    }
    if (strikes === undefined) setBounded(this.pairs, key, current, () => false);
  }
}

/** Milliseconds until a pair may try again: locked, or its remaining attempts all reserved. */
function pairWait(strikes: Strikes | undefined, maxFailures: number, now: number): number {
  if (strikes === undefined) return 0;
  if (strikes.lockedUntil > now) return strikes.lockedUntil - now;
  // Attempts in flight fill the remaining ones: they settle within a password check, about a second at most.
  return strikes.failures + strikes.pending >= maxFailures ? 1000 : 0;
}

/** Milliseconds until a window of failure times holds fewer than `limit`. */
function windowWait(times: readonly number[], limit: number, windowMs: number, now: number): number {
  if (times.length < limit) return 0;
  return Math.max(1, times[times.length - limit]! + windowMs - now);
}

function recent(times: number[] | undefined, after: number): number[] {
  return (times ?? []).filter((at) => at > after);
}

function removeOne(times: number[] | undefined, at: number): void {
  const index = times?.lastIndexOf(at) ?? -1;
  if (index >= 0) times!.splice(index, 1);
}

function isStale(lastAt: number, now: number): boolean {
  return lastAt <= now - FORGET_AFTER_MS;
}

function setBounded<V>(map: Map<string, V>, key: string, value: V, stale: (value: V) => boolean): void {
  // Delete first so the key moves to the end: the map's order is then the order of last use.
  map.delete(key);
  map.set(key, value);
  if (map.size <= MAX_KEYS) return;
  for (const [candidate, held] of map) if (stale(held)) map.delete(candidate);
  for (const candidate of map.keys()) {
    if (map.size <= MAX_KEYS * 0.9) break;
    map.delete(candidate);
  }
}
