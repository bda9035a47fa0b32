import { expect, it } from 'vitest';
import { createSite, describeEachDialect } from '../../testing/test-app.js';
import { firstRowOf, rowsOf } from './sqlite-fast-path.js';

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
