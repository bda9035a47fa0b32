import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { App } from '../../app.js';
import { cliContext } from '../../people/actor.js';
import { newId } from '../../platform/ids.js';
import type { AttestationProof, SignedStatement } from '../../reports/attestation.js';
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

export function registerReport(program: Command): void {
  const global = () => program.opts<GlobalOptions>();
  const report = program
    .command('report')
    .description('three-gate coverage reports and signed day attestations for regulators');

  report
    .command('coverage')
    .description('coverage per site and China calendar day (UTC+8), with ratios and every gap')
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD (inclusive)')
    .requiredOption('--to <date>', 'last day, YYYY-MM-DD (inclusive; at most 92 days)')
    .option('--site <site>', 'one site (code or id); default every site')
    .option(
      '--format <format>',
      'json (the whole report, gaps included) or csv (one line per site and day)',
      'json',
    )
    .option('--gaps-out <file>', 'with csv: also write the gaps, one line per parcel, as CSV to this file')
    .action((options: { from: string; to: string; site?: string; format: string; gapsOut?: string }) =>
      withReadOnlyApp(global(), async (app) => {
        if (options.format !== 'json' && options.format !== 'csv') {
          console.error('parcelguard: --format must be json or csv');
          return EXIT_UNUSABLE;
        }
        if (options.gapsOut !== undefined && options.format !== 'csv') {
          console.error('parcelguard: --gaps-out goes with --format csv (the JSON report lists the gaps)');
          return EXIT_UNUSABLE;
        }
        const siteId = await siteIdOf(app, options.site);
        const result = await app.reports.coverage(cliContext(newId()), {
          from: options.from,
          to: options.to,
          ...(siteId === undefined ? {} : { siteId }),
        });
        if (options.format === 'json') return printJson(result);
        const { coverageCsv, coverageGapsCsv } = await import('../../reports/coverage.js');
        process.stdout.write(coverageCsv(result));
        const more = result.gapsTruncated ? ' (the first of more: narrow the days or the site)' : '';
        if (options.gapsOut !== undefined) {
          writeFileSync(options.gapsOut, coverageGapsCsv(result.gaps));
          console.error(`${result.gaps.length} gaps${more} written to ${options.gapsOut}.`);
        } else if (result.gaps.length > 0) {
          // The day table counts the gaps; a user reading only it must know the list exists and where to get it.
          console.error(
            `${result.gaps.length} gaps${more}: --gaps-out FILE writes them as CSV, --format json lists them.`,
          );
        }
      }),
    );

  report
    .command('attest')
    .description("sign a day's coverage statement with a Merkle root over per-parcel gate records (audited)")
    .requiredOption('--date <date>', 'the China calendar day, YYYY-MM-DD')
    .option('--site <site>', 'one site (code or id); default every site')
    .option('--out <file>', 'write the signed statement to a file instead of standard output')
    .action((options: { date: string; site?: string; out?: string }) =>
      withApp(global(), async (app) => {
        const siteId = await siteIdOf(app, options.site);
        const signed = await app.reports.attest(cliContext(newId()), {
          date: options.date,
          ...(siteId === undefined ? {} : { siteId }),
        });
        write(
          signed,
          options.out,
          `Attestation ${signed.statement.attestationId} written to ${options.out}.`,
        );
      }),
    );

  report
    .command('prove <waybill>')
    .description("an inclusion proof of one parcel's gate record under the newest attestation of a day")
    .requiredOption('--date <date>', 'the attested day, YYYY-MM-DD')
    .option('--site <site>', 'the attested site (code or id); default the every-site attestation')
    .option('--out <file>', 'write the proof to a file instead of standard output')
    .action((waybill: string, options: { date: string; site?: string; out?: string }) =>
      withReadOnlyApp(global(), async (app) => {
        const context = cliContext(newId());
        const siteId = await siteIdOf(app, options.site);
        const id = await app.reports.latestAttestationId(context, options.date, siteId ?? null);
        const proof = await app.reports.prove(context, id, waybill);
        write(proof, options.out, `Proof for ${proof.record.waybillNo} written to ${options.out}.`);
      }),
    );

  report
    .command('verify')
    .description(
      'check a signed statement, and optionally a proof under it, offline with the public key alone',
    )
    .requiredOption('--statement <file>', 'the signed statement (from report attest)')
    .option('--proof <file>', 'an inclusion proof (from report prove)')
    .requiredOption('--public-key <file>', 'the trusted Ed25519 public key (PEM)')
    .action(async (options: { statement: string; proof?: string; publicKey: string }) => {
      try {
        // No app, no database: only the pure verifier and the files.
        const { verifyAttestationProof, verifySignedStatement } =
          await import('../../reports/attestation.js');
        const publicKey = readFileSync(options.publicKey, 'utf8');
        const signed = readJson(options.statement) as SignedStatement;
        let result = verifySignedStatement(signed, publicKey);
        if (result.valid && options.proof !== undefined) {
          result = verifyAttestationProof(readJson(options.proof) as AttestationProof, publicKey, signed);
        }
        if (!result.valid) {
          console.error(`INVALID: ${result.reason}`);
          process.exitCode = EXIT_FAILED;
          return;
        }
        const { statement } = signed;
        console.log(
          `Statement valid: ${statement.day}, ${statement.siteId ?? 'every site'}, ${statement.treeSize} parcels, root ${statement.merkleRoot}.`,
        );
        if (options.proof !== undefined)
          console.log('Proof valid: the gate record is included under that root.');
        process.exitCode = EXIT_OK;
      } catch (error) {
        process.exitCode = reportError(error);
      }
    });
}

async function siteIdOf(app: App, site: string | undefined): Promise<string | undefined> {
  return site === undefined ? undefined : (await app.sites.getSiteByIdOrCode(site)).id;
}

function write(value: unknown, out: string | undefined, message: string): void {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (out === undefined) process.stdout.write(text);
  else {
    writeFileSync(out, text);
    console.log(message);
  }
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(
      `${file} is not readable JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
