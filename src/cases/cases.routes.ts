import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { withErrors } from '../http/schemas.js';
import { contextOf, type RouteServices } from '../http/request-context.js';
import { WaybillParams } from '../parcels/parcels.schemas.js';
import {
  AssignBody,
  CaseDetailSchema,
  CaseListQuery,
  CaseParams,
  CaseSummarySchema,
  ClearanceSchema,
  ClueParams,
  ClueQuery,
  DeadlineBody,
  DeadlineParams,
  DeadlineSchema,
  EvidenceBody,
  EvidenceParams,
  EvidenceSchema,
  HandoverBody,
  HandoverSchema,
  OverdueQuery,
  OverdueSchema,
  StaffParams,
  StatusBody,
  TriageBody,
  WithdrawBody,
  TriageResult,
  TriagedClueSchema,
} from './cases.schemas.js';
import type { HandoverKind } from './custody.service.js';

/** Bodies carrying a file (base64): room for the 10 MiB limit, which the service checks exactly. */
const FILE_BODY_LIMIT = 15 * 1024 * 1024;

/** Clue triage, cases, evidence, deadlines, the sealed-case clearance, and the custody hand-overs that end a parcel's custody. */
export function casesRoutes(app: RouteServices<'cases' | 'custody'>): FastifyPluginAsyncTypebox {
  return async (server) => {
    const tags = ['cases'];

    server.get(
      '/clues',
      {
        config: { access: 'clues:read' },
        schema: {
          tags,
          summary: 'Clues with their triage (open, attached to a case, dismissed), newest first',
          querystring: ClueQuery,
          response: withErrors({ 200: Type.Array(TriagedClueSchema) }),
        },
      },
      (request) => app.cases.findClues(contextOf(request), request.query),
    );
    server.post(
      '/clues/:id/triage',
      {
        config: { access: 'cases:manage' },
        schema: {
          tags,
          summary: 'Triage a clue: dismiss it with a reason, attach it to a case, or open a case from it',
          params: ClueParams,
          body: TriageBody,
          response: withErrors({ 200: TriageResult }),
        },
      },
      (request) => app.cases.triage(contextOf(request), request.params.id, request.body),
    );

    server.get(
      '/cases',
      {
        config: { access: 'cases:read' },
        schema: {
          tags,
          summary:
            'Cases, newest first (sealed national-security cases only with the sealed-case clearance, each read audited)',
          querystring: CaseListQuery,
          response: withErrors({ 200: Type.Array(CaseSummarySchema) }),
        },
      },
      (request) => app.cases.findCases(contextOf(request), request.query),
    );
    server.get(
      '/cases/overdue',
      {
        config: { access: 'cases:read' },
        schema: {
          tags,
          summary:
            'Cases past their deadline and not yet reported or closed: how many, earliest deadline first',
          querystring: OverdueQuery,
          response: withErrors({ 200: OverdueSchema }),
        },
      },
      (request) => app.cases.findOverdue(contextOf(request), request.query),
    );
    server.get(
      '/cases/deadlines',
      {
        config: { access: 'cases:read' },
        schema: {
          tags,
          summary: 'Case deadlines in minutes per catalogue category (crime-related and default built in)',
          response: withErrors({ 200: Type.Array(DeadlineSchema) }),
        },
      },
      () => app.cases.findDeadlines(),
    );
    server.put(
      '/cases/deadlines/:category',
      {
        config: { access: 'cases:manage' },
        schema: {
          tags,
          summary: 'Set the deadline in minutes for a category (cases opened or tightened from now on)',
          params: DeadlineParams,
          body: DeadlineBody,
          response: withErrors({ 200: DeadlineSchema }),
        },
      },
      (request) => app.cases.setDeadline(contextOf(request), request.params.category, request.body.minutes),
    );
    server.put(
      '/cases/clearances/:staffId',
      {
        config: { access: 'cases:clearance' },
        schema: {
          tags,
          summary: 'Grant a security officer the sealed-case clearance (national-security cases)',
          params: StaffParams,
          response: withErrors({ 200: ClearanceSchema }),
        },
      },
      (request) => app.cases.grantClearance(contextOf(request), request.params.staffId),
    );
    server.delete(
      '/cases/clearances/:staffId',
      {
        config: { access: 'cases:clearance' },
        schema: {
          tags,
          summary: 'Revoke a sealed-case clearance',
          params: StaffParams,
          response: withErrors({ 200: ClearanceSchema }),
        },
      },
      (request) => app.cases.revokeClearance(contextOf(request), request.params.staffId),
    );
    server.get(
      '/cases/:id',
      {
        config: { access: 'authenticated' },
        schema: {
          tags,
          summary:
            'A case with its timeline, clues, evidence and custody hand-overs (404 when sealed from you)',
          params: CaseParams,
          response: withErrors({ 200: CaseDetailSchema }),
        },
      },
      (request) => app.cases.getCase(contextOf(request), request.params.id),
    );
    server.post(
      '/cases/:id/status',
      {
        config: { access: 'cases:manage' },
        schema: {
          tags,
          summary:
            'Move a case (open → investigating → awaiting-approval → closed; a finished case reopens to investigating); closing needs an outcome',
          params: CaseParams,
          body: StatusBody,
          response: withErrors({ 200: CaseSummarySchema }),
        },
      },
      (request) => app.cases.changeStatus(contextOf(request), request.params.id, request.body),
    );
    server.post(
      '/cases/:id/assign',
      {
        config: { access: 'cases:manage' },
        schema: {
          tags,
          summary: 'Assign a case to a security officer',
          params: CaseParams,
          body: AssignBody,
          response: withErrors({ 200: CaseSummarySchema }),
        },
      },
      (request) => app.cases.assign(contextOf(request), request.params.id, request.body),
    );
    server.post(
      '/cases/:id/evidence',
      {
        config: { access: 'cases:manage' },
        bodyLimit: FILE_BODY_LIMIT,
        schema: {
          tags,
          summary:
            'Add evidence: a file (JPEG, PNG, WebP, TIFF, PDF; base64; at most 10 MiB) or a snapshot of a parcel record',
          params: CaseParams,
          body: EvidenceBody,
          response: withErrors({ 201: EvidenceSchema }),
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await app.cases.addEvidence(contextOf(request), request.params.id, request.body)),
    );
    server.get(
      '/cases/:id/evidence/:evidenceId',
      {
        config: { access: 'authenticated' },
        schema: {
          tags,
          summary:
            'Download evidence: the bytes, re-checked against their SHA-256 (500 integrity-failed when altered); audited',
          params: EvidenceParams,
          response: withErrors({
            200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'the stored bytes' }),
          }),
        },
      },
      async (request, reply) => {
        const { evidence, bytes } = await app.cases.getEvidenceContent(
          contextOf(request),
          request.params.id,
          request.params.evidenceId,
        );
        return reply
          .type(evidence.mediaType)
          .header('x-content-sha256', evidence.sha256)
          .header(
            'content-disposition',
            `attachment; filename="evidence"; filename*=UTF-8''${encodeURIComponent(evidence.fileName)}`,
          )
          .send(bytes);
      },
    );

    server.post(
      '/cases/:id/evidence/:evidenceId/withdraw',
      {
        config: { access: 'cases:manage' },
        schema: {
          tags,
          summary:
            'Withdraw a piece of evidence, saying why (kept and listed as withdrawn; 409 once a report locked it)',
          params: EvidenceParams,
          body: WithdrawBody,
          response: withErrors({ 200: EvidenceSchema }),
        },
      },
      (request) =>
        app.cases.withdrawEvidence(
          contextOf(request),
          request.params.id,
          request.params.evidenceId,
          request.body,
        ),
    );

    const handover = (kind: HandoverKind, access: 'parcels:custody' | 'parcels:deliver', summary: string) =>
      server.post(
        `/parcels/:waybillNo/${kind}`,
        {
          config: { access },
          bodyLimit: FILE_BODY_LIMIT,
          schema: {
            tags,
            summary,
            params: WaybillParams,
            body: HandoverBody,
            response: withErrors({ 201: HandoverSchema }),
          },
        },
        async (request, reply) =>
          reply
            .code(201)
            .send(
              await app.custody.handOver(contextOf(request), kind, request.params.waybillNo, request.body),
            ),
      );
    handover('seize', 'parcels:custody', 'Seize a held parcel, recording who keeps it and where');
    handover(
      'hand-to-authority',
      'parcels:custody',
      'Hand a held parcel to an authority: receiving officer and unit, where, when, signature or receipt',
    );
    handover(
      'deliver',
      'parcels:deliver',
      'Record the delivery of a dispatched parcel: who received it, where',
    );
    server.get(
      '/parcels/:waybillNo/handovers',
      {
        config: { access: 'parcels:read' },
        schema: {
          tags,
          summary: "A parcel's custody hand-overs (seized, handed to an authority, delivered), oldest first",
          params: WaybillParams,
          response: withErrors({ 200: Type.Array(HandoverSchema) }),
        },
      },
      (request) => app.custody.findHandovers(contextOf(request), request.params.waybillNo),
    );
  };
}
