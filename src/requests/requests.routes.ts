import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { withErrors } from '../http/schemas.js';
import { contextOf, type RouteServices } from '../http/request-context.js';
import {
  ApproverParams,
  ApproverSchema,
  CheckBody,
  DetainBody,
  DirectoryBody,
  FiguresQuery,
  FiguresSchema,
  LegalHoldBody,
  PackageCheckSchema,
  PackageSchema,
  ReceiptBody,
  DirectoryEntrySchema,
  ReasonBody,
  RegisterBody,
  RequestListQuery,
  RequestParams,
  RequestSchema,
  RequestSummarySchema,
} from './requests.schemas.js';

/** Bodies carrying the legal document's scan (base64): room for the 10 MiB limit the service checks exactly. */
const FILE_BODY_LIMIT = 15 * 1024 * 1024;

/**
 * Lawful requests from the authorities. Every route is concealed: a caller without the permission is answered
 * 404, as for a request they may not see, so nothing tells them requests exist.
 */
export function requestsRoutes(app: RouteServices<'requests'>): FastifyPluginAsyncTypebox {
  return async (server) => {
    const tags = ['lawful requests'];
    const requests = app.requests;
    server.get(
      '/lawful-requests',
      {
        config: { access: 'requests:handle', concealed: true },
        schema: {
          tags,
          summary: 'The register of lawful requests, newest first (sealed; the read is audited)',
          querystring: RequestListQuery,
          response: withErrors({ 200: Type.Array(RequestSummarySchema) }),
        },
      },
      (request) => requests.findRequests(contextOf(request), request.query),
    );
    server.post(
      '/lawful-requests',
      {
        config: { access: 'requests:handle', concealed: true },
        bodyLimit: FILE_BODY_LIMIT,
        schema: {
          tags,
          summary:
            'Register a lawful request: agency, organ and level, legal document (and its scan), officers, deadline, scope',
          body: RegisterBody,
          response: withErrors({ 201: RequestSchema }),
        },
      },
      async (request, reply) =>
        reply.code(201).send(await requests.register(contextOf(request), request.body)),
    );
    server.get(
      '/lawful-requests/:id',
      {
        config: { access: 'requests:handle', concealed: true },
        schema: {
          tags,
          summary: 'One lawful request with its checklist and the step still missing (the read is audited)',
          params: RequestParams,
          response: withErrors({ 200: RequestSchema }),
        },
      },
      (request) => requests.getRequest(contextOf(request), request.params.id),
    );
    server.post(
      '/lawful-requests/:id/checks',
      {
        config: { access: 'requests:handle', concealed: true },
        schema: {
          tags,
          summary:
            'Record one verification checklist answer; every item yes verifies the request (the call-back names a directory entry)',
          params: RequestParams,
          body: CheckBody,
          response: withErrors({ 200: RequestSchema }),
        },
      },
      (request) => requests.recordCheck(contextOf(request), request.params.id, request.body),
    );
    server.post(
      '/lawful-requests/:id/return',
      {
        config: { access: 'requests:handle', concealed: true },
        schema: {
          tags,
          summary: 'Send the request back to the agency for more information',
          params: RequestParams,
          body: ReasonBody,
          response: withErrors({ 200: RequestSchema }),
        },
      },
      (request) => requests.returnForInformation(contextOf(request), request.params.id, request.body.reason),
    );
    server.post(
      '/lawful-requests/:id/refuse',
      {
        config: { access: 'requests:handle', concealed: true },
        schema: {
          tags,
          summary: 'Refuse the request, with the reason',
          params: RequestParams,
          body: ReasonBody,
          response: withErrors({ 200: RequestSchema }),
        },
      },
      (request) => requests.refuse(contextOf(request), request.params.id, request.body.reason),
    );
    server.post(
      '/lawful-requests/:id/approve',
      {
        config: { access: 'requests:approve', concealed: true },
        schema: {
          tags,
          summary:
            'Approve a verified request (a designated approver who neither registered nor verified it)',
          params: RequestParams,
          body: ReasonBody,
          response: withErrors({ 200: RequestSchema }),
        },
      },
      (request) => requests.approve(contextOf(request), request.params.id, request.body.reason),
    );
    server.post(
      '/lawful-requests/:id/export',
      {
        config: { access: 'requests:handle', concealed: true },
        schema: {
          tags,
          summary:
            'Build the scoped package of an approved request: JSON files for the data categories in scope, a signed manifest of their SHA-256',
          params: RequestParams,
          response: withErrors({ 200: PackageSchema }),
        },
      },
      (request) => requests.exportPackage(contextOf(request), request.params.id),
    );
    server.get(
      '/lawful-requests/:id/package',
      {
        config: { access: 'requests:handle', concealed: true },
        schema: {
          tags,
          summary: 'The package as exported (the read is audited)',
          params: RequestParams,
          response: withErrors({ 200: PackageSchema }),
        },
      },
      (request) => requests.getPackage(contextOf(request), request.params.id),
    );
    server.post(
      '/lawful-requests/verify-package',
      {
        config: { access: 'requests:handle', concealed: true },
        bodyLimit: FILE_BODY_LIMIT * 4,
        schema: {
          tags,
          summary:
            'Check a package with this installation’s keys: the manifest signature and every file’s hash',
          body: PackageSchema,
          response: withErrors({ 200: PackageCheckSchema }),
        },
      },
      (request) => requests.verifyPackage(request.body),
    );
    server.post(
      '/lawful-requests/:id/receipt',
      {
        config: { access: 'requests:handle', concealed: true },
        schema: {
          tags,
          summary: 'Record who received the package and when: the request is fulfilled',
          params: RequestParams,
          body: ReceiptBody,
          response: withErrors({ 200: RequestSchema }),
        },
      },
      (request) => requests.recordReceipt(contextOf(request), request.params.id, request.body),
    );
    server.post(
      '/lawful-requests/:id/detain',
      {
        config: { access: 'requests:handle', concealed: true },
        schema: {
          tags,
          summary: 'Detain parcels the request names: held, and no one else is told why',
          params: RequestParams,
          body: DetainBody,
          response: withErrors({ 200: RequestSchema }),
        },
      },
      (request) => requests.detain(contextOf(request), request.params.id, request.body.waybills),
    );
    server.post(
      '/lawful-requests/:id/legal-hold',
      {
        config: { access: 'requests:handle', concealed: true },
        schema: {
          tags,
          summary: 'Turn the legal hold on or off (while on, retention keeps what the scope names)',
          params: RequestParams,
          body: LegalHoldBody,
          response: withErrors({ 200: RequestSchema }),
        },
      },
      (request) =>
        requests.setLegalHold(contextOf(request), request.params.id, request.body.on, request.body.reason),
    );
    server.post(
      '/lawful-requests/:id/close',
      {
        config: { access: 'requests:handle', concealed: true },
        schema: {
          tags,
          summary: 'Close a fulfilled, refused or returned request',
          params: RequestParams,
          body: ReasonBody,
          response: withErrors({ 200: RequestSchema }),
        },
      },
      (request) => requests.close(contextOf(request), request.params.id, request.body.reason),
    );
    server.get(
      '/lawful-request-figures',
      {
        config: { access: 'requests:handle', concealed: true },
        schema: {
          tags,
          summary: 'Requests per agency kind and quarter, and how many are overdue: counts only',
          querystring: FiguresQuery,
          response: withErrors({ 200: FiguresSchema }),
        },
      },
      (request) => requests.figures(contextOf(request), request.query),
    );
    server.get(
      '/agency-directory',
      {
        config: { access: 'requests:handle', concealed: true },
        schema: {
          tags,
          summary: 'The maintained agency directory the call-back numbers come from',
          response: withErrors({ 200: Type.Array(DirectoryEntrySchema) }),
        },
      },
      (request) => requests.findDirectory(contextOf(request)),
    );
    server.post(
      '/agency-directory',
      {
        config: { access: 'requests:handle', concealed: true },
        schema: {
          tags,
          summary: "Add an agency's number to the directory",
          body: DirectoryBody,
          response: withErrors({ 201: DirectoryEntrySchema }),
        },
      },
      async (request, reply) =>
        reply.code(201).send(await requests.addDirectoryEntry(contextOf(request), request.body)),
    );
    server.get(
      '/lawful-requests/approvers/:staffId',
      {
        config: { access: 'requests:designate' },
        schema: {
          tags,
          summary: 'Whether a staff member is a designated approver of lawful requests',
          params: ApproverParams,
          response: withErrors({ 200: ApproverSchema }),
        },
      },
      async (request) => ({
        staffId: request.params.staffId,
        designated: await requests.isDesignatedApprover(request.params.staffId),
      }),
    );
    server.put(
      '/lawful-requests/approvers/:staffId',
      {
        config: { access: 'requests:designate' },
        schema: {
          tags,
          summary: 'Designate a legal-liaison member as an approver of lawful requests',
          params: ApproverParams,
          response: withErrors({ 200: ApproverSchema }),
        },
      },
      async (request) => {
        await requests.designateApprover(contextOf(request), request.params.staffId, true);
        return { staffId: request.params.staffId, designated: true };
      },
    );
    server.delete(
      '/lawful-requests/approvers/:staffId',
      {
        config: { access: 'requests:designate' },
        schema: {
          tags,
          summary: 'Remove an approver of lawful requests',
          params: ApproverParams,
          response: withErrors({ 200: ApproverSchema }),
        },
      },
      async (request) => {
        await requests.designateApprover(contextOf(request), request.params.staffId, false);
        return { staffId: request.params.staffId, designated: false };
      },
    );
  };
}
