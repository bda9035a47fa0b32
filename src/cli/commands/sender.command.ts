import type { Command } from 'commander';
import { cliContext } from '../../people/actor.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { printJson, withApp, type GlobalOptions } from '../context.js';

export function registerSender(program: Command): void {
  const sender = program.command('sender').description('senders in the real-name register');
  sender
    .command('show <id>')
    .description('one sender, masked; with --unmask and a --purpose, in plaintext (audited)')
    .option('--unmask', 'show the document number, name and phones in plaintext')
    .option('--purpose <purpose>', 'why the plaintext is needed (a few words; recorded as a digest)')
    .action((id: string, options: { unmask?: boolean; purpose?: string }) =>
      withApp(program.opts<GlobalOptions>(), async (app) => {
        if (options.unmask !== true) return printJson(await app.senders.getSender(id));
        if (options.purpose === undefined) throw AppError.invalidField('/purpose', 'is required to unmask');
        printJson(await app.senders.unmaskSender(cliContext(newId()), id, options.purpose));
      }),
    );
}
