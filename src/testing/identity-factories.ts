// Factories for identity tests: unique valid documents and phones, organisations and agreements.
import type { App } from '../app.js';
import { residentIdCheckCharacter, usccCheckCharacter } from '../identity/documents/check-characters.js';
import type { Agreement, DocumentPresentation } from '../identity/identity.types.js';
import { addDays, chinaDate } from '../identity/subject-index.js';
import { adminContext } from './test-app.js';

let sequence = 0;
const next = () => (sequence += 1);

/** A valid resident ID no other call in this process returns (Beijing Xicheng, born in the 1960s–80s). */
export function uniqueResidentId(): string {
  const n = next() + (process.pid % 500) * 1000;
  const year = 1960 + (n % 25);
  const month = String(1 + (Math.floor(n / 25) % 12)).padStart(2, '0');
  const day = String(1 + (Math.floor(n / 300) % 28)).padStart(2, '0');
  const body = `110102${year}${month}${day}${String(n % 1000).padStart(3, '0')}`;
  return body + residentIdCheckCharacter(body);
}

/** The same number with its check character wrong. */
export function withBadCheckCharacter(number: string): string {
  const last = number.at(-1);
  return number.slice(0, -1) + (last === '0' ? '1' : '0');
}

/** A mainland mobile number no other call in this process returns. */
export function uniquePhone(): string {
  return `139${String(next() * 7919 + (process.pid % 1000) * 100_000)
    .padStart(8, '0')
    .slice(-8)}`;
}

/** A valid unified social credit code no other call in this process returns. */
export function uniqueUscc(): string {
  const body = `91310000MA${String(next() + (process.pid % 1000) * 10_000).padStart(7, '0')}`;
  return body + usccCheckCharacter(body)!;
}

/** A card-reader presentation of a fresh resident ID, with a name and phone (each overridable). */
export function presentation(overrides: Partial<DocumentPresentation> = {}): DocumentPresentation {
  return {
    documentType: 'resident-id',
    number: uniqueResidentId(),
    name: '张三',
    phone: uniquePhone(),
    verification: { method: 'card-reader' },
    ...overrides,
  };
}

export const today = () => chinaDate(Date.now());
export const daysFromToday = (days: number) => addDays(today(), days);

/** An organisation and an active agreement signed at `siteId` (valid from 30 days ago for a year unless told). */
export async function createAgreementCustomer(
  app: App,
  siteId: string,
  options: { validUntil?: string; permittedSiteIds?: string[]; responsible?: DocumentPresentation } = {},
): Promise<Agreement> {
  const organisation = await app.agreements.registerOrganisation(adminContext(), {
    name: 'Shanghai Tea Trading Co., Ltd.',
    uscc: uniqueUscc(),
  });
  return app.agreements.createAgreement(adminContext(), {
    number: `SA-${next()}-${process.pid}`,
    organisationId: organisation.id,
    signedOn: daysFromToday(-30),
    validUntil: options.validUntil ?? daysFromToday(335),
    siteId,
    responsiblePerson: options.responsible ?? presentation({ name: '王经理' }),
    permittedGoods: ['tea', 'tea sets'],
    permittedSiteIds: options.permittedSiteIds ?? [],
  });
}
