import type { RouteServices } from '../http/request-context.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { StrictObject, Timestamp, withErrors } from '../http/schemas.js';
import { trustedSigningKeys } from './trusted-keys.js';

const EntrySchema = Type.Object({
  seq: Type.Integer(),
  at: Timestamp,
  actorType: Type.String(),
  actorId: Type.String(),
  action: Type.String(),
  subjectType: Type.String(),
  subjectId: Type.String(),
  requestId: Type.String(),
  dataDigest: Type.String(),
  prevHash: Type.String(),
  hash: Type.String(),
});
const CheckpointSchema = Type.Object({
  fromSeq: Type.Integer(),
  toSeq: Type.Integer(),
  merkleRoot: Type.String(),
  headHash: Type.String(),
  signedAt: Timestamp,
  keyId: Type.String(),
  signature: Type.String(),
});
const VerificationSchema = Type.Object({
  ok: Type.Boolean(),
  entries: Type.Integer(),
  records: Type.Integer({
    description: 'an entry of its own counts one; a batch entry as many records as it holds',
  }),
  checkpoints: Type.Integer(),
  firstBadSeq: Type.Union([Type.Integer(), Type.Null()]),
  problem: Type.Union([Type.String(), Type.Null()]),
  uncheckpointed: Type.Integer(),
  uncheckpointedAllowed: Type.Integer(),
  macsChecked: Type.Boolean(),
  witness: Type.Union([
    Type.Object({
      file: Type.String(),
      checkpoints: Type.Integer(),
      latestToSeq: Type.Union([Type.Integer(), Type.Null()]),
    }),
    Type.Null(),
  ]),
  warnings: Type.Array(Type.String()),
});
const ProofSchema = Type.Object({
  format: Type.Literal('parcelguard.audit-inclusion-proof.v1'),
  entry: EntrySchema,
  leafIndex: Type.Integer(),
  treeSize: Type.Integer(),
  path: Type.Array(Type.String()),
  checkpoint: CheckpointSchema,
  publicKeyPem: Type.String(),
});
const RecordSchema = Type.Object({
  at: Timestamp,
  actorType: Type.String(),
  actorId: Type.String(),
  action: Type.String(),
  subjectType: Type.String(),
  subjectId: Type.String(),
  requestId: Type.String(),
  dataDigest: Type.String(),
  hash: Type.String(),
});
const RecordProofSchema = Type.Object({
  format: Type.Literal('parcelguard.audit-record-proof.v1'),
  record: RecordSchema,
  position: Type.Integer({ description: "the record's place in its batch entry" }),
  batchSize: Type.Integer(),
  batchPath: Type.Array(Type.String(), {
    description: "audit path from the record to the batch entry's root",
  }),
  entryProof: ProofSchema,
});
const PageQuery = StrictObject({
  after: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
});

/** Reading, verifying and proving the audit log. */
export function auditRoutes(app: RouteServices<'audit' | 'signer'>): FastifyPluginAsyncTypebox {
  return async (server) => {
    const tags = ['audit'];
    server.get(
      '/audit/entries',
      {
        config: { access: 'audit:read' },
        schema: {
          tags,
          summary: 'Audit entries in sequence order',
          querystring: PageQuery,
          response: withErrors({ 200: Type.Array(EntrySchema) }),
        },
      },
      (request) => app.audit.findEntries(request.query.after ?? 0, request.query.limit ?? 100),
    );
    server.get(
      '/audit/verify',
      {
        config: { access: 'audit:read' },
        schema: {
          tags,
          summary:
            'Verify the chain, entry MACs, every signed checkpoint, the witness and the signing policy; names the first bad sequence number',
          response: withErrors({ 200: VerificationSchema }),
        },
      },
      async () => app.audit.verify(await trustedSigningKeys(app)),
    );
    server.get(
      '/audit/entries/:seq/proof',
      {
        config: { access: 'audit:read' },
        schema: {
          tags,
          summary: 'Inclusion proof for one entry, verifiable with the public key alone',
          params: StrictObject({ seq: Type.Integer({ minimum: 1 }) }),
          response: withErrors({ 200: ProofSchema }),
        },
      },
      (request) =>
        app.audit.prove(
          request.params.seq,
          (keyId) => app.signer.publicKeys().find((key) => key.keyId === keyId)?.publicKeyPem,
        ),
    );
    server.get(
      '/audit/records/proof',
      {
        config: { access: 'audit:read' },
        schema: {
          tags,
          summary:
            "Proof for one record of a batch entry (a group intake's parcel): record → batch root → entry → signed checkpoint",
          querystring: StrictObject({
            subjectType: Type.String({ minLength: 1, maxLength: 40 }),
            subjectId: Type.String({ minLength: 1, maxLength: 120 }),
            action: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
          }),
          response: withErrors({ 200: RecordProofSchema }),
        },
      },
      (request) =>
        app.audit.proveRecord(
          { type: request.query.subjectType, id: request.query.subjectId },
          request.query.action,
          (keyId) => app.signer.publicKeys().find((key) => key.keyId === keyId)?.publicKeyPem,
        ),
    );
    server.get(
      '/audit/checkpoints',
      {
        config: { access: 'audit:read' },
        schema: {
          tags,
          summary: 'Signed checkpoints',
          querystring: PageQuery,
          response: withErrors({ 200: Type.Array(CheckpointSchema) }),
        },
      },
      (request) => app.audit.findCheckpoints(request.query.after ?? 0, request.query.limit ?? 100),
    );
    server.get(
      '/audit/public-keys',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Public keys that verify checkpoints, proofs and marks',
          security: [],
          response: { 200: Type.Array(Type.Object({ keyId: Type.String(), publicKeyPem: Type.String() })) },
        },
      },
      () => app.signer.publicKeys(),
    );
  };
}
