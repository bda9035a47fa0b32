// The signature scheme receivers implement: what verifies, what does not (tampering, replays, missing headers).
import { describe, expect, it } from 'vitest';
import {
  newWebhookSecret,
  signWebhook,
  verifyWebhookSignature,
  webhookHeaders,
} from './webhook-signature.js';

const NOW = Date.UTC(2026, 11, 7, 3, 0, 0);
const SECONDS = Math.floor(NOW / 1000);
const BODY = '{"id":"e1","kind":"case.opened"}';

describe('webhook signatures', () => {
  it('signs HMAC-SHA256 over "<id>.<timestamp>.<body>" (a value a receiver can recompute by hand)', () => {
    // printf '%s' 'd1.1700000000.{}' | openssl dgst -sha256 -hmac whsec_test
    expect(signWebhook('whsec_test', 'd1', 1700000000, '{}')).toBe(
      '9d3fb219def634b290b5d05f62dd904229477fde9efa2551399ced8ae86cd523',
    );
  });

  it('accepts its own signature, with headers in any letter case or as a Headers object', () => {
    const secret = newWebhookSecret();
    const headers = webhookHeaders([secret], 'd1', SECONDS, BODY);
    expect(verifyWebhookSignature(secret, headers, BODY, NOW)).toEqual({
      ok: true,
      id: 'd1',
      timestamp: SECONDS,
    });
    const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    expect(verifyWebhookSignature(secret, lower, BODY, NOW).ok).toBe(true);
    expect(verifyWebhookSignature(secret, new Headers(headers), BODY, NOW).ok).toBe(true);
  });

  it('rejects a tampered body, another id, another secret, and a missing header', () => {
    const secret = newWebhookSecret();
    const headers = webhookHeaders([secret], 'd1', SECONDS, BODY);
    expect(verifyWebhookSignature(secret, headers, BODY.replace('opened', 'closed'), NOW)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(verifyWebhookSignature(secret, { ...headers, 'ParcelGuard-Webhook-Id': 'd2' }, BODY, NOW).ok).toBe(
      false,
    );
    expect(verifyWebhookSignature(newWebhookSecret(), headers, BODY, NOW).ok).toBe(false);
    const { 'ParcelGuard-Webhook-Signature': _dropped, ...unsigned } = headers;
    expect(verifyWebhookSignature(secret, unsigned, BODY, NOW)).toEqual({
      ok: false,
      reason: 'missing-headers',
    });
  });

  it('rejects a timestamp outside the window (a replay, or a clock far ahead) and one that is not a number', () => {
    const secret = newWebhookSecret();
    const old = webhookHeaders([secret], 'd1', SECONDS - 301, BODY);
    expect(verifyWebhookSignature(secret, old, BODY, NOW)).toEqual({ ok: false, reason: 'stale-timestamp' });
    const edge = webhookHeaders([secret], 'd1', SECONDS - 300, BODY);
    expect(verifyWebhookSignature(secret, edge, BODY, NOW).ok).toBe(true);
    const ahead = webhookHeaders([secret], 'd1', SECONDS + 301, BODY);
    expect(verifyWebhookSignature(secret, ahead, BODY, NOW).ok).toBe(false);
    expect(verifyWebhookSignature(secret, old, BODY, NOW, 600).ok).toBe(true);
    expect(
      verifyWebhookSignature(secret, { ...old, 'ParcelGuard-Webhook-Timestamp': '12e9' }, BODY, NOW),
    ).toEqual({ ok: false, reason: 'bad-timestamp' });
  });

  it('during a rotation carries one v1= entry per secret, and either secret verifies', () => {
    const [current, previous] = [newWebhookSecret(), newWebhookSecret()];
    const headers = webhookHeaders([current, previous], 'd1', SECONDS, BODY);
    expect(headers['ParcelGuard-Webhook-Signature']).toMatch(/^v1=[0-9a-f]{64} v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(current, headers, BODY, NOW).ok).toBe(true);
    expect(verifyWebhookSignature(previous, headers, BODY, NOW).ok).toBe(true);
  });
});
