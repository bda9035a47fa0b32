// The `parcelguard` command: the same services as the HTTP routes, for operators and scripts.
import { Command } from 'commander';
import { registerAgreement } from './commands/agreement.command.js';
import { registerAudit } from './commands/audit.command.js';
import { registerCase } from './commands/case.command.js';
import { registerEvents } from './commands/events.command.js';
import { registerCaseReports } from './commands/case-report.command.js';
import { registerRequest } from './commands/request.command.js';
import { registerHub } from './commands/hub.command.js';
import { registerIdentity } from './commands/identity.command.js';
import { registerKeys } from './commands/keys.command.js';
import { registerMigrate } from './commands/migrate.command.js';
import { registerImport, registerParcels } from './commands/parcels.command.js';
import { registerPeople } from './commands/people.command.js';
import { registerReport } from './commands/report.command.js';
import { registerRetention } from './commands/retention.command.js';
import { registerRisk } from './commands/risk.command.js';
import { registerScreening } from './commands/screening.command.js';
import { registerSender } from './commands/sender.command.js';
import { registerServe } from './commands/serve.command.js';
import { registerSimulate } from './commands/simulate.command.js';
import { registerTraining } from './commands/training.command.js';
import { registerWatchlist } from './commands/watchlist.command.js';
import { registerWebhook } from './commands/webhook.command.js';

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
  registerSender(program);
  registerAgreement(program);
  registerWatchlist(program);
  registerRetention(program);
  registerScreening(program);
  registerParcels(program);
  registerImport(program);
  registerRisk(program);
  registerHub(program);
  registerSimulate(program);
  registerReport(program);
  registerCase(program);
  // After the cases command, which it extends with report subcommands.
  registerCaseReports(program);
  registerTraining(program);
  registerWebhook(program);
  registerRequest(program);
  registerEvents(program);
  return program;
}

await buildProgram().parseAsync(process.argv);
