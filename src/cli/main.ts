// The `parcelguard` command: the same services as the HTTP routes, for operators and scripts.
import { Command } from 'commander';
import { registerAudit } from './commands/audit.command.js';
import { registerIdentity } from './commands/identity.command.js';
import { registerKeys } from './commands/keys.command.js';
import { registerMigrate } from './commands/migrate.command.js';
import { registerPeople } from './commands/people.command.js';
import { registerServe } from './commands/serve.command.js';

export function buildProgram(): Command {
  const program = new Command('parcelguard')
    .description('ParcelGuard: parcel-security compliance (real-name collection, inspection, X-ray, proof)')
    .option(
      '--db <file>',
      'SQLite database file (or a postgres:// URL); default DATABASE_URL or <data dir>/parcelguard.db',
    )
    .showHelpAfterError();
  registerServe(program);
  registerMigrate(program);
  registerPeople(program);
  registerAudit(program);
  registerKeys(program);
  registerIdentity(program);
  return program;
}

await buildProgram().parseAsync(process.argv);
