import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { cliContext } from '../../people/actor.js';
import { newId } from '../../platform/ids.js';
import {
  EXIT_UNUSABLE,
  printJson,
  printTable,
  withApp,
  withReadOnlyApp,
  type GlobalOptions,
} from '../context.js';

export function registerRisk(program: Command): void {
  const global = () => program.opts<GlobalOptions>();
  const risk = program.command('risk').description('risk rule sets (declarative, weighted, versioned)');
  risk
    .command('list')
    .description('published rule set versions, newest (active) first')
    .action(() =>
      withReadOnlyApp(global(), async (app) => {
        printTable(
          (await app.riskRules.findVersions()).map((v) => ({
            version: v.version,
            active: v.active ? 'active' : '',
            published: new Date(v.publishedAt).toISOString(),
            by: v.publishedBy,
            notes: v.notes ?? '',
          })),
        );
      }),
    );
  risk
    .command('show <version>')
    .description('print one rule set version (JSON)')
    .action((version: string) =>
      withReadOnlyApp(global(), async (app) => {
        printJson(await app.riskRules.getRuleSet(version));
      }),
    );
  risk
    .command('publish <file>')
    .description('publish a rule set (JSON) as a new version; it becomes active at once (audited)')
    .option('--notes <text>', 'what changed and why')
    .action((file: string, options: { notes?: string }) =>
      withApp(global(), async (app) => {
        const published = await app.riskRules.publish(
          cliContext(newId()),
          JSON.parse(readFileSync(file, 'utf8')),
          options.notes ?? null,
        );
        console.log(`Risk rule set ${published.version} published and active.`);
      }),
    );
  risk
    .command('dry-run <file>')
    .description(
      'evaluate a candidate rule set against the parcels taken in between --from and --to; writes nothing',
    )
    .requiredOption('--from <date>', 'start (ISO date or date-time)')
    .requiredOption('--to <date>', 'end, exclusive (ISO date or date-time)')
    .action((file: string, options: { from: string; to: string }) =>
      withReadOnlyApp(global(), async (app) => {
        const from = Date.parse(options.from);
        const to = Date.parse(options.to);
        if (Number.isNaN(from) || Number.isNaN(to)) {
          console.error('parcelguard: --from and --to must be ISO dates, e.g. 2026-11-01');
          return EXIT_UNUSABLE;
        }
        printJson(await app.riskRules.dryRun(JSON.parse(readFileSync(file, 'utf8')), from, to));
      }),
    );
  risk
    .command('export-bundled')
    .description('print the rule set bundled with this release (a starting point for a new version)')
    .action(async () => {
      const { loadDefaultRuleSet } = await import('../../parcels/risk-rules.js');
      printJson(loadDefaultRuleSet());
    });
}
