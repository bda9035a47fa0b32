import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { cliContext } from '../../people/actor.js';
import { newId } from '../../platform/ids.js';
import type { ScanInput } from '../../hubs/scans.service.js';
import { countLines, ProgressLine } from '../progress.js';
import {
  EXIT_FAILED,
  printJson,
  printTable,
  withApp,
  withReadOnlyApp,
  type GlobalOptions,
} from '../context.js';

/** Scans are sent to the service in batches of this many: one durable transaction each. */
const SCAN_BATCH = 500;

export function registerHub(program: Command): void {
  const global = () => program.opts<GlobalOptions>();
  const machine = program
    .command('machine')
    .description('screening machines (X-ray equipment) and their certification');
  machine
    .command('list')
    .description('registered machines, with whether each may screen today')
    .option('--site <site>', 'only this site (id or code)')
    .action((options: { site?: string }) =>
      withReadOnlyApp(global(), async (app) => {
        printTable(
          (
            await app.machines.list(
              cliContext(newId()),
              options.site === undefined ? {} : { siteId: await app.sites.resolveSiteId(options.site) },
            )
          ).map((m) => ({
            code: m.machineCode,
            site: m.siteId,
            kind: m.kind,
            model: `${m.maker} ${m.model}`,
            standard: m.standard,
            certificate: m.certificateNo,
            until: m.certifiedUntil,
            status: m.status,
            today: m.certifiedToday ? 'certified' : 'NOT CERTIFIED',
          })),
        );
      }),
    );
  machine
    .command('register')
    .description('register a machine with its certificate (audited)')
    .requiredOption('--code <code>', 'the machine code its station software sends')
    .requiredOption('--site <site>', 'where it stands (id or code)')
    .requiredOption('--maker <maker>')
    .requiredOption('--model <model>')
    .option('--kind <kind>', 'xray, etd or other', 'xray')
    .option('--standard <standard>', 'certified against', 'GB 15208.1-2018')
    .requiredOption('--certificate <no>', 'certificate number')
    .requiredOption('--certified-until <date>', 'YYYY-MM-DD')
    .requiredOption('--calibrated-on <date>', 'last calibration, YYYY-MM-DD')
    .action(
      (options: {
        code: string;
        site: string;
        maker: string;
        model: string;
        kind: 'xray' | 'etd' | 'other';
        standard: string;
        certificate: string;
        certifiedUntil: string;
        calibratedOn: string;
      }) =>
        withApp(global(), async (app) => {
          printJson(
            await app.machines.register(cliContext(newId()), {
              machineCode: options.code,
              siteId: await app.sites.resolveSiteId(options.site),
              kind: options.kind,
              maker: options.maker,
              model: options.model,
              standard: options.standard,
              certificateNo: options.certificate,
              certifiedUntil: options.certifiedUntil,
              lastCalibratedOn: options.calibratedOn,
            }),
          );
        }),
    );
  machine
    .command('update <machine>')
    .description('renew a certificate, record a calibration, or retire a machine (id or code; audited)')
    .option('--certificate <no>')
    .option('--certified-until <date>')
    .option('--calibrated-on <date>')
    .option('--retire', 'take the machine out of service')
    .action(
      (
        id: string,
        options: { certificate?: string; certifiedUntil?: string; calibratedOn?: string; retire?: boolean },
      ) =>
        withApp(global(), async (app) => {
          printJson(
            await app.machines.update(cliContext(newId()), id, {
              ...(options.certificate === undefined ? {} : { certificateNo: options.certificate }),
              ...(options.certifiedUntil === undefined ? {} : { certifiedUntil: options.certifiedUntil }),
              ...(options.calibratedOn === undefined ? {} : { lastCalibratedOn: options.calibratedOn }),
              ...(options.retire === true ? { status: 'retired' as const } : {}),
            }),
          );
        }),
    );

  program
    .command('scans <file>')
    .description(
      'record X-ray scan events from an NDJSON file (- for stdin): one answer line per scan on stdout, a summary on stderr; re-sending is safe (idempotent by eventId)',
    )
    .option('--quiet', 'no progress line on stderr')
    .action((file: string, options: { quiet?: boolean }) =>
      withApp(global(), async (app) => {
        const input = file === '-' ? process.stdin : createReadStream(file);
        const progress =
          options.quiet === true ? null : new ProgressLine('lines', file === '-' ? null : countLines(file));
        const context = cliContext(newId());
        const totals = { recorded: 0, replayed: 0, rejected: 0 };
        let batch: ScanInput[] = [];
        const flush = async () => {
          if (batch.length === 0) return;
          for (const answer of await app.scans.submit(context, batch)) {
            process.stdout.write(`${JSON.stringify(answer)}\n`);
            if (answer.status === 201) totals.recorded += 1;
            else if (answer.status === 200) totals.replayed += 1;
            else totals.rejected += 1;
          }
          batch = [];
        };
        let lineNo = 0;
        for await (const line of createInterface({ input, crlfDelay: Infinity })) {
          lineNo += 1;
          if (line.trim() === '') continue;
          try {
            batch.push(JSON.parse(line) as ScanInput);
          } catch {
            await flush(); // answers stay in input order
            process.stdout.write(
              `${JSON.stringify({ line: lineNo, status: 400, problem: { code: 'malformed-json', detail: `line ${lineNo} is not valid JSON` } })}\n`,
            );
            totals.rejected += 1;
            continue;
          }
          if (batch.length >= SCAN_BATCH) {
            await flush();
            progress?.update(lineNo);
          }
        }
        await flush();
        progress?.finish(lineNo);
        console.error(
          `scans: ${totals.recorded} recorded, ${totals.replayed} already recorded, ${totals.rejected} rejected`,
        );
        return totals.rejected > 0 ? EXIT_FAILED : undefined;
      }),
    );

  program
    .command('dispatch <waybillNo...>')
    .description('dispatch X-rayed parcels, as one bag or cage: all leave or none does (audited)')
    .requiredOption('--site <site>', 'the site they leave (id or code)')
    .option('--container <no>', 'bag, cage or seal number')
    .action((waybillNos: string[], options: { site: string; container?: string }) =>
      withApp(global(), async (app) => {
        printJson(
          await app.dispatch.dispatch(cliContext(newId()), {
            siteId: await app.sites.resolveSiteId(options.site),
            waybillNos,
            ...(options.container === undefined ? {} : { containerNo: options.container }),
          }),
        );
      }),
    );
}
