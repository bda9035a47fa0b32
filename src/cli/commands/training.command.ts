import { readFileSync, writeFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import type { App } from '../../app.js';
import { cliContext } from '../../people/actor.js';
import { newId } from '../../platform/ids.js';
import {
  EXIT_FAILED,
  EXIT_OK,
  printJson,
  printTable,
  reportError,
  withApp,
  withReadOnlyApp,
  type GlobalOptions,
} from '../context.js';

const wholeNumber = (value: string) => {
  const number = Number(value);
  if (!Number.isInteger(number)) throw new InvalidArgumentError('must be a whole number');
  return number;
};

/** `parcelguard training …`: courses, attendance import, certificates (manual entry, revocation, offline check). */
export function registerTraining(program: Command): void {
  const global = () => program.opts<GlobalOptions>();
  const context = () => cliContext(newId());
  const training = program
    .command('training')
    .description('training and certification: courses, attendance, certificates, due lists and coverage');

  training
    .command('courses')
    .description('list the courses')
    .action(() =>
      withReadOnlyApp(global(), async (app) => {
        printTable(
          (await app.training.findCourses()).map((course) => ({
            code: course.code,
            kind: course.kind,
            version: course.contentVersion,
            grants: course.grants,
            validityDays: course.validityDays,
            passMark: course.passMark,
            status: course.status,
          })),
        );
      }),
    );

  training
    .command('add-course')
    .description('create a course')
    .requiredOption('--code <code>', 'short unique code, e.g. ONB-SAFETY')
    .requiredOption(
      '--kind <kind>',
      'onboarding-safety, national-security-awareness, law-and-ethics, prohibited-items-identification or xray-operation',
    )
    .requiredOption('--title <title>', 'title')
    .requiredOption('--content-version <version>', 'version of the material')
    .requiredOption('--content-ref <ref>', 'where the material lives')
    .option('--validity-days <days>', 'validity of a certificate in days', wholeNumber, 365)
    .option('--pass-mark <percent>', 'percentage needed to pass', wholeNumber, 80)
    .option('--questions <n>', 'questions per attempt', wholeNumber, 10)
    .action(
      (options: {
        code: string;
        kind: string;
        title: string;
        contentVersion: string;
        contentRef: string;
        validityDays: number;
        passMark: number;
        questions: number;
      }) =>
        withApp(global(), async (app) => {
          printJson(
            await app.training.createCourse(context(), {
              code: options.code,
              kind: options.kind as never,
              title: options.title,
              contentVersion: options.contentVersion,
              contentRef: options.contentRef,
              validityDays: options.validityDays,
              passMark: options.passMark,
              questionsPerAttempt: options.questions,
            }),
          );
        }),
    );

  training
    .command('import-attendance <file>')
    .description(
      'record attendance from a CSV file (header session,username,status,note): good lines recorded, each bad one reported with its line number',
    )
    .action((file: string) =>
      withApp(global(), async (app) => {
        const summary = await app.training.importAttendance(context(), readFileSync(file, 'utf8'));
        for (const error of summary.errors) console.error(`line ${error.line}: ${error.message}`);
        console.log(`${summary.recorded} recorded, ${summary.errors.length} refused`);
        return summary.errors.length === 0 ? EXIT_OK : EXIT_FAILED;
      }),
    );

  training
    .command('certify <staff>')
    .description("enter a certificate by hand (an admin's audited manual entry): training done elsewhere")
    .requiredOption('--course <course>', 'course code or id')
    .requiredOption('--from <date>', 'valid from, YYYY-MM-DD (China calendar)')
    .requiredOption('--reason <text>', 'why it is entered by hand (at least 10 characters)')
    .option('--score <percent>', 'the score, when known', wholeNumber)
    .action((staff: string, options: { course: string; from: string; reason: string; score?: number }) =>
      withApp(global(), async (app) => {
        const member = await app.staff.getStaffByIdOrUsername(context(), staff);
        const course = await app.training.getCourse(options.course);
        printJson(
          await app.training.issueManualCertificate(context(), {
            staffId: member.id,
            courseId: course.id,
            validFrom: options.from,
            reason: options.reason,
            score: options.score ?? null,
          }),
        );
      }),
    );

  training
    .command('revoke <certificateId>')
    .description('revoke a certificate with a reason')
    .requiredOption('--reason <text>', 'why')
    .action((id: string, options: { reason: string }) =>
      withApp(global(), async (app) =>
        printJson(await app.training.revokeCertificate(context(), id, options.reason)),
      ),
    );

  training
    .command('export-certificate <certificateId>')
    .description('write the signed certificate document (for verify-certificate)')
    .option('--out <file>', 'write to this file instead of standard output')
    .action((id: string, options: { out?: string }) =>
      withReadOnlyApp(global(), async (app) => {
        const { document } = await app.training.getCertificate(context(), id);
        const text = `${JSON.stringify(document, null, 2)}\n`;
        if (options.out === undefined) process.stdout.write(text);
        else writeFileSync(options.out, text);
      }),
    );

  training
    .command('verify-certificate <file>')
    .description(
      'verify a signed certificate. With --public-key it runs offline (no database): the signature and the dates only; without, also whether it was revoked here',
    )
    .option(
      '--public-key <file>',
      'trusted Ed25519 public key (PEM); the key id is taken from the certificate',
    )
    .option('--on <date>', 'judge the dates on this China calendar day (default today)')
    .action(async (file: string, options: { publicKey?: string; on?: string }) => {
      // The exit code: 0 valid (signature, dates, not revoked where that is known), 1 otherwise.
      const print = (result: {
        valid: boolean;
        validOn?: boolean | null;
        revoked?: boolean | null;
      }): number => {
        console.log(JSON.stringify(result));
        return result.valid && result.validOn !== false && result.revoked !== true ? EXIT_OK : EXIT_FAILED;
      };
      try {
        const text = readFileSync(file, 'utf8');
        if (options.publicKey === undefined) {
          await withReadOnlyApp(global(), async (app) => print(await app.training.verifyCertificate(text)));
          return;
        }
        const { parseSignedCertificate, verifySignedCertificate } =
          await import('../../training/certificate-signing.js');
        const { chinaDate } = await import('../../platform/clock.js');
        const parsed = parseSignedCertificate(text);
        const keyId = typeof parsed === 'string' ? 'unknown' : parsed.keyId;
        process.exitCode = print(
          verifySignedCertificate(
            text,
            new Map([[keyId, readFileSync(options.publicKey, 'utf8')]]),
            options.on ?? chinaDate(Date.now()),
          ),
        );
      } catch (error) {
        process.exitCode = reportError(error);
      }
    });

  training
    .command('background-check <staff>')
    .description(
      'record a background check (X-ray operators need a cleared one; failed revokes X-ray operation)',
    )
    .requiredOption('--status <status>', 'pending, cleared or failed')
    .requiredOption('--date <date>', 'the day it was checked, YYYY-MM-DD')
    .option('--note <text>', 'a note')
    .action((staff: string, options: { status: string; date: string; note?: string }) =>
      withApp(global(), async (app) => {
        const member = await app.staff.getStaffByIdOrUsername(context(), staff);
        printJson(
          await app.training.recordBackgroundCheck(context(), member.id, {
            status: options.status as never,
            checkedOn: options.date,
            note: options.note ?? null,
          }),
        );
      }),
    );

  training
    .command('due')
    .description('who must recertify within N days, and who is overdue (China calendar)')
    .option('--site <site>', 'one site (code or id)')
    .option('--days <n>', 'the window in days', wholeNumber, 30)
    .action((options: { site?: string; days: number }) =>
      withReadOnlyApp(global(), async (app) => {
        const siteId = await siteIdOf(app, options.site);
        printTable(
          (
            await app.training.due(context(), {
              withinDays: options.days,
              ...(siteId === undefined ? {} : { siteId }),
            })
          ).map((item) => ({
            site: item.siteId,
            username: item.username,
            certification: item.certification,
            state: item.state,
            validUntil: item.validUntil ?? '',
            daysLeft: item.daysLeft ?? '',
          })),
        );
      }),
    );

  training
    .command('coverage')
    .description('training coverage per site for a month: staff current per requirement, as ratios')
    .requiredOption('--month <month>', 'YYYY-MM')
    .option('--site <site>', 'one site (code or id)')
    .action((options: { month: string; site?: string }) =>
      withReadOnlyApp(global(), async (app) => {
        const siteId = await siteIdOf(app, options.site);
        printJson(
          await app.training.coverage(context(), {
            month: options.month,
            ...(siteId === undefined ? {} : { siteId }),
          }),
        );
      }),
    );
}

async function siteIdOf(app: App, site: string | undefined): Promise<string | undefined> {
  return site === undefined ? undefined : (await app.sites.getSiteByIdOrCode(site)).id;
}
