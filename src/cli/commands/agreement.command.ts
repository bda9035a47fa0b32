import type { Command } from 'commander';
import type { Agreement, AgreementStatus } from '../../identity/identity.types.js';
import { printJson, printTable, withReadOnlyApp, type GlobalOptions } from '../context.js';

const MS_PER_DAY = 86_400_000;

export function registerAgreement(program: Command): void {
  const global = () => program.opts<GlobalOptions>();
  const agreement = program.command('agreement').description('security agreements of agreement customers');

  agreement
    .command('expiring')
    .description(
      'agreements still running (active or suspended) whose valid-until falls within the next N days',
    )
    .option('--days <n>', 'days ahead', '30')
    .option('--json', 'print JSON')
    .action((options: { days: string; json?: boolean }) =>
      withReadOnlyApp(global(), async (app) => {
        const agreements = await app.agreements.findExpiring(Number(options.days));
        if (options.json) return printJson(agreements);
        const { chinaDate } = await import('../../identity/subject-index.js');
        const today = Date.parse(chinaDate(app.clock.now()));
        printTable(
          agreements.map((a) => ({
            ...summary(a),
            'days left': Math.round((Date.parse(a.validUntil) - today) / MS_PER_DAY),
          })),
        );
      }),
    );

  agreement
    .command('list')
    .description('security agreements, soonest to end first')
    .option('--status <status>', 'active, suspended, expired or terminated')
    .option('--json', 'print JSON')
    .action((options: { status?: string; json?: boolean }) =>
      withReadOnlyApp(global(), async (app) => {
        const agreements = await app.agreements.findAgreements(
          options.status === undefined ? {} : { status: options.status as AgreementStatus },
        );
        if (options.json) return printJson(agreements);
        printTable(agreements.map(summary));
      }),
    );
}

function summary(agreement: Agreement) {
  return {
    number: agreement.number,
    organisation: agreement.organisationName,
    status: agreement.status,
    'valid until': agreement.validUntil,
    id: agreement.id,
  };
}
