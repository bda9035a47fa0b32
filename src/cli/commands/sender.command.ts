import { InvalidArgumentError, type Command } from 'commander';
import { cliContext } from '../../people/actor.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import {
  UNMASK_REASON_CODES,
  type UnmaskPurpose,
  type UnmaskReasonCode,
} from '../../identity/unmask-purpose.js';
import { printJson, withApp, withReadOnlyApp, type GlobalOptions } from '../context.js';

export function registerSender(program: Command): void {
  const sender = program.command('sender').description('senders in the real-name register');
  sender
    .command('show <id>')
    .description(
      'one sender, masked; with --unmask and a purpose (--case, --request, or --reason with --text), in plaintext (audited)',
    )
    .option('--unmask', 'show the document number, name and phones in plaintext')
    .option('--case <reference>', 'the case the plaintext serves')
    .option('--request <reference>', 'the lawful request the plaintext answers')
    .option('--reason <code>', `a reason: ${UNMASK_REASON_CODES.join(', ')} (with --text)`)
    .option('--text <text>', 'a few words on why (with --reason; a note with --case or --request)')
    .action((id: string, options: UnmaskOptions) =>
      withReadOnlyApp(program.opts<GlobalOptions>(), async (app) => {
        const context = cliContext(newId());
        if (options.unmask !== true) return printJson(await app.senders.getSender(context, id));
        printJson(await app.senders.unmaskSender(context, id, purposeOf(options)));
      }),
    );
  sender
    .command('index-names')
    .description(
      'give the name index to senders registered before it existed (until then their names are decrypted at every returning parcel); batched, audited, safe beside a running server and to run again',
    )
    .option('--batch-size <n>', 'senders per transaction, 1-5000', (value: string) => {
      const size = Number(value);
      if (!Number.isInteger(size) || size < 1 || size > 5000)
        throw new InvalidArgumentError('must be a whole number from 1 to 5000');
      return size;
    })
    .action((options: { batchSize?: number }) =>
      withApp(program.opts<GlobalOptions>(), async (app) => {
        printJson(
          await app.senders.indexLegacyNames(cliContext(newId()), {
            ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
          }),
        );
      }),
    );
}

interface UnmaskOptions {
  unmask?: boolean;
  case?: string;
  request?: string;
  reason?: string;
  text?: string;
}

function purposeOf(options: UnmaskOptions): UnmaskPurpose {
  const note = options.text === undefined ? {} : { note: options.text };
  if (options.case !== undefined) return { kind: 'case', reference: options.case, ...note };
  if (options.request !== undefined) return { kind: 'lawful-request', reference: options.request, ...note };
  if (options.reason !== undefined)
    return { kind: 'reason', code: options.reason as UnmaskReasonCode, text: options.text ?? '' };
  throw AppError.invalidField(
    '/purpose',
    'is required to unmask: --case, --request, or --reason with --text',
  );
}
