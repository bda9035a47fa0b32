import type { Command } from 'commander';
import {
  EXIT_UNUSABLE,
  cliConfig,
  printJson,
  reportError,
  silentLogger,
  type GlobalOptions,
} from '../context.js';

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description(
      'drive realistic traffic through the real services over past days: counters, agreement customers, refusals, prohibited and watch items, X-ray suspects, bags, and a few gate gaps on purpose',
    )
    .requiredOption('--parcels <n>', 'how many parcels in all')
    .requiredOption('--days <d>', 'over how many days, ending yesterday')
    .option('--seed <s>', 'the same seed gives the same traffic', '20261128')
    .option('--quiet', 'print only the final summary')
    .action(async (options: { parcels: string; days: string; seed: string; quiet?: boolean }) => {
      const parcels = Number(options.parcels);
      const days = Number(options.days);
      if (!Number.isInteger(parcels) || parcels < 1 || !Number.isInteger(days) || days < 1 || days > 366) {
        console.error('parcelguard: --parcels must be a whole number ≥ 1 and --days from 1 to 366');
        process.exitCode = EXIT_UNUSABLE;
        return;
      }
      const [{ createApp }, { simulate }, { ManualClock }] = await Promise.all([
        import('../../app.js'),
        import('../../simulation/simulator.js'),
        import('../../platform/clock.js'),
      ]);
      const clock = new ManualClock(Date.now());
      let app;
      try {
        app = await createApp(cliConfig(program.opts<GlobalOptions>()), {
          clock,
          logger: await silentLogger(),
        });
        const summary = await simulate(app, clock, {
          parcels,
          days,
          seed: Number(options.seed),
          ...(options.quiet === true
            ? {}
            : {
                onDay: (day, sofar) =>
                  console.error(
                    `${day}: ${sofar.parcels} parcels so far (${Math.round(sofar.elapsedMs / 1000)} s)`,
                  ),
              }),
        });
        printJson(summary);
      } catch (error) {
        process.exitCode = reportError(error);
      } finally {
        await app?.close();
      }
    });
}
