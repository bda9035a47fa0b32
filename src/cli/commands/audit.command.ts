import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { InclusionProof, RecordProof } from '../../audit/audit-proof.js';
import { defaultKeyFile } from '../../platform/config.js';
import {
  cliConfig,
  EXIT_FAILED,
  EXIT_OK,
  EXIT_UNUSABLE,
  printJson,
  reportError,
  withApp,
  withReadOnlyApp,
  type GlobalOptions,
} from '../context.js';

export function registerAudit(program: Command): void {
  const global = () => program.opts<GlobalOptions>();
  const audit = program.command('audit').description('the tamper-evident audit log');

  audit
    .command('verify')
    .description(
      'check the hash chain, entry MACs, every signed checkpoint, the witness and the signing policy; exit 1 and name the first bad sequence number if any fails',
    )
    .option(
      '--public-key <file>',
      'trust this Ed25519 public key (PEM) instead of the configured key material',
    )
    .option(
      '--witness-dir <dir>',
      'read the witness from this directory (default PARCELGUARD_AUDIT_WITNESS_DIR or <data dir>/audit-witness)',
    )
    .option('--json', 'print the report as JSON')
    .action(async (options: { publicKey?: string; witnessDir?: string; json?: boolean }) => {
      try {
        const { openKeyring } = await import('../../app.js');
        const { AuditRepository } = await import('../../audit/audit.repository.js');
        const { AuditWitness } = await import('../../audit/audit-witness.js');
        const { verifyAuditLog } = await import('../../audit/audit.service.js');
        const { EntryMac } = await import('../../audit/entry-mac.js');
        const { openStore } = await import('../../platform/database/store.js');
        const config = cliConfig(global());
        const store = openStore(config.databaseUrl, { sqliteSynchronous: config.sqliteSynchronous });
        try {
          const repository = new AuditRepository(store.dialect);
          // Opened only when it exists: verification must not create demo keys.
          const keyring =
            config.keyFile !== null ||
            config.keysInline !== null ||
            existsSync(defaultKeyFile(config.dataDir))
              ? openKeyring(config).keyring
              : null;
          const trusted = new Map<string, string>();
          let trustNote: string;
          if (options.publicKey !== undefined) {
            const pem = readFileSync(options.publicKey, 'utf8');
            for (const key of await repository.findSigningKeys(store.db)) trusted.set(key.key_id, pem);
            trustNote = `trusting the public key in ${options.publicKey}`;
          } else if (keyring !== null) {
            for (const key of keyring.allSigningKeys()) trusted.set(key.id, key.publicKeyPem);
            trustNote = 'trusting the configured key material';
          } else {
            for (const key of await repository.findSigningKeys(store.db))
              trusted.set(key.key_id, key.public_key);
            trustNote =
              'WARNING: no key material found; trusting the public keys stored in the database (use --public-key)';
          }
          const report = await verifyAuditLog(store.db, repository, {
            trustedKeys: trusted,
            checkpointEvery: config.auditCheckpointEvery,
            entryMac: keyring === null ? null : new EntryMac(() => keyring.blindIndex),
            witness: new AuditWitness(
              options.witnessDir === undefined ? config.auditWitnessDir : path.resolve(options.witnessDir),
            ),
            witnessRequired: config.auditWitnessRequired,
          });
          if (options.json) {
            printJson({ ...report, trust: trustNote });
          } else {
            if (report.ok) {
              console.log(
                `Audit log intact: ${report.entries} entries, ${report.checkpoints} signed checkpoints (${trustNote}).`,
              );
              console.log(
                `${report.uncheckpointed} recent entries are not yet covered by a checkpoint (at most ${report.uncheckpointedAllowed} allowed).`,
              );
              if (report.witness !== null && report.witness.latestToSeq !== null)
                console.log(
                  `Witnessed outside the database up to entry ${report.witness.latestToSeq} (${report.witness.file}).`,
                );
            } else if (report.firstBadSeq === null) {
              console.error(`Audit log FAILED verification: ${report.problem}`);
            } else {
              console.error(
                `Audit log FAILED verification at sequence number ${report.firstBadSeq}: ${report.problem}`,
              );
            }
            for (const warning of report.warnings) console.error(`Warning: ${warning}`);
          }
          process.exitCode = report.ok ? EXIT_OK : EXIT_FAILED;
        } finally {
          await store.close();
        }
      } catch (error) {
        process.exitCode = reportError(error);
      }
    });

  audit
    .command('prove <seq>')
    .description('write an inclusion proof for one entry, verifiable with the public key alone')
    .option('--out <file>', 'write the proof to a file instead of standard output')
    .action((seqText: string, options: { out?: string }) =>
      withReadOnlyApp(global(), async (app) => {
        const seq = Number(seqText);
        if (!Number.isInteger(seq) || seq < 1) {
          console.error('parcelguard: SEQ must be a positive whole number');
          return EXIT_UNUSABLE;
        }
        const proof = await app.audit.prove(
          seq,
          (keyId) => app.signer.publicKeys().find((key) => key.keyId === keyId)?.publicKeyPem,
        );
        const text = `${JSON.stringify(proof, null, 2)}\n`;
        if (options.out === undefined) process.stdout.write(text);
        else {
          writeFileSync(options.out, text);
          console.log(`Proof for entry ${seq} written to ${options.out}.`);
        }
      }),
    );

  audit
    .command('prove-record <subject-type> <subject-id>')
    .description(
      "write a proof for one record of a batch entry (a group intake's parcel: `prove-record parcel WB123`)",
    )
    .option('--action <action>', 'the record of this action (default: the first record about the subject)')
    .option('--out <file>', 'write the proof to a file instead of standard output')
    .action((subjectType: string, subjectId: string, options: { action?: string; out?: string }) =>
      withReadOnlyApp(global(), async (app) => {
        const proof = await app.audit.proveRecord(
          { type: subjectType, id: subjectId },
          options.action,
          (keyId) => app.signer.publicKeys().find((key) => key.keyId === keyId)?.publicKeyPem,
        );
        const text = `${JSON.stringify(proof, null, 2)}\n`;
        if (options.out === undefined) process.stdout.write(text);
        else {
          writeFileSync(options.out, text);
          console.log(
            `Proof for the ${proof.record.action} record of ${subjectType} ${subjectId} written to ${options.out}.`,
          );
        }
      }),
    );

  audit
    .command('verify-proof <file>')
    .description(
      'check an inclusion proof (of an entry, or of a batch record) offline, with a public key (PEM)',
    )
    .requiredOption('--public-key <file>', 'the trusted Ed25519 public key (PEM)')
    .action(async (file: string, options: { publicKey: string }) => {
      try {
        const { verifyInclusionProof, verifyRecordProof } = await import('../../audit/audit-proof.js');
        const proof = JSON.parse(readFileSync(file, 'utf8')) as InclusionProof | RecordProof;
        const publicKey = readFileSync(options.publicKey, 'utf8');
        const result =
          proof.format === 'parcelguard.audit-record-proof.v1'
            ? verifyRecordProof(proof, publicKey)
            : verifyInclusionProof(proof, publicKey);
        const entry = proof.format === 'parcelguard.audit-record-proof.v1' ? proof.entryProof : proof;
        const what =
          proof.format === 'parcelguard.audit-record-proof.v1'
            ? `the ${proof.record.action} record of ${proof.record.subjectType} ${proof.record.subjectId} (entry ${entry.entry.seq}, place ${proof.position})`
            : `entry ${entry.entry.seq} (${entry.entry.action})`;
        if (result.valid)
          console.log(
            `Proof valid: ${what} is in checkpoint ${entry.checkpoint.fromSeq}–${entry.checkpoint.toSeq}.`,
          );
        else console.error(`Proof INVALID: ${result.reason}`);
        process.exitCode = result.valid ? EXIT_OK : EXIT_FAILED;
      } catch (error) {
        process.exitCode = reportError(error);
      }
    });

  audit
    .command('checkpoint')
    .description(
      'sign checkpoints over every entry not yet covered and witness them (every command that writes does so as it ends)',
    )
    .action(() =>
      withApp(global(), async (app) => {
        // Opening the app already signed what was pending (a failure there is only logged); running again
        // retries the witness and fails the command if it still cannot be written.
        const created = [...app.checkpointer.signedAtStart, ...(await app.audit.createCheckpoints())];
        console.log(
          created.length === 0
            ? 'Nothing to checkpoint.'
            : `Signed ${created.length} checkpoint(s), up to entry ${created.at(-1)!.toSeq}.`,
        );
      }),
    );

  audit
    .command('public-key')
    .description('print the active signing public key (PEM), to hand to verifiers')
    .action(() =>
      withReadOnlyApp(global(), async (app) => {
        process.stdout.write(app.keyring.activeSigningKey.publicKeyPem);
        return Promise.resolve();
      }),
    );
}
