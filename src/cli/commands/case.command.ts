import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { EvidenceInput, TriageInput } from '../../cases/cases.service.js';
import { CASE_OUTCOMES, CASE_STATUSES, EVIDENCE_RECORD_KINDS } from '../../cases/cases.tables.js';
import { HANDOVER_KINDS, type HandoverInput } from '../../cases/custody.service.js';
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

const MEDIA_TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.pdf': 'application/pdf',
};

function isOneOf<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}

function unusable(message: string): number {
  console.error(`parcelguard: ${message}`);
  return EXIT_UNUSABLE;
}

export function registerCase(program: Command): void {
  const global = () => program.opts<GlobalOptions>();
  const cases = program
    .command('case')
    .description(
      'cases: clue triage, status and outcome, assignment, evidence, custody hand-overs, deadlines, sealed-case clearance',
    );

  cases
    .command('list')
    .description('cases, newest first (the CLI operator sees sealed cases; each such read is audited)')
    .option('--status <status>', `one of ${CASE_STATUSES.join(', ')}`)
    .option('--overdue', 'only cases past their deadline and not yet reported or closed')
    .option('--waybill <no>', 'only the cases of one parcel')
    .option('--limit <n>', 'at most n cases', '100')
    .option('--json', 'print JSON')
    .action(
      (options: { status?: string; overdue?: boolean; waybill?: string; limit: string; json?: boolean }) =>
        withReadOnlyApp(global(), async (app) => {
          if (options.status !== undefined && !isOneOf(CASE_STATUSES, options.status))
            return unusable(`--status must be one of ${CASE_STATUSES.join(', ')}`);
          const found = await app.cases.findCases(cliContext(newId()), {
            ...(options.status === undefined ? {} : { status: options.status }),
            ...(options.overdue === true ? { overdue: true } : {}),
            ...(options.waybill === undefined ? {} : { waybillNo: options.waybill }),
            limit: Number(options.limit),
          });
          if (options.json) return printJson(found);
          printTable(
            found.map((c) => ({
              id: c.id,
              status: c.status,
              outcome: c.outcome ?? '',
              priority: c.priority,
              sealed: c.sealed ? 'sealed' : '',
              deadline: new Date(c.deadlineAt).toISOString(),
              overdue: c.overdue ? 'OVERDUE' : '',
              title: c.title,
            })),
          );
          if (options.overdue === true) {
            const { count } = await app.cases.findOverdue(cliContext(newId()));
            console.log(`${count} overdue case(s).`);
          }
        }),
    );

  cases
    .command('show <id>')
    .description('one case with its timeline, clues, evidence and custody hand-overs')
    .option('--json', 'print JSON')
    .action((id: string, options: { json?: boolean }) =>
      withReadOnlyApp(global(), async (app) => {
        const found = await app.cases.getCase(cliContext(newId()), id);
        if (options.json) return printJson(found);
        console.log(`${found.title}`);
        console.log(
          `status ${found.status}${found.outcome === null ? '' : ` (${found.outcome})`}, priority ${found.priority}` +
            `${found.sealed ? ', SEALED' : ''}, deadline ${new Date(found.deadlineAt).toISOString()}` +
            `${found.overdue ? ' (overdue)' : ''}, assignee ${found.assigneeId ?? 'nobody'}`,
        );
        console.log('\nTimeline:');
        printTable(
          found.timeline.map((e) => ({
            at: new Date(e.at).toISOString(),
            kind: e.kind,
            by: e.actorId,
            data: e.data,
          })),
        );
        console.log('\nClues:');
        printTable(
          found.clues.map((c) => ({ id: c.id, kind: c.kind, severity: c.severity, note: c.triageNote })),
        );
        console.log('\nEvidence:');
        printTable(
          found.evidence.map((e) => ({
            id: e.id,
            name: e.fileName,
            type: e.mediaType,
            bytes: e.sizeBytes,
            sha256: e.sha256,
            locked: e.locked ? 'locked' : '',
          })),
        );
        console.log('\nCustody hand-overs:');
        printTable(
          found.custody.map((h) => ({
            kind: h.kind,
            to: h.toUnit === null ? h.toName : `${h.toName} (${h.toUnit})`,
            where: h.location,
            at: new Date(h.handedAt).toISOString(),
            proof: h.proofSha256 ?? '',
          })),
        );
      }),
    );

  cases
    .command('clues')
    .description('clues with their triage, newest first')
    .option('--status <status>', 'open, attached or dismissed', 'open')
    .option('--json', 'print JSON')
    .action((options: { status: string; json?: boolean }) =>
      withReadOnlyApp(global(), async (app) => {
        const clues = await app.cases.findClues(cliContext(newId()), { status: options.status });
        if (options.json) return printJson(clues);
        printTable(
          clues.map((c) => ({
            id: c.id,
            kind: c.kind,
            severity: c.severity,
            status: c.status,
            case: c.caseId ?? '',
            raised: new Date(c.createdAt).toISOString(),
          })),
        );
      }),
    );

  cases
    .command('triage <clueId>')
    .description('triage a clue: --dismiss <reason>, --attach <caseId>, or --open')
    .option('--dismiss <reason>', 'dismiss it, saying why')
    .option('--attach <caseId>', 'attach it to a case')
    .option('--open', 'open a case from it')
    .option('--note <note>', 'a note for --attach or --open')
    .action((clueId: string, options: { dismiss?: string; attach?: string; open?: boolean; note?: string }) =>
      withApp(global(), async (app) => {
        const chosen = [options.dismiss, options.attach, options.open].filter((o) => o !== undefined);
        if (chosen.length !== 1) return unusable('give exactly one of --dismiss, --attach, --open');
        const note = options.note === undefined ? {} : { note: options.note };
        const input: TriageInput =
          options.dismiss !== undefined
            ? { action: 'dismiss', reason: options.dismiss }
            : options.attach !== undefined
              ? { action: 'attach', caseId: options.attach, ...note }
              : { action: 'open', ...note };
        const result = await app.cases.triage(cliContext(newId()), clueId, input);
        console.log(
          result.case === null
            ? `Clue ${clueId} dismissed.`
            : `Clue ${clueId} is in case ${result.case.id} (${result.case.status}, priority ${result.case.priority}).`,
        );
      }),
    );

  cases
    .command('status <id> <status>')
    .description(
      'move a case: open → investigating → awaiting-approval → closed (needs --outcome); a finished case reopens to investigating',
    )
    .requiredOption('--reason <reason>', 'why (no personal data)')
    .option('--outcome <outcome>', `one of ${CASE_OUTCOMES.join(', ')}`)
    .action((id: string, status: string, options: { reason: string; outcome?: string }) =>
      withApp(global(), async (app) => {
        if (!isOneOf(CASE_STATUSES, status))
          return unusable(`status must be one of ${CASE_STATUSES.join(', ')}`);
        if (options.outcome !== undefined && !isOneOf(CASE_OUTCOMES, options.outcome))
          return unusable(`--outcome must be one of ${CASE_OUTCOMES.join(', ')}`);
        const moved = await app.cases.changeStatus(cliContext(newId()), id, {
          status,
          reason: options.reason,
          ...(options.outcome === undefined ? {} : { outcome: options.outcome }),
        });
        console.log(`Case ${id} is ${moved.status}${moved.outcome === null ? '' : ` (${moved.outcome})`}.`);
      }),
    );

  cases
    .command('assign <id> <officerId>')
    .description('assign a case to a security officer')
    .action((id: string, officerId: string) =>
      withApp(global(), async (app) => {
        await app.cases.assign(cliContext(newId()), id, { officerId });
        console.log(`Case ${id} assigned to ${officerId}.`);
      }),
    );

  const evidence = cases
    .command('evidence')
    .description('evidence of a case: add a file or a record, get a file');
  evidence
    .command('add <caseId>')
    .description(
      'add a file (--file; JPEG, PNG, WebP, TIFF, PDF up to 10 MiB) or a record snapshot (--record)',
    )
    .option('--file <path>', 'the file to add')
    .option('--type <mediaType>', 'its media type (default: from the extension)')
    .option('--record <kind>', `one of ${EVIDENCE_RECORD_KINDS.join(', ')}`)
    .option('--description <text>', 'what it shows (no personal data)')
    .action(
      (caseId: string, options: { file?: string; type?: string; record?: string; description?: string }) =>
        withApp(global(), async (app) => {
          if ((options.file === undefined) === (options.record === undefined))
            return unusable('give either --file or --record');
          const description = options.description === undefined ? {} : { description: options.description };
          let input: EvidenceInput;
          if (options.file !== undefined) {
            const mediaType = options.type ?? MEDIA_TYPES[path.extname(options.file).toLowerCase()];
            if (mediaType === undefined) return unusable('give --type: the extension does not say');
            input = {
              kind: 'file',
              fileName: path.basename(options.file),
              mediaType,
              contentBase64: readFileSync(options.file).toString('base64'),
              ...description,
            };
          } else {
            if (!isOneOf(EVIDENCE_RECORD_KINDS, options.record!))
              return unusable(`--record must be one of ${EVIDENCE_RECORD_KINDS.join(', ')}`);
            input = { kind: 'record', recordKind: options.record, ...description };
          }
          const added = await app.cases.addEvidence(cliContext(newId()), caseId, input);
          console.log(
            `Evidence ${added.id} added: ${added.fileName}, ${added.sizeBytes} bytes, sha256 ${added.sha256}.`,
          );
        }),
    );
  evidence
    .command('get <caseId> <evidenceId>')
    .description(
      'write a piece of evidence to a file, its SHA-256 re-checked (exit 1 when the stored file was altered)',
    )
    .requiredOption('--out <path>', 'where to write it')
    .action((caseId: string, evidenceId: string, options: { out: string }) =>
      withApp(global(), async (app) => {
        const { evidence: found, bytes } = await app.cases.getEvidenceContent(
          cliContext(newId()),
          caseId,
          evidenceId,
        );
        writeFileSync(options.out, bytes, { mode: 0o600 });
        console.log(
          `Wrote ${found.fileName} (${bytes.length} bytes, sha256 ${found.sha256} verified) to ${options.out}.`,
        );
      }),
    );

  cases
    .command('handover <kind> <waybillNo>')
    .description(
      `record a custody hand-over (${HANDOVER_KINDS.join(', ')}) and move the parcel: seize or hand a held parcel ` +
        'to an authority, deliver a dispatched one',
    )
    .requiredOption('--to-name <name>', 'who receives the parcel (the receiving officer or person)')
    .option('--to-unit <unit>', 'the receiving unit (required when handing to an authority)')
    .option('--officer-no <no>', "the receiving officer's badge or warrant number")
    .requiredOption('--location <where>', 'where the hand-over happened')
    .option('--at <time>', 'when it happened (ISO 8601; default now)')
    .option('--note <text>', 'a note (no personal data beyond the receiver)')
    .option('--proof <path>', 'a signature or receipt file (required when handing to an authority)')
    .option('--proof-kind <kind>', 'signature or receipt', 'receipt')
    .action(
      (
        kind: string,
        waybillNo: string,
        options: {
          toName: string;
          toUnit?: string;
          officerNo?: string;
          location: string;
          at?: string;
          note?: string;
          proof?: string;
          proofKind: string;
        },
      ) =>
        withApp(global(), async (app) => {
          if (!isOneOf(HANDOVER_KINDS, kind))
            return unusable(`<kind> must be one of ${HANDOVER_KINDS.join(', ')}`);
          if (options.proofKind !== 'signature' && options.proofKind !== 'receipt')
            return unusable('--proof-kind must be signature or receipt');
          const handedAt = options.at === undefined ? undefined : Date.parse(options.at);
          if (handedAt !== undefined && Number.isNaN(handedAt))
            return unusable('--at must be a time written ISO 8601, e.g. 2026-12-07T10:30:00+08:00');
          let proof: HandoverInput['proof'];
          if (options.proof !== undefined) {
            const mediaType = MEDIA_TYPES[path.extname(options.proof).toLowerCase()];
            if (mediaType === undefined)
              return unusable('--proof must be a JPEG, PNG, WebP, TIFF or PDF file (by its extension)');
            proof = {
              kind: options.proofKind,
              fileName: path.basename(options.proof),
              mediaType,
              contentBase64: readFileSync(options.proof).toString('base64'),
            };
          }
          const handover = await app.custody.handOver(cliContext(newId()), kind, waybillNo, {
            toName: options.toName,
            location: options.location,
            ...(options.toUnit === undefined ? {} : { toUnit: options.toUnit }),
            ...(options.officerNo === undefined ? {} : { toOfficerNo: options.officerNo }),
            ...(handedAt === undefined ? {} : { handedAt }),
            ...(options.note === undefined ? {} : { note: options.note }),
            ...(proof === undefined ? {} : { proof }),
          });
          console.log(
            `Hand-over ${handover.id}: ${handover.waybillNo} ${kind} to ${handover.toName}` +
              `${handover.toUnit === null ? '' : ` (${handover.toUnit})`} at ${handover.location}` +
              `${handover.caseId === null ? '' : `, on case ${handover.caseId}`}` +
              `${handover.proofSha256 === null ? '' : `, proof sha256 ${handover.proofSha256}`}.`,
          );
        }),
    );

  cases
    .command('handovers <waybillNo>')
    .description("a parcel's custody hand-overs, oldest first")
    .option('--json', 'print JSON')
    .action((waybillNo: string, options: { json?: boolean }) =>
      withReadOnlyApp(global(), async (app) => {
        const found = await app.custody.findHandovers(cliContext(newId()), waybillNo);
        if (options.json === true) return printJson(found);
        printTable(
          found.map((one) => ({
            at: new Date(one.handedAt).toISOString(),
            kind: one.kind,
            from: one.fromCustodian ?? '—',
            to: one.toUnit === null ? one.toName : `${one.toName} (${one.toUnit})`,
            location: one.location,
            proof: one.proofSha256 === null ? '—' : `${one.proofKind} ${one.proofSha256.slice(0, 12)}…`,
          })),
        );
      }),
    );

  cases
    .command('deadline <category> <minutes>')
    .description('set the deadline in minutes for a catalogue category, crime-related, or default')
    .action((category: string, minutes: string) =>
      withApp(global(), async (app) => {
        const set = await app.cases.setDeadline(cliContext(newId()), category, Number(minutes));
        console.log(`Cases of ${set.category}: ${set.minutes} minutes.`);
      }),
    );

  cases
    .command('clearance <grant|revoke> <staffId>')
    .description('grant or revoke a security officer’s sealed-case clearance (national-security cases)')
    .action((verb: string, staffId: string) =>
      withApp(global(), async (app) => {
        if (verb !== 'grant' && verb !== 'revoke') return unusable('say grant or revoke');
        const context = cliContext(newId());
        if (verb === 'grant') await app.cases.grantClearance(context, staffId);
        else await app.cases.revokeClearance(context, staffId);
        console.log(`Sealed-case clearance ${verb === 'grant' ? 'granted to' : 'revoked from'} ${staffId}.`);
      }),
    );
}
