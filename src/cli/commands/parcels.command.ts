import { readFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import {
  EXIT_FAILED,
  EXIT_OK,
  reportError,
  withApp,
  withReadOnlyApp,
  type GlobalOptions,
} from '../context.js';
import { cliContext } from '../../people/actor.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { cleanWaybillNo } from '../../parcels/waybill.js';

export function registerParcels(program: Command): void {
  const global = () => program.opts<GlobalOptions>();
  const mark = program.command('mark').description('inspection marks');
  mark
    .command('verify <code>')
    .description(
      'verify an inspection mark for a waybill. With --public-key it runs offline (no database): the check any hub can make',
    )
    .requiredOption('--waybill <waybillNo>', 'the waybill the mark must belong to')
    .option('--public-key <file>', 'trusted Ed25519 public key (PEM); the key id is taken from the mark')
    .action(async (code: string, options: { waybill: string; publicKey?: string }) => {
      const print = (result: { valid: boolean }) => {
        console.log(JSON.stringify(result));
        process.exitCode = result.valid ? EXIT_OK : EXIT_FAILED;
      };
      if (options.publicKey === undefined) {
        await withReadOnlyApp(global(), async (app) => print(app.parcels.verifyMark(code, options.waybill)));
        return;
      }
      try {
        const { decodeInspectionMark, verifyInspectionMark } =
          await import('../../parcels/inspection-mark.js');
        const decoded = decodeInspectionMark(code);
        const pem = readFileSync(options.publicKey, 'utf8');
        const keyId = decoded.ok ? decoded.mark.keyId : 'unknown';
        print(
          verifyInspectionMark(code, {
            expectedWaybillNo: cleanWaybillNo(options.waybill),
            publicKeys: new Map([[keyId, pem]]),
            revokedKeyIds: new Set(),
          }),
        );
      } catch (error) {
        process.exitCode = reportError(error);
      }
    });
}

/** `parcelguard import FILE`: resumable bulk intake from NDJSON or CSV, with progress and a summary. */
export function registerImport(program: Command): void {
  program
    .command('import <file>')
    .description(
      'take parcels in from FILE.ndjson (one intake request per line, as POST /api/v1/parcels) or FILE.csv ' +
        '(columns in the README). Resumable: progress is kept in FILE.progress and a re-run skips what is done; ' +
        'intake is idempotent per waybill, so nothing is taken in twice',
    )
    .option('--courier <username>', 'the collecting courier, for lines that name none')
    .option('--quiet', 'no progress bar')
    .option('--retry-failed', 'read the lines an earlier run found bad again (fix them in the file first)')
    .option(
      '--batch-size <lines>',
      'lines taken in per transaction (and per progress-file update), 1-500',
      (value: string) => {
        const size = Number(value);
        if (!Number.isInteger(size) || size < 1 || size > 500)
          throw new InvalidArgumentError('must be a whole number from 1 to 500');
        return size;
      },
    )
    .action(
      (
        file: string,
        options: { courier?: string; quiet?: boolean; batchSize?: number; retryFailed?: boolean },
      ) =>
        withApp(program.opts<GlobalOptions>(), async (app) => {
          const { runImport } = await import('../import-runner.js');
          const courierId =
            options.courier === undefined
              ? undefined
              : (await app.staff.getStaffByIdOrUsername(cliContext(newId()), options.courier)).id;
          // Every line naming no courier would be refused for the same reason: said once, before the file is read.
          if (courierId !== undefined && !(await app.training.isOnboarded(courierId)))
            throw new AppError(
              'not-certified',
              `--courier ${options.courier} has not passed onboarding safety training; record it first (parcelguard training certify)`,
            );
          const summary = await runImport(app, file, {
            ...(courierId === undefined ? {} : { courierId }),
            progress: !options.quiet,
            retryFailed: options.retryFailed === true,
            ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
          });
          console.log(JSON.stringify(summary));
          if (summary.failed > 0) {
            // Lines an earlier run found bad are not read again unless asked: they are reported (and fail the run)
            // each time, with what to do about them.
            console.error(
              `parcelguard: ${summary.failed} line(s) failed (${summary.failedEarlier} in an earlier, interrupted run): ` +
                `lines ${summary.failedLines.slice(0, 20).join(', ')}${summary.failedLines.length > 20 ? ', …' : ''}; ` +
                'fix them in the file and run again with --retry-failed',
            );
          }
          return summary.failed > 0 ? EXIT_FAILED : EXIT_OK;
        }),
    );
}
