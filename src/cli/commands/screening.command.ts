import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { cliContext } from '../../people/actor.js';
import { newId } from '../../platform/ids.js';
import type { Route } from '../../screening/catalogue.js';
import type { Screener } from '../../screening/screener.js';
import {
  EXIT_UNUSABLE,
  printJson,
  printTable,
  reportError,
  withApp,
  withReadOnlyApp,
  type GlobalOptions,
} from '../context.js';
import { mapNdjson } from '../ndjson.js';

// The routes, spelled here so registering the command does not load the screening code.
const ROUTES: readonly Route[] = ['domestic', 'inbound', 'outbound'];

export function registerScreening(program: Command): void {
  const global = () => program.opts<GlobalOptions>();

  program
    .command('screen [description]')
    .description(
      'screen declared contents. With a description: screen one. Without: read NDJSON lines ' +
        '{"description","route"?,"quantity"?,"unit"?} on stdin and write one result line per input, in order. ' +
        'Uses the catalogue bundled with this release unless --catalogue or --active is given',
    )
    .option('--route <route>', `one of ${ROUTES.join(', ')}`, 'domestic')
    .option('--quantity <n>', 'declared quantity')
    .option('--unit <unit>', 'unit of the quantity')
    .option('--catalogue <file>', 'screen with this catalogue document (JSON)')
    .option('--active', "screen with the store's active catalogue version (uses --db / DATABASE_URL)")
    .action(
      async (
        description: string | undefined,
        options: { route: string; quantity?: string; unit?: string; catalogue?: string; active?: boolean },
      ) => {
        const { screenLine } = await import('../../screening/screen-line.js');
        const run = async (screener: Screener) => {
          if (description === undefined) {
            await mapNdjson(process.stdin, process.stdout, (line) => screenLine(screener, line));
            return;
          }
          if (!(ROUTES as readonly string[]).includes(options.route)) {
            console.error(`parcelguard: --route must be one of ${ROUTES.join(', ')}`);
            return EXIT_UNUSABLE;
          }
          const quantity = options.quantity === undefined ? undefined : Number(options.quantity);
          if (quantity !== undefined && !(Number.isFinite(quantity) && quantity >= 0)) {
            console.error('parcelguard: --quantity must be a number ≥ 0');
            return EXIT_UNUSABLE;
          }
          console.log(
            JSON.stringify(
              screener.screen({
                description,
                route: options.route as Route,
                ...(quantity === undefined ? {} : { quantity }),
                ...(options.unit === undefined ? {} : { unit: options.unit }),
              }),
            ),
          );
        };
        if (options.active) {
          await withApp(global(), async (app) => run(await app.screening.activeScreener()));
          return;
        }
        try {
          const { parseCatalogue } = await import('../../screening/catalogue.js');
          const { loadDefaultCatalogue } = await import('../../screening/default-catalogue.js');
          const { createScreener } = await import('../../screening/screener.js');
          const catalogue =
            options.catalogue === undefined
              ? loadDefaultCatalogue()
              : parseCatalogue(JSON.parse(readFileSync(options.catalogue, 'utf8')));
          process.exitCode = (await run(createScreener(catalogue))) ?? 0;
        } catch (error) {
          process.exitCode = reportError(error);
        }
      },
    );

  const catalogue = program.command('catalogue').description('versions of the prohibited-items catalogue');
  catalogue
    .command('list')
    .description('published versions, newest (active) first')
    .action(() =>
      withReadOnlyApp(global(), async (app) => {
        printTable(
          (await app.screening.findVersions()).map((v) => ({
            version: v.version,
            active: v.active ? 'active' : '',
            published: new Date(v.publishedAt).toISOString(),
            by: v.publishedBy,
            notes: v.notes ?? '',
          })),
        );
      }),
    );
  catalogue
    .command('show <version>')
    .description('print one version (JSON)')
    .action((version: string) =>
      withReadOnlyApp(global(), async (app) => {
        printJson(await app.screening.getCatalogue(version));
      }),
    );
  catalogue
    .command('publish <file>')
    .description('publish a catalogue document (JSON) as a new version; it becomes active at once (audited)')
    .option('--notes <text>', 'what changed and why')
    .action((file: string, options: { notes?: string }) =>
      withApp(global(), async (app) => {
        const document: unknown = JSON.parse(readFileSync(file, 'utf8'));
        const published = await app.screening.publish(cliContext(newId()), document, options.notes ?? null);
        console.log(
          `Catalogue version ${published.version} published and active (sha256 ${published.contentHash}).`,
        );
      }),
    );
  catalogue
    .command('diff <from> <to>')
    .description('what changed between two versions (text; --json for the full structure)')
    .option('--json', 'print the diff as JSON')
    .action((from: string, to: string, options: { json?: boolean }) =>
      withReadOnlyApp(global(), async (app) => {
        const diff = await app.screening.diff(from, to);
        if (options.json) {
          printJson(diff);
          return;
        }
        const { formatCatalogueDiff } = await import('../../screening/catalogue-diff.js');
        console.log(formatCatalogueDiff(diff));
      }),
    );
  catalogue
    .command('export-bundled')
    .description('print the catalogue bundled with this release (a starting point for a new version)')
    .action(async () => {
      const { loadDefaultCatalogue } = await import('../../screening/default-catalogue.js');
      printJson(loadDefaultCatalogue());
    });
}
