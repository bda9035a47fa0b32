import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  it('has working defaults', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.databaseUrl).toMatch(/^sqlite:.*data\/parcelguard\.db$/);
    expect(config.production).toBe(false);
  });

  it('reports every bad value at once, naming the variable and the rule', () => {
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        LOG_LEVEL: 'loud',
        PARCELGUARD_PRODUCTION: 'maybe',
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const { problems } = error as ConfigError;
      expect(problems).toHaveLength(4);
      expect(problems.join('\n')).toMatch(/PORT: must be a whole number/);
      expect(problems.join('\n')).toMatch(/DATABASE_URL: must start with sqlite: or postgres:\/\//);
      expect(problems.join('\n')).toMatch(/LOG_LEVEL: must be one of/);
      expect(problems.join('\n')).toMatch(/PARCELGUARD_PRODUCTION: must be true or false/);
    }
  });

  it('reads the S3 evidence store all or nothing, and never prints its secret', () => {
    expect(loadConfig({}).evidenceS3).toBeNull();
    const s3 = {
      PARCELGUARD_EVIDENCE_S3_URL: 'https://oss.example.cn/evidence/parcelguard',
      PARCELGUARD_EVIDENCE_S3_ACCESS_KEY_ID: 'AKID',
      PARCELGUARD_EVIDENCE_S3_SECRET_ACCESS_KEY: 'very-secret-value',
    };
    expect(loadConfig(s3).evidenceS3).toEqual({
      url: 'https://oss.example.cn/evidence/parcelguard',
      region: 'us-east-1',
      accessKeyId: 'AKID',
      secretAccessKey: 'very-secret-value',
    });
    const withoutSecret = () =>
      loadConfig({
        ...s3,
        PARCELGUARD_EVIDENCE_S3_SECRET_ACCESS_KEY: undefined,
        PARCELGUARD_EVIDENCE_S3_URL: 'ftp://x',
      });
    expect(withoutSecret).toThrow(/PARCELGUARD_EVIDENCE_S3_SECRET_ACCESS_KEY: required/);
    expect(withoutSecret).toThrow(/PARCELGUARD_EVIDENCE_S3_URL: must be http\(s\):\/\/host/);
    expect(() => loadConfig({ PARCELGUARD_EVIDENCE_S3_SECRET_ACCESS_KEY: 'very-secret-value' })).not.toThrow(
      /very-secret-value/,
    );
    expect(() => loadConfig({ PARCELGUARD_EVIDENCE_S3_SECRET_ACCESS_KEY: 'x' })).toThrow(
      /PARCELGUARD_EVIDENCE_S3_URL: required when S3 credentials are given/,
    );
  });

  it('reads the metrics token, and never prints a bad one', () => {
    expect(loadConfig({}).metricsToken).toBeNull();
    expect(loadConfig({ PARCELGUARD_METRICS_TOKEN: ' s3cret-metrics-token-1 ' }).metricsToken).toBe(
      's3cret-metrics-token-1',
    );
    expect(() => loadConfig({ PARCELGUARD_METRICS_TOKEN: 'short-secret' })).toThrow(
      /PARCELGUARD_METRICS_TOKEN: must be 16 to 256 printable characters/,
    );
    expect(() => loadConfig({ PARCELGUARD_METRICS_TOKEN: 'short-secret' })).not.toThrow(/short-secret/);
  });

  it('reads the face-match minimum score as a number from 0 to 1', () => {
    expect(loadConfig({}).faceMatchMinScore).toBe(0.8);
    expect(loadConfig({ PARCELGUARD_FACE_MATCH_MIN_SCORE: '0.65' }).faceMatchMinScore).toBe(0.65);
    expect(loadConfig({ PARCELGUARD_FACE_MATCH_MIN_SCORE: '1' }).faceMatchMinScore).toBe(1);
    for (const bad of ['1.5', '-0.1', 'high', '80', '0x1', '1e-1']) {
      expect(() => loadConfig({ PARCELGUARD_FACE_MATCH_MIN_SCORE: bad })).toThrow(
        /PARCELGUARD_FACE_MATCH_MIN_SCORE: must be a number from 0 to 1/,
      );
    }
  });

  it('never prints a database password', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://u:secret@h/db' })).toThrow(/\*\*\*|mysql/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://u:secret@h/db' })).not.toThrow(/secret/);
  });
});
