import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, withErrors } from '../http/schemas.js';
import { contextOf, type RouteServices } from '../http/request-context.js';
import { AppError } from '../platform/errors.js';
import {
  AttestationsQuery,
  AttestationSummarySchema,
  AttestBody,
  CoverageQuery,
  CoverageResponse,
  ProofQuery,
  ProofSchema,
  SignedStatementSchema,
} from './reports.schemas.js';

/** Coverage reports and attestations. */
export function reportsRoutes(app: RouteServices<'reports'>): FastifyPluginAsyncTypebox {
  return async (server) => {
    const tags = ['reports'];
    server.get(
      '/reports/coverage',
      {
        config: { access: 'reports:read' },
        schema: {
          tags,
          summary: 'Three-gate coverage per site and China calendar day, with ratios and every gap',
          querystring: CoverageQuery,
          response: withErrors({ 200: CoverageResponse }),
        },
      },
      (request) => inQuery(() => app.reports.coverage(contextOf(request), request.query)),
    );
    server.post(
      '/reports/attestations',
      {
        config: { access: 'reports:attest' },
        schema: {
          tags,
          summary:
            "Sign a day's coverage statement with a Merkle root over per-parcel gate records (audited)",
          body: AttestBody,
          response: withErrors({ 201: SignedStatementSchema }),
        },
      },
      async (request, reply) =>
        reply.code(201).send(await app.reports.attest(contextOf(request), request.body)),
    );
    server.get(
      '/reports/attestations',
      {
        config: { access: 'reports:read' },
        schema: {
          tags,
          summary: 'Attestations, newest first',
          querystring: AttestationsQuery,
          response: withErrors({ 200: Type.Array(AttestationSummarySchema) }),
        },
      },
      (request) => inQuery(() => app.reports.findAttestations(contextOf(request), request.query)),
    );
    server.get(
      '/reports/attestations/:id',
      {
        config: { access: 'reports:read' },
        schema: {
          tags,
          summary: 'The signed statement of one attestation',
          params: IdParams,
          response: withErrors({ 200: SignedStatementSchema }),
        },
      },
      (request) => app.reports.getStatement(contextOf(request), request.params.id),
    );
    server.get(
      '/reports/attestations/:id/proof',
      {
        // Reading a proof of what was already signed: regulators (the auditor's view) ask for it, nothing is signed.
        config: { access: 'reports:read' },
        schema: {
          tags,
          summary: "An inclusion proof of one parcel's gate record, for a regulator to check offline",
          params: IdParams,
          querystring: ProofQuery,
          response: withErrors({ 200: ProofSchema }),
        },
      },
      (request) =>
        inQuery(() => app.reports.prove(contextOf(request), request.params.id, request.query.waybillNo)),
    );
  };
}

/** Services name fields relative to their input; for a GET that input is the query string. */
async function inQuery<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError && error.errors.length > 0) {
      throw new AppError(error.code, error.message, {
        errors: error.errors.map((fieldError) =>
          /^\/(body|query|params|headers)(\/|$)/.test(fieldError.path)
            ? fieldError
            : { ...fieldError, path: `/query${fieldError.path}` },
        ),
        cause: error,
      });
    }
    throw error;
  }
}
