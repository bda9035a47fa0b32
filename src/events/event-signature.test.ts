import { describe, expect, it } from 'vitest';
import { eventSigningKeyOf, isEventSignatureValid, signEvent, signingPairOf } from './event-signature.js';
import { deadLetterSubject, parseSubject, subjectFor } from './event-stream.js';

const API_KEY = 'pgk_0193abcdef_s3cr3t-part-of-the-key';
const layout = { stream: 'PARCELGUARD', subjectPrefix: 'parcelguard', consumer: 'store' };

describe('event signatures', () => {
  const key = eventSigningKeyOf(API_KEY);
  const subject = 'parcelguard.site-1.scans';
  const body = Buffer.from('{"eventId":"e1","waybillNo":"SF123456"}');

  it('derives the same key pair from the same secret, and the issuer stores only its public half', () => {
    expect(key.keyId).toBe('0193abcdef');
    expect(signingPairOf('s3cr3t-part-of-the-key').publicKey).toBe(key.publicKey);
    expect(signingPairOf('another secret').publicKey).not.toBe(key.publicKey);
    expect(key.publicKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('verifies the signature of the exact subject, key id and body, and nothing else', () => {
    const signature = signEvent(key, subject, body);
    expect(signEvent(key, subject, body)).toBe(signature); // deterministic: a re-send carries the same
    expect(isEventSignatureValid(key.publicKey, key.keyId, subject, body, signature)).toBe(true);
    expect(isEventSignatureValid(key.publicKey, key.keyId, 'parcelguard.site-2.scans', body, signature)).toBe(
      false,
    );
    expect(isEventSignatureValid(key.publicKey, 'otherkey', subject, body, signature)).toBe(false);
    expect(
      isEventSignatureValid(
        key.publicKey,
        key.keyId,
        subject,
        Buffer.concat([body, Buffer.from(' ')]),
        signature,
      ),
    ).toBe(false);
    const other = eventSigningKeyOf('pgk_0193abcdef_not-the-secret');
    expect(isEventSignatureValid(other.publicKey, key.keyId, subject, body, signature)).toBe(false);
    expect(isEventSignatureValid(key.publicKey, key.keyId, subject, body, 'garbage')).toBe(false);
    expect(isEventSignatureValid('not a key', key.keyId, subject, body, signature)).toBe(false);
  });

  it('refuses an API key of another shape', () => {
    expect(() => eventSigningKeyOf('pgs_session-token')).toThrow(/pgk_/);
  });
});

describe('event subjects', () => {
  it('names a site and kind, and reads them back; anything else is not a station subject', () => {
    expect(subjectFor(layout, 'site-1', 'scan')).toBe('parcelguard.site-1.scans');
    expect(subjectFor(layout, 'site-1', 'dispatch')).toBe('parcelguard.site-1.dispatch');
    expect(parseSubject(layout, 'parcelguard.site-1.dispatch')).toEqual({
      siteId: 'site-1',
      kind: 'dispatch',
    });
    expect(parseSubject(layout, 'parcelguard.site-1.other')).toBeNull();
    expect(parseSubject(layout, 'other.site-1.scans')).toBeNull();
    expect(parseSubject(layout, 'parcelguard.a.b.scans')).toBeNull();
    expect(() => subjectFor(layout, 'a.b', 'scan')).toThrow(/single subject token/);
    expect(deadLetterSubject(layout, null, null)).toBe('parcelguard-dead-letters.unknown.unknown');
    expect(deadLetterSubject(layout, 'site-1', 'scan')).toBe('parcelguard-dead-letters.site-1.scan');
  });
});
