// Signing and verifying webhook deliveries. Exported for receivers: `verifyWebhookSignature` is all a receiver in
// Node needs (the CLI's `webhook verify` uses it offline). The scheme:
//   ParcelGuard-Webhook-Id:        the delivery id (the same on every retry)
//   ParcelGuard-Webhook-Timestamp: epoch seconds when this attempt was sent
//   ParcelGuard-Webhook-Signature: v1=<hex HMAC-SHA256(secret, "<id>.<timestamp>.<body>")>, space-separated; two
//                                  entries while a rotated-out secret is still in its grace period.
// The HMAC key is the secret exactly as shown (the `whsec_…` text, UTF-8).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const WEBHOOK_ID_HEADER = 'ParcelGuard-Webhook-Id';
export const WEBHOOK_TIMESTAMP_HEADER = 'ParcelGuard-Webhook-Timestamp';
export const WEBHOOK_SIGNATURE_HEADER = 'ParcelGuard-Webhook-Signature';

/** Receivers reject a delivery signed longer ago than this (or this far in the future): replays. */
export const DEFAULT_TOLERANCE_SECONDS = 5 * 60;

/** A fresh signing secret: 32 random bytes, base64url, with a prefix that says what it is. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** The hex HMAC-SHA256 of "<id>.<timestamp>.<body>" under `secret`. */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  return createHmac('sha256', secret).update(`${id}.${timestampSeconds}.${body}`).digest('hex');
}

/** The three headers of one attempt; one `v1=` entry per secret (current first). */
export function webhookHeaders(
  secrets: readonly string[],
  id: string,
  timestampSeconds: number,
  body: string,
): Record<string, string> {
  return {
    [WEBHOOK_ID_HEADER]: id,
    [WEBHOOK_TIMESTAMP_HEADER]: String(timestampSeconds),
    [WEBHOOK_SIGNATURE_HEADER]: secrets
      .map((secret) => `v1=${signWebhook(secret, id, timestampSeconds, body)}`)
      .join(' '),
  };
}

export type WebhookVerification =
  | { ok: true; id: string; timestamp: number }
  | { ok: false; reason: 'missing-headers' | 'bad-timestamp' | 'stale-timestamp' | 'bad-signature' };

type HeaderBag = Record<string, string | readonly string[] | undefined> | Headers;

function headerOf(headers: HeaderBag, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  const value = key === undefined ? undefined : headers[key];
  return typeof value === 'string' ? value : value?.[0];
}

/**
 * Checks a delivery as received: its headers (any letter case), the raw body exactly as received, `now` in epoch
 * milliseconds. Accepts when any `v1=` entry matches `secret` and the timestamp is within `toleranceSeconds` of
 * now (older ones are replays). Pure: no clock, no I/O.
 */
export function verifyWebhookSignature(
  secret: string,
  headers: HeaderBag,
  body: string,
  now: number,
  toleranceSeconds: number = DEFAULT_TOLERANCE_SECONDS,
): WebhookVerification {
  const id = headerOf(headers, WEBHOOK_ID_HEADER);
  const timestampText = headerOf(headers, WEBHOOK_TIMESTAMP_HEADER);
  const signature = headerOf(headers, WEBHOOK_SIGNATURE_HEADER);
  if (id === undefined || timestampText === undefined || signature === undefined) {
    return { ok: false, reason: 'missing-headers' };
  }
  if (!/^\d{1,12}$/.test(timestampText)) return { ok: false, reason: 'bad-timestamp' };
  const timestamp = Number(timestampText);
  if (Math.abs(Math.floor(now / 1000) - timestamp) > toleranceSeconds) {
    return { ok: false, reason: 'stale-timestamp' };
  }
  const expected = Buffer.from(signWebhook(secret, id, timestamp, body), 'hex');
  const matches = signature
    .split(' ')
    .filter((entry) => entry.startsWith('v1='))
    .some((entry) => {
      const given = Buffer.from(entry.slice(3), 'hex');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
  return matches ? { ok: true, id, timestamp } : { ok: false, reason: 'bad-signature' };
}
