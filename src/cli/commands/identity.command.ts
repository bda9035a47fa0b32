import type { Command } from 'commander';
import { EXIT_FAILED, EXIT_OK, reportError } from '../context.js';
import { mapNdjson } from '../ndjson.js';

export function registerIdentity(program: Command): void {
  const id = program.command('id').description('identity documents');
  id.command('check [number]')
    .description(
      'check identity documents. With --type and a number: check one. Without: read NDJSON lines ' +
        '{"type","number","nationality"?,"mrz"?} on stdin and write one {"valid","reason",…} line per input, in order',
    )
    .option('--type <type>', 'document type slug, e.g. resident-id, passport, uscc')
    .option('--nationality <code>', 'passport nationality (ISO 3166-1 alpha-3)')
    .option('--mrz <mrz>', 'passport machine-readable zone, to check its check digits')
    .action(
      async (number: string | undefined, options: { type?: string; nationality?: string; mrz?: string }) => {
        try {
          const { checkIdLine, validateDocument } = await import('../../identity/documents/index.js');
          if (number !== undefined || options.type !== undefined) {
            if (number === undefined || options.type === undefined) {
              console.error(
                'parcelguard: give both --type and a number, or neither to read NDJSON from stdin',
              );
              process.exitCode = 2;
              return;
            }
            const result = validateDocument({
              type: options.type,
              number,
              ...(options.nationality === undefined ? {} : { nationality: options.nationality }),
              ...(options.mrz === undefined ? {} : { mrz: options.mrz }),
            });
            console.log(JSON.stringify(result));
            process.exitCode = result.valid ? EXIT_OK : EXIT_FAILED;
            return;
          }
          const today = new Date();
          await mapNdjson(process.stdin, process.stdout, (line) => checkIdLine(line, today));
        } catch (error) {
          process.exitCode = reportError(error);
        }
      },
    );
}
