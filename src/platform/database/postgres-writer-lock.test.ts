import { CompiledQuery, sql } from 'kysely';
import { expect, it } from 'vitest';
import type { AuditRecord } from '../../audit/audit.service.js';
import { trustedSigningKeys } from '../../audit/trusted-keys.js';
import { adminContext, describeEachDialect } from '../../testing/test-app.js';
import { isWrite, WRITER_LOCK_CLASS } from './postgres-writer-lock.js';

it('tells writes from reads', () => {
  expect(isWrite(CompiledQuery.raw('insert into t values (1)'))).toBe(true);
  expect(isWrite(CompiledQuery.raw('  UPDATE t set a = 1'))).toBe(true);
  expect(isWrite(CompiledQuery.raw('delete from t'))).toBe(true);
  expect(isWrite(CompiledQuery.raw('select * from t'))).toBe(false);
  expect(isWrite(CompiledQuery.raw('savepoint work_item'))).toBe(false);
});

// On SQLite one transaction writes at a time (BEGIN IMMEDIATE): the interleaving below cannot happen there.
describeEachDialect(
  'the PostgreSQL writer lock',
  (env) => {
    it('keeps a transaction that wrote before its audit append from deadlocking with one that took the chain first', async () => {
      const { app } = env();
      await sql`create table lock_probe (id text primary key)`.execute(app.store.db);
      const record: AuditRecord = { action: 'sender.verified', subject: { type: 'sender', id: 'sender-1' } };

      let counterPid: number | undefined;
      // Like a group intake: takes the audit chain first, then writes a row the other transaction also writes.
      const group = app.store.transaction(async (trx) => {
        await app.audit.lockChainWithin(trx);
        await until(async () => counterPid !== undefined && (await isWaiting(counterPid)));
        await sql`insert into lock_probe (id) values ('sender-1') on conflict do nothing`.execute(trx);
        await app.audit.append(trx, adminContext(), record);
        return 'group';
      });
      // Like a counter's gate decision: writes the row, then appends to the audit chain.
      const counter = app.store.transaction(async (trx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        counterPid = rows[0]!.pid;
        await sql`insert into lock_probe (id) values ('sender-1') on conflict do nothing`.execute(trx);
        await app.audit.append(trx, adminContext(), record);
        return 'counter';
      });
      // Before the writer lock, PostgreSQL found a deadlock here after a second and failed one of them (40P01).
      await expect(Promise.all([group, counter])).resolves.toEqual(['group', 'counter']);
      const { rows } = await sql<{ n: string }>`select count(*) as n from lock_probe`.execute(app.store.db);
      expect(Number(rows[0]!.n)).toBe(1);
      expect(await app.audit.verify(await trustedSigningKeys(app))).toMatchObject({ ok: true });

      async function isWaiting(pid: number): Promise<boolean> {
        const { rows } = await sql<{ waiting: boolean }>`
        select exists (select 1 from pg_locks where pid = ${pid} and not granted) as waiting`.execute(
          app.store.db,
        );
        return rows[0]!.waiting;
      }
    });

    it('takes the lock again after a rollback to a savepoint released it', async () => {
      const { app } = env();
      await sql`create table if not exists lock_probe (id text primary key)`.execute(app.store.db);
      const seen: boolean[] = [];
      await app.store.transaction(async (trx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        const holds = async () => {
          const held = await sql<{ held: boolean }>`
            select exists (select 1 from pg_locks where pid = ${rows[0]!.pid} and locktype = 'advisory'
                           and granted and classid::bigint = ${WRITER_LOCK_CLASS}) as held`.execute(
            app.store.db,
          );
          return held.rows[0]!.held;
        };
        // As a batch of scans does: a savepoint per scan, the first write inside one.
        await sql`savepoint scan`.execute(trx);
        await sql`insert into lock_probe (id) values ('in-savepoint')`.execute(trx);
        seen.push(await holds());
        await sql`rollback to savepoint scan`.execute(trx);
        seen.push(await holds()); // PostgreSQL released it with what the savepoint undid
        await sql`insert into lock_probe (id) values ('after-rollback')`.execute(trx);
        seen.push(await holds());
      });
      expect(seen).toEqual([true, false, true]);
    });

    // A group's sender-history plan once spent 210 ms in JIT compilation for 2 ms of work (see store.ts).
    it('opens sessions with JIT compilation off, in the schema of the store', async () => {
      const { app } = env();
      const { rows } = await sql<{ jit: string; schema: string }>`
        select current_setting('jit') as jit, current_schema() as schema`.execute(app.store.db);
      expect(rows[0]).toEqual({ jit: 'off', schema: app.store.schema });
    });
  },
  { dialects: ['postgres'] },
);

async function until(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('the other transaction never waited for a lock');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
