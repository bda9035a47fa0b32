// `parcelguard case report-…`: reports of cases to the authorities, their packages (checked offline with the public
// key alone by `case report-verify`), and `case figures`. Attached to the `case` command (created if absent).
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { App } from '../../app.js';
import { cliContext } from '../../people/actor.js';
import { newId } from '../../platform/ids.js';
import {
  EXIT_FAILED,
  EXIT_OK,
  EXIT_UNUSABLE,
  printJson,
  reportError,
  withApp,
  withReadOnlyApp,
  type GlobalOptions,
} from '../context.js';

export function registerCaseReports(program: Command): void {
  const global = () => program.opts<GlobalOptions>();
  const cases =
    program.commands.find((command) => command.name() === 'case') ??
    program.command('case').description('cases: clues, evidence, custody, reports to the authorities');

  cases
    .command('report-route <caseId>')
    .description(
      'the authority a case goes to (by category and direction), and the personal data it would carry',
    )
    .action((caseId: string) =>
      withReadOnlyApp(global(), async (app) =>
        printJson(await app.caseReports.proposeRoute(cliContext(newId()), caseId)),
      ),
    );

  cases
    .command('report-draft <caseId>')
    .description('draft a report of a case to an authority (the evidence it includes is locked)')
    .requiredOption('--as <staff>', 'the drafting officer (id or username)')
    .requiredOption(
      '--summary <text>',
      'the facts, 10 to 5000 characters (no personal data: the package adds it)',
    )
    .option('--evidence <ids>', 'evidence ids to include, comma-separated', '')
    .option('--authority <code>', 'another authority than the routed one (needs --reason)')
    .option('--reason <text>', 'why another authority')
    .option('--custody <text>', 'where the item is kept and by whom')
    .action(
      (
        caseId: string,
        options: {
          as: string;
          summary: string;
          evidence: string;
          authority?: string;
          reason?: string;
          custody?: string;
        },
      ) =>
        withApp(global(), async (app) => {
          const context = cliContext(newId());
          const report = await app.caseReports.draft(context, {
            caseId,
            summary: options.summary,
            evidenceIds: options.evidence
              .split(',')
              .map((id) => id.trim())
              .filter((id) => id !== ''),
            draftedBy: await staffId(app, options.as),
            ...(options.authority === undefined ? {} : { authority: options.authority }),
            ...(options.reason === undefined ? {} : { overrideReason: options.reason }),
            ...(options.custody === undefined ? {} : { custodyNote: options.custody }),
          });
          return printJson(report);
        }),
    );

  cases
    .command('report-approve <reportId>')
    .description(
      'approve a draft as a second officer or the station manager (never its author); signs the package',
    )
    .requiredOption('--as <staff>', 'the approving officer (id or username)')
    .action((reportId: string, options: { as: string }) =>
      withApp(global(), async (app) =>
        printJson(
          await app.caseReports.approve(cliContext(newId()), reportId, {
            approvedBy: await staffId(app, options.as),
          }),
        ),
      ),
    );

  cases
    .command('report-submit <reportId>')
    .description('record that an approved report was handed to its authority')
    .requiredOption('--as <staff>', 'who handed it over (id or username)')
    .requiredOption('--channel <channel>', 'hotline, website, in-person or letter')
    .option('--reference <text>', "the authority's reference number")
    .option('--at <time>', 'when (ISO 8601; default now)')
    .action((reportId: string, options: { as: string; channel: string; reference?: string; at?: string }) =>
      withApp(global(), async (app) => {
        const at = options.at === undefined ? undefined : Date.parse(options.at);
        if (at !== undefined && Number.isNaN(at)) {
          console.error('parcelguard: --at must be an ISO 8601 time');
          return EXIT_UNUSABLE;
        }
        return printJson(
          await app.caseReports.submit(cliContext(newId()), reportId, {
            channel: options.channel,
            submittedBy: await staffId(app, options.as),
            ...(options.reference === undefined ? {} : { authorityReference: options.reference }),
            ...(at === undefined ? {} : { submittedAt: at }),
          }),
        );
      }),
    );

  cases
    .command('report-ack <reportId>')
    .description("record the authority's acknowledgement")
    .option('--reference <text>', "the authority's reference number, if given only now")
    .option('--note <text>', 'what the authority said')
    .action((reportId: string, options: { reference?: string; note?: string }) =>
      withApp(global(), async (app) =>
        printJson(
          await app.caseReports.acknowledge(cliContext(newId()), reportId, {
            ...(options.reference === undefined ? {} : { authorityReference: options.reference }),
            ...(options.note === undefined ? {} : { note: options.note }),
          }),
        ),
      ),
    );

  cases
    .command('report-list')
    .description('reports to the authorities, newest first')
    .option('--case <caseId>', "one case's reports")
    .option('--status <status>', 'draft, approved, submitted or acknowledged')
    .option('--authority <code>', 'one authority')
    .action((options: { case?: string; status?: string; authority?: string }) =>
      withReadOnlyApp(global(), async (app) => {
        const context = cliContext(newId());
        if (options.case !== undefined)
          return printJson(await app.caseReports.findReportsOfCase(context, options.case));
        return printJson(
          await app.caseReports.findReports(context, {
            ...(options.status === undefined ? {} : { status: options.status }),
            ...(options.authority === undefined ? {} : { authority: options.authority }),
          }),
        );
      }),
    );

  cases
    .command('report-package <reportId>')
    .description(
      'write the signed package of an approved report (and its PDF); carries personal data, audited',
    )
    .requiredOption('--out <file>', 'the package (JSON)')
    .option('--pdf <file>', 'also write the PDF')
    .action((reportId: string, options: { out: string; pdf?: string }) =>
      withApp(global(), async (app) => {
        const reportPackage = await app.caseReports.getPackage(cliContext(newId()), reportId);
        writeFileSync(options.out, `${JSON.stringify(reportPackage, null, 2)}\n`, { mode: 0o600 });
        if (options.pdf !== undefined)
          writeFileSync(options.pdf, Buffer.from(reportPackage.pdf, 'base64'), { mode: 0o600 });
        console.log(
          `Package of report ${reportId} (${reportPackage.document.authority.code}) written to ${options.out}` +
            (options.pdf === undefined ? '.' : `, its PDF to ${options.pdf}.`),
        );
      }),
    );

  cases
    .command('report-verify <package>')
    .description('check a report package offline against the public key: signature, document and PDF hashes')
    .requiredOption('--public-key <file>', 'the trusted Ed25519 public key (PEM)')
    .action(async (file: string, options: { publicKey: string }) => {
      try {
        // No app, no database: the pure verifier and the files only.
        const { verifyReportPackage } = await import('../../cases/reports/report-package.js');
        const publicKey = readFileSync(options.publicKey, 'utf8');
        let candidate: unknown;
        try {
          candidate = JSON.parse(readFileSync(file, 'utf8'));
        } catch (error) {
          throw new Error(
            `${file} is not readable JSON: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
        const result = verifyReportPackage(candidate, publicKey);
        if (!result.valid) {
          console.error(`INVALID: ${result.reason}`);
          process.exitCode = EXIT_FAILED;
          return;
        }
        console.log(
          `Package valid: report ${result.reportId} to ${result.authority}; document SHA-256 ${result.documentSha256}, ` +
            `PDF SHA-256 ${result.pdfSha256}.`,
        );
        process.exitCode = EXIT_OK;
      } catch (error) {
        process.exitCode = reportError(error);
      }
    });

  cases
    .command('figures')
    .description('clue → case → report funnel per site and month, times, outcomes, authorities, recognition')
    .requiredOption('--from <date>', 'first China calendar day, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last day, inclusive')
    .option('--site <site>', 'one site (code or id)')
    .action((options: { from: string; to: string; site?: string }) =>
      withReadOnlyApp(global(), async (app) => {
        const siteId =
          options.site === undefined ? undefined : (await app.sites.getSiteByIdOrCode(options.site)).id;
        return printJson(
          await app.caseReports.figures(cliContext(newId()), {
            from: options.from,
            to: options.to,
            ...(siteId === undefined ? {} : { siteId }),
          }),
        );
      }),
    );
}

async function staffId(app: App, idOrUsername: string): Promise<string> {
  return (await app.staff.getStaffByIdOrUsername(cliContext(newId()), idOrUsername)).id;
}
