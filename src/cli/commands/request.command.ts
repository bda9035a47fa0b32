// `parcelguard request …`: the lawful-request register for the legal liaison at the server's console (the CLI
// operator holds the keys and sees sealed requests; every read is audited), and `verify-package`, which checks a
// package offline with the public key alone.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { cliContext } from '../../people/actor.js';
import { newId } from '../../platform/ids.js';
import { REQUEST_STATUSES } from '../../requests/requests.tables.js';
import {
  EXIT_FAILED,
  EXIT_OK,
  EXIT_UNUSABLE,
  printJson,
  printTable,
  reportError,
  withApp,
  withReadOnlyApp,
  type GlobalOptions,
} from '../context.js';

export function registerRequest(program: Command): void {
  const global = () => program.opts<GlobalOptions>();
  const requests = program
    .command('request')
    .description(
      'lawful requests from the authorities: the register, packages, figures (sealed; reads audited)',
    );

  requests
    .command('list')
    .description('the register, newest first')
    .option('--status <status>', `one of ${REQUEST_STATUSES.join(', ')}`)
    .option('--overdue', 'only requests past their deadline and not finished')
    .option('--json', 'print JSON')
    .action((options: { status?: string; overdue?: boolean; json?: boolean }) =>
      withApp(global(), async (app) => {
        if (
          options.status !== undefined &&
          !(REQUEST_STATUSES as readonly string[]).includes(options.status)
        ) {
          console.error(`parcelguard: --status must be one of ${REQUEST_STATUSES.join(', ')}`);
          return EXIT_UNUSABLE;
        }
        const found = await app.requests.findRequests(cliContext(newId()), {
          ...(options.status === undefined
            ? {}
            : { status: options.status as (typeof REQUEST_STATUSES)[number] }),
          ...(options.overdue === true ? { overdue: true } : {}),
        });
        if (options.json === true) return printJson(found);
        printTable(
          found.map((one) => ({
            reference: one.reference,
            id: one.id,
            agency: one.agencyKind,
            organ: one.issuingOrgan,
            status: one.status,
            deadline: new Date(one.deadlineAt).toISOString(),
            overdue: one.overdue ? 'OVERDUE' : '',
          })),
        );
      }),
    );

  requests
    .command('show <id>')
    .description(
      'one request: officers, document, scope, checklist, the step still missing (the read is audited)',
    )
    .action((id: string) =>
      withApp(global(), async (app) => printJson(await app.requests.getRequest(cliContext(newId()), id))),
    );

  requests
    .command('package <id>')
    .description('write the exported package (personal data inside: the read is audited)')
    .requiredOption('--out <file>', 'where to write it (JSON)')
    .action((id: string, options: { out: string }) =>
      withApp(global(), async (app) => {
        const pkg = await app.requests.getPackage(cliContext(newId()), id);
        writeFileSync(options.out, JSON.stringify(pkg, null, 2), { mode: 0o600 });
        console.log(
          `Wrote the package of ${pkg.manifest.reference} (${pkg.manifest.files.length} files) to ${options.out}.`,
        );
      }),
    );

  requests
    .command('figures')
    .description('requests per agency kind and quarter, and how many are overdue: counts only')
    .requiredOption('--from <date>', 'first China calendar day, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last day, inclusive')
    .action((options: { from: string; to: string }) =>
      withReadOnlyApp(global(), async (app) =>
        printJson(await app.requests.figures(cliContext(newId()), options)),
      ),
    );

  requests
    .command('verify-package <package>')
    .description(
      'check a package offline against the public key: the manifest signature and every file’s hash',
    )
    .requiredOption('--public-key <file>', 'the trusted Ed25519 public key (PEM)')
    .action(async (file: string, options: { publicKey: string }) => {
      try {
        // No app, no database: the pure verifier and the files only.
        const { verifyRequestPackage } = await import('../../requests/request-package.js');
        let candidate: unknown;
        try {
          candidate = JSON.parse(readFileSync(file, 'utf8'));
        } catch (error) {
          throw new Error(
            `${file} is not readable JSON: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
        const result = verifyRequestPackage(candidate, readFileSync(options.publicKey, 'utf8'));
        if (!result.valid) {
          console.error(`INVALID: ${result.reason}`);
          process.exitCode = EXIT_FAILED;
          return;
        }
        console.log(
          `Package valid: ${result.reference} (request ${result.requestId}), ${result.files} files, each matching its signed hash.`,
        );
        process.exitCode = EXIT_OK;
      } catch (error) {
        process.exitCode = reportError(error);
      }
    });
}
