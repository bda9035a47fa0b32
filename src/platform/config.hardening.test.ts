import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration of sign-in throttling, rate limits, proxies and timeouts', () => {
  it('has defaults a busy counter never reaches and timeouts long enough for a batch upload', () => {
    expect(loadConfig({})).toMatchObject({
      loginMaxFailures: 5,
      loginLockoutMinutes: 15,
      loginAccountMaxFailures: 100,
      loginAddressMaxFailures: 100,
      trustProxy: false,
      rateLimitPerMinute: 6000,
      loginRateLimitPerMinute: 60,
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 300_000,
      keepAliveTimeoutMs: 72_000,
    });
  });

  it('reads a trusted proxy as true, a hop count, or a list of addresses and CIDRs', () => {
    expect(loadConfig({ PARCELGUARD_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ PARCELGUARD_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ PARCELGUARD_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ PARCELGUARD_TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(
      loadConfig({ PARCELGUARD_TRUST_PROXY: '10.0.0.0/8, 192.168.1.7,fd00::/8,loopback' }).trustProxy,
    ).toEqual(['10.0.0.0/8', '192.168.1.7', 'fd00::/8', 'loopback']);
    expect(problemsOf({ PARCELGUARD_TRUST_PROXY: '10.0.0.0/33,proxy.local' })).toEqual([
      expect.stringMatching(/^PARCELGUARD_TRUST_PROXY: must be true, false, a hop count/),
    ]);
  });

  it('turns the rate limits off with 0, and takes timeouts in seconds', () => {
    expect(
      loadConfig({
        PARCELGUARD_RATE_LIMIT_PER_MINUTE: '0',
        PARCELGUARD_LOGIN_RATE_LIMIT_PER_MINUTE: '0',
        PARCELGUARD_HEADERS_TIMEOUT_SECONDS: '5',
        PARCELGUARD_REQUEST_TIMEOUT_SECONDS: '900',
        PARCELGUARD_KEEP_ALIVE_TIMEOUT_SECONDS: '65',
      }),
    ).toMatchObject({
      rateLimitPerMinute: 0,
      loginRateLimitPerMinute: 0,
      headersTimeoutMs: 5000,
      requestTimeoutMs: 900_000,
      keepAliveTimeoutMs: 65_000,
    });
  });

  it('refuses account and address limits at or below the per-address limit, and a request timeout shorter than the head', () => {
    const problems = problemsOf({
      PARCELGUARD_LOGIN_MAX_FAILURES: '10',
      PARCELGUARD_LOGIN_ACCOUNT_MAX_FAILURES: '10',
      PARCELGUARD_LOGIN_ADDRESS_MAX_FAILURES: '5',
      PARCELGUARD_HEADERS_TIMEOUT_SECONDS: '60',
      PARCELGUARD_REQUEST_TIMEOUT_SECONDS: '30',
      PARCELGUARD_RATE_LIMIT_PER_MINUTE: '-1',
    });
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(
      /PARCELGUARD_LOGIN_ACCOUNT_MAX_FAILURES: must be greater than PARCELGUARD_LOGIN_MAX_FAILURES/,
    );
    expect(problems.join('\n')).toMatch(
      /PARCELGUARD_LOGIN_ADDRESS_MAX_FAILURES: must be greater than PARCELGUARD_LOGIN_MAX_FAILURES/,
    );
    expect(problems.join('\n')).toMatch(/PARCELGUARD_REQUEST_TIMEOUT_SECONDS: must not be less than/);
    expect(problems.join('\n')).toMatch(/PARCELGUARD_RATE_LIMIT_PER_MINUTE: must be a whole number/);
  });
});
