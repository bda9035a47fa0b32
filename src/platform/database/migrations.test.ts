import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../testing/test-app.js';
import { migrateToEmpty, migrateToLatest } from './migrator.js';

describeEachDialect('migrations', (env) => {
  it('run down to empty and back up again', async () => {
    const { app } = env();
    await app.store.db.selectFrom('sites').select('id').execute();
    await migrateToEmpty(app.store);
    await expect(sql`select id from sites`.execute(app.store.db)).rejects.toThrow();
    const outcome = await migrateToLatest(app.store);
    expect(outcome.applied.length).toBeGreaterThan(0);
    expect(await app.store.db.selectFrom('sites').select('id').execute()).toEqual([]);
    expect((await migrateToLatest(app.store)).applied).toEqual([]);
  });
});
