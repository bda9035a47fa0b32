import type { Command } from 'commander';
import { cliConfig, reportError, type GlobalOptions } from '../context.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('bring the database schema up to date (or undo the latest migration with --down)')
    .option('--down', 'undo the most recent migration')
    .action(async (options: { down?: boolean }) => {
      try {
        const { migrateDown, migrateToLatest } = await import('../../platform/database/migrator.js');
        const { openStore } = await import('../../platform/database/store.js');
        const config = cliConfig(program.opts<GlobalOptions>());
        const store = openStore(config.databaseUrl, { sqliteSynchronous: config.sqliteSynchronous });
        try {
          const outcome = options.down ? await migrateDown(store) : await migrateToLatest(store);
          const verb = options.down ? 'undone' : 'applied';
          console.log(
            outcome.applied.length === 0
              ? 'Nothing to do: the schema is up to date.'
              : `Migrations ${verb}: ${outcome.applied.join(', ')}`,
          );
        } finally {
          await store.close();
        }
      } catch (error) {
        process.exitCode = reportError(error);
      }
    });
}
