import type { Command } from 'commander';
import { cliContext } from '../../people/actor.js';
import { newId } from '../../platform/ids.js';
import { printJson, withApp, type GlobalOptions } from '../context.js';

export function registerRetention(program: Command): void {
  const retention = program.command('retention').description('retention of personal data');
  retention
    .command('run')
    .description(
      'purge senders not seen within PARCELGUARD_RETENTION_SENDERS_DAYS (unless a running agreement names them) ' +
        'and refusals older than PARCELGUARD_RETENTION_REFUSALS_DAYS; audited with the counts',
    )
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) =>
      withApp(program.opts<GlobalOptions>(), async (app) => {
        const report = await app.retention.run(cliContext(newId()));
        if (options.json) return printJson(report);
        console.log(
          `Purged ${report.senders} sender(s) (${report.senderPhones} phone(s)) last seen before ` +
            `${new Date(report.sendersLastSeenBefore).toISOString()} and ${report.refusals} refusal(s) from before ` +
            `${new Date(report.refusalsBefore).toISOString()}.`,
        );
      }),
    );
}
