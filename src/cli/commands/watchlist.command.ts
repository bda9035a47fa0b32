import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { NewWatchlistEntry } from '../../identity/watchlist.service.js';
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

interface AddOptions {
  documentType?: string;
  number?: string;
  nationality?: string;
  phone?: string;
  reason: string;
  expires?: string;
}

export function registerWatchlist(program: Command): void {
  const global = () => program.opts<GlobalOptions>();
  const watchlist = program
    .command('watchlist')
    .description('documents and phones to watch for: a match at the identity gate holds the parcel');

  watchlist
    .command('add')
    .description(
      'watch a document (--document-type and --number) or a phone (--phone). Give "-" as the number or phone ' +
        'to read it from standard input, keeping it out of the shell history',
    )
    .option('--document-type <type>', 'document type slug, e.g. resident-id, passport, uscc')
    .option('--number <number>', 'document number, or - to read it from standard input')
    .option('--nationality <code>', 'passport nationality (ISO 3166-1 alpha-3)')
    .option('--phone <phone>', 'phone number, or - to read it from standard input')
    .requiredOption('--reason <reason>', 'why it is watched (no personal data)')
    .option('--expires <date>', 'last day it matches, YYYY-MM-DD (default: until removed)')
    .action((options: AddOptions) =>
      withApp(global(), async (app) => {
        const entry = toNewEntry(options);
        if (entry === null) {
          console.error('parcelguard: give either --document-type with --number, or --phone');
          return EXIT_UNUSABLE;
        }
        const added = await app.watchlist.addEntry(cliContext(newId()), entry);
        console.log(`Watchlist entry ${added.id} added (${added.kind} ${added.valueMasked}).`);
      }),
    );

  watchlist
    .command('remove <id>')
    .description('remove a watchlist entry (kept, marked removed)')
    .action((id: string) =>
      withApp(global(), async (app) => {
        await app.watchlist.removeEntry(cliContext(newId()), id);
        console.log(`Watchlist entry ${id} removed.`);
      }),
    );

  watchlist
    .command('list')
    .description('watchlist entries, masked (only those that match today unless --all)')
    .option('--all', 'also removed and expired entries')
    .option('--json', 'print JSON')
    .action((options: { all?: boolean; json?: boolean }) =>
      withReadOnlyApp(global(), async (app) => {
        const entries = await app.watchlist.findEntries({ includeInactive: options.all === true });
        if (options.json) return printJson(entries);
        printTable(
          entries.map((e) => ({
            id: e.id,
            kind: e.documentType ?? e.kind,
            value: e.valueMasked,
            expires: e.expiresOn ?? '',
            active: e.active ? 'yes' : 'no',
            reason: e.reason,
          })),
        );
      }),
    );
}

function toNewEntry(options: AddOptions): NewWatchlistEntry | null {
  const terms = {
    reason: options.reason,
    ...(options.expires === undefined ? {} : { expiresOn: options.expires }),
  };
  const fromStdin = (value: string) => (value === '-' ? readFileSync(0, 'utf8').trim() : value);
  if (options.phone !== undefined && options.number === undefined && options.documentType === undefined)
    return { kind: 'phone', phone: fromStdin(options.phone), ...terms };
  if (options.phone === undefined && options.number !== undefined && options.documentType !== undefined)
    return {
      kind: 'document',
      documentType: options.documentType,
      number: fromStdin(options.number),
      ...(options.nationality === undefined ? {} : { nationality: options.nationality }),
      ...terms,
    };
  return null;
}
