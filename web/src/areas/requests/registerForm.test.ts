import { describe, expect, it } from 'vitest';
import {
  chinaLocalToEpoch,
  epochToChinaLocal,
  formNameFor,
  lines,
  registerBody,
  registerProblems,
  type RegisterValues,
} from './registerForm';

const NOW = Date.parse('2026-12-07T02:00:00Z');

function values(overrides: Partial<RegisterValues> = {}): RegisterValues {
  return {
    agencyKind: 'state-security',
    issuingOrgan: 'Shanghai State Security Bureau',
    organLevel: 'districted-city',
    documentKind: 'evidence-collection-notice',
    documentNumber: '沪国安调字〔2026〕17号',
    documentDate: '2026-12-06',
    officers: [
      { name: '王强', workIdNo: 'GA-31-0042' },
      { name: '李娜', workIdNo: 'GA-31-0077' },
    ],
    arrivedVia: 'in-person',
    deadline: '2026-12-14T18:00',
    scope: {
      waybills: 'PG100000001\n pg100000002 ,',
      senderPhones: '',
      from: '2026-11-01',
      to: '2026-12-06',
      categories: ['parcel-records'],
    },
    ...overrides,
  };
}

describe('the register form', () => {
  it('reads lists one per line or comma-separated, blanks dropped', () => {
    expect(lines('a\n b ,c，d;;\n')).toEqual(['a', 'b', 'c', 'd']);
    expect(lines(undefined)).toEqual([]);
  });

  it('reads the deadline as China time', () => {
    expect(chinaLocalToEpoch('2026-12-14T18:00')).toBe(Date.parse('2026-12-14T10:00:00Z'));
    expect(chinaLocalToEpoch('tomorrow')).toBeNaN();
    expect(epochToChinaLocal(Date.parse('2026-12-14T10:00:00Z'))).toBe('2026-12-14T18:00');
  });

  it('finds nothing wrong with a complete state-security request', () => {
    expect(registerProblems(values(), NOW)).toEqual([]);
  });

  it('asks for two officers for state security, one for public security', () => {
    const one = {
      officers: [
        { name: '王强', workIdNo: 'GA-31-0042' },
        { name: '', workIdNo: '' },
      ],
    };
    expect(registerProblems(values(one), NOW)).toEqual([
      { name: ['officers'], messageKey: 'register.problems.twoOfficers' },
    ]);
    expect(registerProblems(values({ ...one, agencyKind: 'public-security' }), NOW)).toEqual([]);
  });

  it('refuses a scope without a subject, dates or a category, and a range backwards or over a year', () => {
    const scope = { waybills: ' ', categories: [] };
    expect(registerProblems(values({ scope }), NOW).map((p) => p.messageKey)).toEqual([
      'register.problems.subject',
      'register.problems.dates',
      'register.problems.dates',
      'register.problems.categories',
    ]);
    const backwards = { ...values().scope, from: '2026-12-06', to: '2026-11-01' };
    expect(registerProblems(values({ scope: backwards }), NOW)).toEqual([
      { name: ['scope', 'to'], messageKey: 'register.problems.backwards' },
    ]);
    const long = { ...values().scope, from: '2025-01-01', to: '2026-12-06' };
    expect(registerProblems(values({ scope: long }), NOW)[0]?.messageKey).toBe('register.problems.tooLong');
  });

  it('refuses a deadline that has passed', () => {
    expect(registerProblems(values({ deadline: '2026-12-01T09:00' }), NOW)).toEqual([
      { name: ['deadline'], messageKey: 'register.problems.deadlinePast' },
    ]);
  });

  it('builds the body with blank lists left out', () => {
    const body = registerBody(values(), null);
    expect(body.officers).toHaveLength(2);
    expect(body.deadlineAt).toBe(Date.parse('2026-12-14T10:00:00Z'));
    expect(body.scope).toEqual({
      waybills: ['PG100000001', 'pg100000002'],
      from: '2026-11-01',
      to: '2026-12-06',
      categories: ['parcel-records'],
    });
    expect(body).not.toHaveProperty('documentScan');
    expect(body).not.toHaveProperty('foreignAgency');
  });

  it('puts the server’s field errors on the form’s fields', () => {
    expect(formNameFor(['deadlineAt'])).toEqual(['deadline']);
    expect(formNameFor(['scope'])).toEqual(['scope', 'waybills']);
    expect(formNameFor(['scope', 'senderPhones', 2])).toEqual(['scope', 'senderPhones']);
    expect(formNameFor(['scope', 'senderDocuments', 0, 'number'])).toEqual([
      'scope',
      'senderDocuments',
      0,
      'number',
    ]);
    expect(formNameFor(['officers', 1, 'workIdNo'])).toEqual(['officers', 1, 'workIdNo']);
    expect(formNameFor(['issuingOrgan'])).toEqual(['issuingOrgan']);
  });
});
