import type { Command } from 'commander';
import { cliContext } from '../../people/actor.js';
import { newId } from '../../platform/ids.js';
import { withApp, type GlobalOptions } from '../context.js';

export function registerKeys(program: Command): void {
  const keys = program.command('keys').description('key material');
  keys
    .command('rotate')
    .description(
      'make a new data-encryption key active (key file) and re-encrypt stored personal data under it; ' +
        'with PARCELGUARD_KEYS, re-encrypts under the configured active key. Reads keep working throughout.',
    )
    .action(() =>
      withApp(program.opts<GlobalOptions>(), async (app) => {
        const report = await app.keyRotation.rotate(cliContext(newId()), (table, done) => {
          process.stderr.write(`\r  ${table}: ${done} re-encrypted`);
        });
        process.stderr.write('\n');
        console.log(`${report.createdKey ? 'New key' : 'Key'} ${report.activeKeyId} is active.`);
        for (const [table, count] of Object.entries(report.reencrypted))
          console.log(`  ${table}: ${count} value(s) re-encrypted`);
      }),
    );
}
