import { expect, it } from 'vitest';
import type { App } from '../../app.js';
import { createSite, describeEachDialect, unique } from '../../testing/test-app.js';
import { newId } from '../ids.js';
import { firstRowOf, insertRowOn, insertRowsOn, rowsOf, updateRowOn } from './sqlite-fast-path.js';
import type { Executor } from './store.js';

// One text in SQLite's `?` form, asked on both databases, inside a transaction and outside one.
describeEachDialect('reads written once for both databases', (env) => {
  it('answers the same inside a transaction (prepared on the handle) and outside (through Kysely)', async () => {
    const { app } = env();
    const site = await createSite(app);
    const text = 'select id, code from sites where id = ? and code = ?';
    const outside = await firstRowOf<{ id: string; code: string }>(app.store.db, app.store.sqlite, text, [
      site.id,
      site.code,
    ]);
    const inside = await app.store.transaction((trx) =>
      rowsOf<{ id: string; code: string }>(trx, app.store.sqlite, text, [site.id, site.code]),
    );
    expect(outside).toEqual({ id: site.id, code: site.code });
    expect(inside).toEqual([outside]);
    expect(await firstRowOf(app.store.db, app.store.sqlite, text, [site.id, 'NO-SUCH-CODE'])).toBeUndefined();
  });

  it('reads outside a transaction without waiting for a write transaction to end', async () => {
    const { app } = env();
    const site = await createSite(app);
    // The write transaction waits for the read: were the read queued behind it (the writer's turn), neither
    // would ever finish and the test would time out.
    const code = await app.store.transaction(async (trx) => {
      await trx
        .updateTable('sites')
        .set({ name: `${site.name} (renamed)` })
        .where('id', '=', site.id)
        .execute();
      const row = await firstRowOf<{ code: string }>(
        app.store.db,
        app.store.sqlite,
        'select code from sites where id = ?',
        [site.id],
      );
      return row?.code;
    });
    expect(code).toBe(site.code);
  });
});

// Writes built once per row shape, in SQLite's `?` form, for both databases: inside a transaction (on SQLite the
// handle's prepared statement) and outside one (a raw query through Kysely, `$n` on PostgreSQL).
describeEachDialect('writes written once for both databases', (env) => {
  const siteRow = (code: string, name: string) => ({
    id: newId(),
    code,
    name,
    kind: 'outlet' as const,
    region_code: '310000',
    status: 'active' as const,
    created_at: 1_700_000_000_000,
    updated_at: 1_700_000_000_000,
  });
  const readSite = async (app: App, code: string) =>
    firstRowOf<{ name: string; updated_at: number | string }>(
      app.store.db,
      app.store.sqlite,
      'select name, updated_at from sites where code = ?',
      [code],
    );

  for (const where of ['outside a transaction', 'inside a transaction'] as const) {
    const run = <T>(app: App, work: (db: Executor) => Promise<T>): Promise<T> =>
      where === 'inside a transaction' ? app.store.transaction(work) : work(app.store.db);

    it(`inserts, applies the conflict clause and updates, counting the rows changed (${where})`, async () => {
      const { app } = env();
      const { sqlite } = app.store;
      const code = unique('W').toUpperCase();
      expect(await run(app, (db) => insertRowOn(db, sqlite, 'sites', siteRow(code, 'first')))).toBe(1);
      const ignored = await run(app, (db) =>
        insertRowOn(db, sqlite, 'sites', siteRow(code, 'second'), ' on conflict (code) do nothing'),
      );
      expect(ignored).toBe(0);
      expect((await readSite(app, code))?.name).toBe('first');
      const upserted = await run(app, (db) =>
        insertRowOn(
          db,
          sqlite,
          'sites',
          siteRow(code, 'third'),
          ' on conflict (code) do update set name = excluded.name',
        ),
      );
      expect(upserted).toBe(1);
      expect((await readSite(app, code))?.name).toBe('third');

      const updated = await run(app, (db) =>
        updateRowOn(db, sqlite, 'sites', { name: 'renamed', updated_at: 1_700_000_000_123 }, 'code', code),
      );
      expect(updated).toBe(1);
      const row = await readSite(app, code);
      expect({ name: row?.name, updatedAt: Number(row?.updated_at) }).toEqual({
        name: 'renamed',
        updatedAt: 1_700_000_000_123,
      });
      expect(await run(app, (db) => updateRowOn(db, sqlite, 'sites', { name: 'x' }, 'code', 'NO-SUCH'))).toBe(
        0,
      );
      expect(await run(app, (db) => updateRowOn(db, sqlite, 'sites', {}, 'code', code))).toBe(0);
    });

    it(`inserts several rows at once, of one shape or two (${where})`, async () => {
      const { app } = env();
      const { sqlite } = app.store;
      const codes = [unique('M'), unique('M'), unique('M')].map((code) => code.toUpperCase());
      const rows = codes.map((code, position) => siteRow(code, `row ${position}`));
      expect(await run(app, (db) => insertRowsOn(db, sqlite, 'sites', rows))).toBe(3);
      // A row of another shape (its columns in another order) takes a statement of its own.
      const more = [unique('M'), unique('M')].map((code) => code.toUpperCase());
      const reordered = Object.fromEntries(Object.entries(siteRow(more[1]!, 'named')).reverse());
      const mixed = [siteRow(more[0]!, 'plain'), reordered as ReturnType<typeof siteRow>];
      expect(await run(app, (db) => insertRowsOn(db, sqlite, 'sites', mixed))).toBe(2);
      for (const [position, code] of codes.entries())
        expect((await readSite(app, code))?.name).toBe(`row ${position}`);
      expect((await readSite(app, more[1]!))?.name).toBe('named');
      expect(await run(app, (db) => insertRowsOn(db, sqlite, 'sites', []))).toBe(0);
    });
  }
});
