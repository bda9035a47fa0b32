// Group commit: many intakes in one transaction, each parcel in its own savepoint, each caller its own answer.
import { expect, it, vi } from 'vitest';
import type { App } from '../app.js';
import { trustedSigningKeys } from '../audit/trusted-keys.js';
import { cliContext } from '../people/actor.js';
import type { Executor } from '../platform/database/store.js';
import { AppError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import {
  adminContext,
  createSite,
  createTestApp,
  createStaffMember,
  describeEachDialect,
} from '../testing/test-app.js';
import { presentation, uniqueResidentId } from '../testing/identity-factories.js';
import { intakeBody, type IntakeCounter } from '../testing/parcel-factories.js';
import { ParcelsRepository } from './parcels.repository.js';
import { PARCEL_FIELD_CONTEXT, type ParcelItemTable, type ParcelTable } from './parcels.tables.js';
import type { IntakeInput, IntakeOutcome, IntakeResult } from './parcels.types.js';
import { riskFactsFromStored } from './risk-facts-storage.js';
import { RECENT_PARCELS_CAP } from './risk-rules.js';
import { documentIndex, phoneIndex } from '../identity/subject-index.js';
import {
  SENDER_NAME_CONTEXT,
  SENDER_NUMBER_CONTEXT,
  SENDER_PHONE_CONTEXT,
} from '../identity/senders.service.js';
import { Vault } from '../platform/crypto/vault.js';

/**
 * The phone every sender of a compared plan gives: a returning sender gives the same phone each time, and refusals
 * add up on it (a clue at the third) as they would at a counter.
 */
const SENDER_PHONE = '13812345678';

async function counter(app: App): Promise<IntakeCounter> {
  const site = await createSite(app);
  const { staff } = await createStaffMember(app, ['courier'], site.id);
  return { siteId: site.id, courierId: staff.id };
}

/**
 * The parcels repository with the parcels table's insert failing for each row `failure` answers an error for: a
 * statement failing midway through a group, after the gate has written for the parcel. Other rows go in as usual.
 */
class FailingParcelsRepository extends ParcelsRepository {
  static failure: (row: ParcelTable) => Error | undefined = () => undefined;

  override async insertParcel(db: Executor, row: ParcelTable, items: ParcelItemTable[]): Promise<void> {
    const error = FailingParcelsRepository.failure(row);
    if (error !== undefined) throw error;
    return super.insertParcel(db, row, items);
  }
}

/** Runs `work` with the parcels table's insert failing for each row `failure` answers an error for. */
async function withFailingInserts<T>(
  failure: (row: ParcelTable) => Error | undefined,
  work: () => Promise<T>,
): Promise<T> {
  FailingParcelsRepository.failure = failure;
  try {
    return await work();
  } finally {
    FailingParcelsRepository.failure = () => undefined;
  }
}

const context = () => cliContext(newId(), 'test-counter');

/** The risk facts a parcel was judged on, as stored on its row. */
async function storedFacts(app: App, waybillNo: string) {
  const row = await app.store.db
    .selectFrom('parcels')
    .select('risk_facts')
    .where('waybill_no', '=', waybillNo)
    .executeTakeFirstOrThrow();
  return riskFactsFromStored(row.risk_facts!);
}

function resultOf(outcome: IntakeOutcome | undefined): IntakeResult {
  if (outcome === undefined || !outcome.ok)
    throw new Error('expected a result, got an error or nothing', { cause: outcome });
  return outcome.value;
}

function errorOf(outcome: IntakeOutcome | undefined): AppError {
  if (outcome === undefined || outcome.ok) throw new Error('expected an error');
  expect(outcome.error).toBeInstanceOf(AppError);
  return outcome.error as AppError;
}

describeEachDialect('group intake (many parcels, one transaction)', (env) => {
  it('prepares a group on the worker thread to the same answers and stored rows as on the writer thread', async () => {
    const { app, dialect } = env();
    // The same company twice over: the harness's app prepares on the writer's thread, the other on a worker.
    const threaded = await createTestApp(dialect, { config: { intakeWorker: true } });
    try {
      const apps = [app, threaded.app];
      const counters = await Promise.all(apps.map((each) => counter(each)));
      const returning = uniqueResidentId();
      // 120 parcels: more than one part of the worker's (50), with a replay, a conflict, refusals and a bad waybill.
      const plan = (at: IntakeCounter): IntakeInput[] => {
        const base = (n: number, overrides: Partial<IntakeInput> = {}) =>
          intakeBody(at, { waybillNo: `THR${String(n).padStart(4, '0')}`, ...overrides });
        const inputs = Array.from({ length: 120 }, (_, n) =>
          base(n, {
            sender: presentation({
              number: n % 3 === 0 ? returning : uniqueResidentId(),
              phone: SENDER_PHONE,
            }),
            items: [
              { description: n % 17 === 0 ? '仿真手枪' : n % 5 === 0 ? '礼品' : '纯棉T恤', quantity: 1 },
            ],
            recipient: { name: `收件人${n}`, phone: '13987654321', address: `北京市朝阳区建国路${n}号` },
          }),
        );
        inputs.push({ ...inputs[7]! }, { ...inputs[8]!, weightGrams: 1 }, base(999, { waybillNo: 'x' }));
        return inputs;
      };
      const answers = await Promise.all(
        apps.map(async (each, n) => {
          const outcomes = await each.parcels.intakeMany(context(), plan(counters[n]!));
          return outcomes.map((outcome): unknown =>
            outcome.ok
              ? (JSON.parse(JSON.stringify(outcome.value).replaceAll(counters[n]!.siteId, 'SITE')) as unknown)
              : (outcome.error as AppError).code,
          );
        }),
      );
      expect(answers[1]).toEqual(answers[0]);
      expect(
        answers[0]!.filter((answer) => answer === 'conflict' || answer === 'validation-failed'),
      ).toHaveLength(2);
      // Sealed by the worker, opened by the writer's vault: every field under its own column's context.
      const rows = await threaded.app.store.db
        .selectFrom('parcels')
        .selectAll()
        .where('waybill_no', 'like', 'THR%')
        .orderBy('waybill_no')
        .execute();
      expect(rows).toHaveLength(120);
      const vault = threaded.app.vault;
      expect(vault.decrypt(rows[42]!.recipient_name_enc, PARCEL_FIELD_CONTEXT.recipientName)).toBe(
        '收件人42',
      );
      expect(vault.decrypt(rows[42]!.recipient_address_enc, PARCEL_FIELD_CONTEXT.recipientAddress)).toBe(
        '北京市朝阳区建国路42号',
      );
      expect(vault.decrypt(rows[0]!.origin_address_enc, PARCEL_FIELD_CONTEXT.originAddress)).toBe(
        '上海市徐汇区漕溪北路88号',
      );
      const reference = await app.store.db
        .selectFrom('parcels')
        .select(['waybill_no', 'recipient_phone_index', 'request_hash', 'decision', 'risk_score'])
        .where('waybill_no', 'like', 'THR%')
        .orderBy('waybill_no')
        .execute();
      // Each app has keys of its own: what is compared is the judgement; the index is checked against the vault.
      expect(rows.map((row) => [row.waybill_no, row.decision, row.risk_score])).toEqual(
        reference.map((row) => [row.waybill_no, row.decision, row.risk_score]),
      );
      expect(rows[5]!.recipient_phone_index).toBe(phoneIndex(vault, '13987654321'));
      // The senders' indexes were computed on the worker and adopted by the writer's vault: each sender's row
      // opens there and is found under the index a vault computing afresh gives.
      expect(vault.adoptedUsed.indexes).toBeGreaterThan(0);
      const fresh = new Vault(threaded.app.keyring);
      const senders = await threaded.app.store.db.selectFrom('senders').selectAll().execute();
      expect(senders.length).toBeGreaterThan(40);
      for (const sender of senders) {
        const number = vault.decrypt(sender.number_enc, SENDER_NUMBER_CONTEXT);
        const key = { documentType: sender.document_type, nationality: sender.nationality, number };
        expect(sender.document_index).toBe(documentIndex(fresh, key));
        expect(vault.decrypt(sender.name_enc, SENDER_NAME_CONTEXT)).toBe(presentation().name);
      }
      const phones = await threaded.app.store.db.selectFrom('sender_phones').selectAll().execute();
      expect(phones.map((phone) => vault.decrypt(phone.phone_enc, SENDER_PHONE_CONTEXT))).toEqual(
        phones.map(() => SENDER_PHONE),
      );
      expect(phones.every((phone) => phone.phone_index === phoneIndex(fresh, SENDER_PHONE))).toBe(true);
    } finally {
      await threaded.dispose();
    }
  });

  it('stores a mixed group set-based, answering and storing exactly what one parcel at a time would', async () => {
    const { app, dialect } = env();
    // The same company twice over: one takes the group at once, set-based; the other one parcel per transaction,
    // each in its savepoint (the path before the unit of work).
    const other = await createTestApp(dialect, { config: { intakeSetBased: false } });
    try {
      const apps = [app, other.app];
      const counters = await Promise.all(apps.map((each) => counter(each)));
      const site = counters.map((at) => at.siteId);
      const returning = uniqueResidentId();
      const refusedOften = uniqueResidentId();
      const watchedNumber = uniqueResidentId();
      const plan = (at: IntakeCounter): IntakeInput[] => {
        const base = (waybill: string, overrides: Partial<IntakeInput> = {}) =>
          intakeBody(at, {
            waybillNo: `MIX${waybill}`,
            sender: presentation({ phone: SENDER_PHONE }),
            ...overrides,
          });
        const as = (number: string, name = '张三') => presentation({ number, name, phone: SENDER_PHONE });
        const twice = base('0002', { sender: as(returning) });
        return [
          base('0001', { sender: as(returning) }),
          twice,
          { ...twice },
          { ...twice, weightGrams: 1 },
          base('0003', { sender: as(returning), items: [{ description: '金属镓 1kg', quantity: 1 }] }),
          base('0004', { sender: as(returning) }),
          base('0005', { sender: as(refusedOften) }),
          base('0006', { sender: as(refusedOften, '王五') }),
          base('0007', { sender: as(refusedOften, '王五') }),
          base('0008', { sender: as(refusedOften, '王五') }),
          base('0009', { sender: as(refusedOften) }),
          base('0010', { sender: as(watchedNumber) }),
          base('0011', {
            recipient: { name: '赵六', phone: '13700002222', address: '北京市朝阳区建国路2号' },
          }),
          base('0012', { sender: { refusedToShow: true, phone: SENDER_PHONE } }),
          base('0013', { siteId: 'no-such-site' }),
          base('0014', { waybillNo: 'x' }),
        ];
      };
      for (const each of apps) {
        await each.watchlist.addEntry(context(), {
          kind: 'document',
          documentType: 'resident-id',
          number: watchedNumber,
          reason: 'test: watched sender',
        });
        await each.watchlist.addEntry(context(), { kind: 'phone', phone: '13700002222', reason: 'test' });
      }
      const fallbacksBefore = app.parcels.setBasedFallbacks;
      const grouped = await app.parcels.intakeMany(context(), plan(counters[0]!));
      expect(app.parcels.setBasedFallbacks).toBe(fallbacksBefore);
      const single: IntakeOutcome[] = [];
      for (const input of plan(counters[1]!))
        single.push(...(await other.app.parcels.intakeMany(context(), [input])));

      const answer = (outcome: IntakeOutcome, siteId: string): unknown => {
        if (!outcome.ok) {
          const { code, errors, message } = outcome.error as AppError;
          return { code, errors, message };
        }
        return JSON.parse(JSON.stringify(outcome.value).replaceAll(siteId, 'SITE')) as unknown;
      };
      expect(grouped.map((outcome) => answer(outcome, site[0]!))).toEqual(
        single.map((outcome) => answer(outcome, site[1]!)),
      );
      expect(grouped.map((outcome) => (outcome.ok ? outcome.value.decision : 'error'))).toEqual([
        'inspect',
        'inspect',
        'inspect',
        'error',
        'inspect',
        'inspect',
        'inspect',
        'refuse',
        'refuse',
        'refuse',
        'inspect',
        'hold',
        'hold',
        'refuse',
        'error',
        'error',
      ]);
      // What was stored: the same rows (but for ids, times and ciphertexts), the same risk facts, clues, refusals.
      const stored = async (each: App, siteId: string) => {
        const parcels = await each.store.db
          .selectFrom('parcels')
          .select(['waybill_no', 'decision', 'gate_decision', 'gate_reason', 'risk_facts', 'risk_score'])
          .where('waybill_no', 'like', 'MIX%')
          .orderBy('waybill_no')
          .execute();
        const db = each.store.db;
        const clues = await db
          .selectFrom('clues')
          .select(['kind', 'severity'])
          .where('site_id', '=', siteId)
          .orderBy('kind')
          .execute();
        const refusals = await db
          .selectFrom('refusals')
          .select('reason')
          .where('site_id', '=', siteId)
          .orderBy('reason')
          .execute();
        const senders = await db
          .selectFrom('senders')
          .select('id')
          .where('verified_site_id', '=', siteId)
          .execute();
        const phones = await db
          .selectFrom('sender_phones')
          .select('phone_index')
          .where(
            'sender_id',
            'in',
            senders.map((sender) => sender.id),
          )
          .execute();
        return { parcels, clues, refusals, senders: senders.length, phones: phones.length };
      };
      expect(await stored(app, site[0]!)).toEqual(await stored(other.app, site[1]!));
      for (const each of apps)
        expect((await each.audit.verify(await trustedSigningKeys(each))).ok).toBe(true);
    } finally {
      await other.dispose();
    }
  });

  it('replays a parcel taken in earlier, and judges a waybill given twice in one batch in order', async () => {
    const { app } = env();
    const at = await counter(app);
    const earlier = intakeBody(at);
    const first = await app.parcels.intake(context(), earlier);
    expect(first.replayed).toBe(false);

    const twice = intakeBody(at);
    const clash = intakeBody(at);
    const outcomes = await app.parcels.intakeMany(context(), [
      { ...earlier },
      twice,
      { ...twice },
      clash,
      { ...clash, weightGrams: clash.weightGrams + 1 },
      { ...earlier, weightGrams: earlier.weightGrams + 1 },
    ]);
    const replay = resultOf(outcomes[0]);
    expect(replay).toEqual({ ...first, replayed: true });
    expect(resultOf(outcomes[1]).replayed).toBe(false);
    expect(resultOf(outcomes[2])).toEqual({ ...resultOf(outcomes[1]), replayed: true });
    expect(resultOf(outcomes[3]).replayed).toBe(false);
    expect(errorOf(outcomes[4]).code).toBe('conflict');
    expect(errorOf(outcomes[4]).status).toBe(409);
    expect(errorOf(outcomes[5]).code).toBe('conflict');
    // The conflicting requests changed nothing.
    expect((await app.parcels.getTimeline(adminContext(), clash.waybillNo)).weightGrams).toBe(
      clash.weightGrams,
    );
  });

  it('commits concurrent single intakes together, each caller getting its own answer', async () => {
    const { app } = env();
    const at = await counter(app);
    const requests = Array.from({ length: 12 }, () => intakeBody(at));
    const duplicate = { ...requests[3]! };
    const conflicting = { ...requests[5]!, weightGrams: 1 };
    const unknownCourier = intakeBody(at, { courierId: 'no-such-courier' });
    const invalid = intakeBody(at, { waybillNo: 'x' });
    const all = [...requests, duplicate, conflicting, unknownCourier, invalid];
    const transactions = vi.spyOn(app.store, 'transaction');
    let settled: PromiseSettledResult<IntakeResult>[];
    let transactionCount: number;
    try {
      settled = await Promise.allSettled(all.map((input) => app.parcels.intake(context(), input)));
      transactionCount = transactions.mock.calls.length;
    } finally {
      transactions.mockRestore();
    }
    // The first call found nothing running and went alone; the others, arriving meanwhile, went together.
    expect(transactionCount).toBeLessThanOrEqual(2);

    for (const [index, input] of requests.entries()) {
      const outcome = settled[index]!;
      expect(outcome.status).toBe('fulfilled');
      expect((outcome as PromiseFulfilledResult<IntakeResult>).value.waybillNo).toBe(input.waybillNo);
    }
    const answers = settled.slice(requests.length);
    // The duplicate is the same request as one already taken in: its answer is a replay of that parcel.
    expect(answers[0]).toMatchObject({
      status: 'fulfilled',
      value: { waybillNo: duplicate.waybillNo, replayed: true },
    });
    expect(answers[1]).toMatchObject({ status: 'rejected', reason: { code: 'conflict' } });
    expect(answers[2]).toMatchObject({ status: 'rejected', reason: { code: 'unknown-reference' } });
    expect(answers[3]).toMatchObject({ status: 'rejected', reason: { code: 'validation-failed' } });
    expect((await app.parcels.getTimeline(adminContext(), conflicting.waybillNo)).weightGrams).toBe(
      requests[5]!.weightGrams,
    );
    expect((await app.audit.verify(await trustedSigningKeys(app))).ok).toBe(true);
  });

  it('holds a watchlisted sender and marks a watchlisted recipient within a group', async () => {
    const { app } = env();
    const at = await counter(app);
    const watched = intakeBody(at);
    const recipientWatched = intakeBody(at, {
      recipient: { name: '赵六', phone: '13700001111', address: '北京市朝阳区建国路2号' },
    });
    const plain = intakeBody(at);
    await app.watchlist.addEntry(context(), {
      kind: 'document',
      documentType: 'resident-id',
      number: watched.sender.number!,
      reason: 'test: watched sender',
    });
    await app.watchlist.addEntry(context(), {
      kind: 'phone',
      phone: '13700001111',
      reason: 'test: watched recipient',
    });
    const outcomes = await app.parcels.intakeMany(context(), [watched, recipientWatched, plain]);
    expect(resultOf(outcomes[0]).decision).toBe('hold');
    expect(resultOf(outcomes[0]).counterMessage).toBe('Refer to a supervisor.');
    expect(resultOf(outcomes[2]).decision).toBe('inspect');
    expect((await storedFacts(app, recipientWatched.waybillNo)).recipient.watchlisted).toBe(true);
  });

  it("counts a sender's refusals of the last 30 days as a risk fact", async () => {
    const { app } = env();
    const at = await counter(app);
    const sender = presentation();
    // Refused twice: the name does not match the one registered by the first parcel.
    await app.parcels.intake(context(), intakeBody(at, { sender }));
    for (let i = 0; i < 2; i += 1) {
      const refused = await app.parcels.intake(
        context(),
        intakeBody(at, { sender: { ...sender, name: '王五' } }),
      );
      expect(refused.decision).toBe('refuse');
    }
    const next = intakeBody(at, { sender });
    await app.parcels.intake(context(), next);
    expect((await storedFacts(app, next.waybillNo)).sender.refusalsLast30d).toBe(2);
  });

  it("counts a sender's parcels per flagged category, so repeated strategic-mineral exports are caught", async () => {
    const { app } = env();
    const at = await counter(app);
    const sender = presentation();
    const outbound = (description: string) =>
      intakeBody(at, {
        route: 'outbound',
        destination: { country: 'US', address: '1 Main St, Springfield' },
        sender,
        items: [{ description, quantity: 1, unit: 'kg' }],
      });
    const hitsOf = async (waybillNo: string) =>
      (await app.parcels.getTimeline(adminContext(), waybillNo)).gates.risk.hits.map((hit) => hit.ruleId);
    const factsOf = (waybillNo: string) => storedFacts(app, waybillNo);

    const sent = [outbound('金属镓 1kg'), outbound('纯棉T恤'), outbound('锗片')];
    for (const one of sent) await app.parcels.intake(context(), one);
    expect(await hitsOf(sent[1]!.waybillNo)).not.toContain('repeated-strategic-mineral-exports');
    // The third: two earlier parcels of the sender had a strategic-mineral item (the T-shirts did not count).
    expect((await factsOf(sent[2]!.waybillNo)).sender.recentParcels.byCategory30d).toEqual({
      'strategic-minerals': 1,
    });
    const fourth = outbound('镓锭');
    const answer = await app.parcels.intake(context(), fourth);
    expect((await factsOf(fourth.waybillNo)).sender.recentParcels.byCategory30d).toEqual({
      'strategic-minerals': 2,
    });
    expect(await hitsOf(fourth.waybillNo)).toContain('repeated-strategic-mineral-exports');
    expect(answer.decision).toBe('hold');
  });

  it("counts at most the sender's 1,000 most recent parcels of the 30 days", async () => {
    const { app } = env();
    const at = await counter(app);
    const sender = presentation();
    const outcomes = await app.parcels.intakeMany(
      context(),
      Array.from({ length: RECENT_PARCELS_CAP + 5 }, () => intakeBody(at, { sender })),
    );
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    const next = intakeBody(at, { sender });
    await app.parcels.intake(context(), next);
    const counts = (await storedFacts(app, next.waybillNo)).sender.recentParcels;
    expect([counts.count7d, counts.count30d]).toEqual([RECENT_PARCELS_CAP, RECENT_PARCELS_CAP]);
  });
});

// On an app whose parcels repository fails the inserts a test names: the statement failing midway through a group.
describeEachDialect(
  'group intake, a statement failing',
  (env) => {
    it('a parcel failing midway rolls back only what it wrote; the others are stored, in order', async () => {
      const { app } = env();
      const at = await counter(app);
      const parcels = [intakeBody(at), intakeBody(at), intakeBody(at), intakeBody(at)];
      const doomed = parcels[1]!;
      const unknownSite = intakeBody(at, { siteId: 'no-such-site' });
      const fallbacksBefore = app.parcels.setBasedFallbacks;
      // Fail the second parcel after the gate has registered its (new) sender and audited it.
      const outcomes = await withFailingInserts(
        (row) => (row.waybill_no === doomed.waybillNo ? new Error('disk on fire (test)') : undefined),
        () => app.parcels.intakeMany(context(), [...parcels, unknownSite]),
      );
      // The set-based run failed as a whole, and the group was taken in again a savepoint per parcel.
      expect(app.parcels.setBasedFallbacks).toBe(fallbacksBefore + 1);
      expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, false, true, true, false]);
      expect(outcomes.filter((o) => o.ok).map((o) => resultOf(o).waybillNo)).toEqual([
        parcels[0]!.waybillNo,
        parcels[2]!.waybillNo,
        parcels[3]!.waybillNo,
      ]);
      expect((outcomes[1] as { error: Error }).error.message).toBe('disk on fire (test)');
      expect(errorOf(outcomes[4]).code).toBe('unknown-reference');

      for (const index of [0, 2, 3]) {
        const timeline = await app.parcels.getTimeline(adminContext(), parcels[index]!.waybillNo);
        expect(timeline.decision).toBe('inspect');
      }
      await expect(app.parcels.getTimeline(adminContext(), doomed.waybillNo)).rejects.toMatchObject({
        code: 'not-found',
      });
      // The doomed parcel's sender registration went with it; the others' senders are registered.
      await expect(
        app.senders.getSenderByDocument(adminContext(), {
          documentType: 'resident-id',
          number: doomed.sender.number!,
        }),
      ).rejects.toMatchObject({ code: 'not-found' });
      await expect(
        app.senders.getSenderByDocument(adminContext(), {
          documentType: 'resident-id',
          number: parcels[0]!.sender.number!,
        }),
      ).resolves.toMatchObject({ documentType: 'resident-id' });
      // The chain holds no entry of the rolled-back parcel and still verifies.
      expect((await app.audit.verify(await trustedSigningKeys(app))).ok).toBe(true);

      // Taken in again, the doomed parcel is new (nothing of it was left behind).
      const retried = await app.parcels.intakeMany(context(), [doomed]);
      expect(resultOf(retried[0]).replayed).toBe(false);
    });

    it('runs again a parcel or a whole group that PostgreSQL ended as a deadlock victim', async () => {
      const { app } = env();
      const at = await counter(app);
      const parcels = [intakeBody(at), intakeBody(at), intakeBody(at)];
      // The error shapes PostgreSQL answers with (a deadlock cannot be staged deterministically).
      const deadlock = () => Object.assign(new Error('deadlock detected (test)'), { code: '40P01' });
      const failures = new Map([[parcels[1]!.waybillNo, 1]]);
      const failOnce = (row: ParcelTable) => {
        const left = failures.get(row.waybill_no) ?? 0;
        if (left === 0) return undefined;
        failures.set(row.waybill_no, left - 1);
        return deadlock();
      };
      const lock = app.audit.lockChainWithin.bind(app.audit);
      let lockFailures = 1;
      const lockSpy = vi.spyOn(app.audit, 'lockChainWithin').mockImplementation(async (trx) => {
        if (lockFailures-- > 0) throw deadlock();
        return lock(trx);
      });
      let outcomes: IntakeOutcome[];
      try {
        outcomes = await withFailingInserts(failOnce, () => app.parcels.intakeMany(context(), parcels));
      } finally {
        lockSpy.mockRestore();
      }
      // The whole group ran again (the lock), then the second parcel once more (its own statement).
      expect(outcomes.map((outcome) => resultOf(outcome).replayed)).toEqual([false, false, false]);
      for (const sent of parcels)
        expect((await app.parcels.getTimeline(adminContext(), sent.waybillNo)).decision).toBe('inspect');
      expect((await app.audit.verify(await trustedSigningKeys(app))).ok).toBe(true);

      // A parcel that keeps failing answers the error after the last attempt; the others are stored.
      const stubborn = [intakeBody(at), intakeBody(at)];
      failures.set(stubborn[0]!.waybillNo, 10);
      outcomes = await withFailingInserts(
        (row) => ((failures.get(row.waybill_no) ?? 0) > 0 ? deadlock() : undefined),
        () => app.parcels.intakeMany(context(), stubborn),
      );
      expect(outcomes[0]).toMatchObject({ ok: false, error: { code: '40P01' } });
      expect(resultOf(outcomes[1]).replayed).toBe(false);
    });
  },
  { parcelsRepository: (sqlite) => new FailingParcelsRepository(sqlite) },
);
