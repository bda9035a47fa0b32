// Factories for training tests: courses with a known question bank, a staff member's own request context, and
// answers worked out independently of the code under test (the catalogue's screener for generated questions).
import type { App } from '../app.js';
import type { RequestContext } from '../people/actor.js';
import type { Staff } from '../people/people.types.js';
import { newId } from '../platform/ids.js';
import type { CourseKind } from '../training/training.types.js';
import { adminContext, unique } from './test-app.js';

/** The context a signed-in staff member acts in. */
export function staffContext(staff: Staff): RequestContext {
  return {
    actor: { type: 'staff', id: staff.id, roles: staff.roles, siteId: staff.siteId },
    requestId: newId(),
  };
}

/** Question bank entries whose right answer is always the option "right". */
export const BANK = [
  {
    prompt: 'Who may work at the counter before onboarding safety training?',
    options: ['nobody', 'right'],
    answer: 1,
  },
  { prompt: 'A parcel smells of petrol. What do you do?', options: ['right', 'accept it'], answer: 0 },
  { prompt: 'The sender refuses to show an ID document.', options: ['accept anyway', 'right'], answer: 1 },
  { prompt: 'Where is the emergency exit of your site?', options: ['right', 'there is none'], answer: 0 },
];

/** A course of `kind` (with the bank above unless generated from the catalogue). */
export async function createCourse(
  app: App,
  kind: CourseKind,
  overrides: { validityDays?: number; passMark?: number; questionsPerAttempt?: number } = {},
) {
  const course = await app.training.createCourse(adminContext(), {
    code: unique('C').toUpperCase(),
    kind,
    title: `${kind} course`,
    contentVersion: '2026.1',
    contentRef: 'HANDBOOK-2026-01',
    validityDays: overrides.validityDays ?? 365,
    passMark: overrides.passMark ?? 80,
    questionsPerAttempt:
      overrides.questionsPerAttempt ?? (kind === 'prohibited-items-identification' ? 10 : 4),
  });
  if (kind !== 'prohibited-items-identification')
    await app.training.addQuestions(adminContext(), course.id, BANK);
  return course;
}

/** The right option of a bank question, from its prompt (the bank above). */
export function bankAnswer(prompt: string): number {
  const entry = BANK.find((question) => question.prompt === prompt);
  if (entry === undefined) throw new Error(`not a bank question: ${prompt}`);
  return entry.answer;
}

/**
 * The right option of a catalogue question, worked out from the screener's verdict on its description: clear is
 * "accept", prohibited "refuse", anything else (restricted, watch) "accept only after checking".
 */
export async function catalogueAnswer(app: App, description: string): Promise<number> {
  const [result] = await app.screening.screen([{ description, route: 'domestic' }]);
  if (result!.verdict === 'clear') return 0;
  if (result!.verdict === 'prohibited') return 2;
  return 1;
}
