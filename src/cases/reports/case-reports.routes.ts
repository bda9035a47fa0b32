import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, withErrors } from '../../http/schemas.js';
import { contextOf, type RouteServices } from '../../http/request-context.js';
import { AppError } from '../../platform/errors.js';
import {
  AcknowledgeBody,
  ApproveBody,
  CaseIdParams,
  CaseReportSchema,
  DraftBody,
  EditBody,
  FiguresQuery,
  FiguresSchema,
  PackageSchema,
  ReportsQuery,
  RouteProposalSchema,
  SubmitBody,
} from './case-reports.schemas.js';

/** Reports of cases to the authorities, their packages, and the case figures. */
export function caseReportsRoutes(app: RouteServices<'caseReports'>): FastifyPluginAsyncTypebox {
  return async (server) => {
    const tags = ['case reports'];
    server.get(
      '/cases/:id/report-route',
      {
        config: { access: 'case-reports:draft' },
        schema: {
          tags,
          summary:
            'The authority a case goes to (routed by category and direction), the personal data it needs',
          params: CaseIdParams,
          response: withErrors({ 200: RouteProposalSchema }),
        },
      },
      (request) => app.caseReports.proposeRoute(contextOf(request), request.params.id),
    );
    server.post(
      '/cases/:id/reports',
      {
        config: { access: 'case-reports:draft' },
        schema: {
          tags,
          summary: 'Draft a report of a case to an authority (the evidence it includes is locked)',
          params: CaseIdParams,
          body: DraftBody,
          response: withErrors({ 201: CaseReportSchema }),
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await app.caseReports.draft(contextOf(request), { ...request.body, caseId: request.params.id }),
          ),
    );
    server.get(
      '/cases/:id/reports',
      {
        config: { access: 'case-reports:read' },
        schema: {
          tags,
          summary: "A case's reports to the authorities",
          params: CaseIdParams,
          response: withErrors({ 200: Type.Array(CaseReportSchema) }),
        },
      },
      (request) => app.caseReports.findReportsOfCase(contextOf(request), request.params.id),
    );
    server.get(
      '/case-reports',
      {
        config: { access: 'case-reports:read' },
        schema: {
          tags,
          summary: 'Reports to the authorities, newest first (of the cases the caller may see)',
          querystring: ReportsQuery,
          response: withErrors({ 200: Type.Array(CaseReportSchema) }),
        },
      },
      (request) => inQuery(() => app.caseReports.findReports(contextOf(request), request.query)),
    );
    server.get(
      '/case-reports/:id',
      {
        config: { access: 'case-reports:read' },
        schema: {
          tags,
          summary: 'One report',
          params: IdParams,
          response: withErrors({ 200: CaseReportSchema }),
        },
      },
      (request) => app.caseReports.getReport(contextOf(request), request.params.id),
    );
    server.patch(
      '/case-reports/:id',
      {
        config: { access: 'case-reports:draft' },
        schema: {
          tags,
          summary: 'Change a draft report (authority, facts, evidence)',
          params: IdParams,
          body: EditBody,
          response: withErrors({ 200: CaseReportSchema }),
        },
      },
      (request) => app.caseReports.edit(contextOf(request), request.params.id, request.body),
    );
    server.post(
      '/case-reports/:id/approve',
      {
        config: { access: 'case-reports:approve' },
        schema: {
          tags,
          summary: 'Approve a draft (four eyes: never its author); signs the package (document + PDF)',
          params: IdParams,
          body: ApproveBody,
          response: withErrors({ 200: CaseReportSchema }),
        },
      },
      (request) => app.caseReports.approve(contextOf(request), request.params.id, request.body),
    );
    server.post(
      '/case-reports/:id/submit',
      {
        config: { access: 'case-reports:submit' },
        schema: {
          tags,
          summary:
            "Record that an approved report was handed to its authority (channel, the authority's reference)",
          params: IdParams,
          body: SubmitBody,
          response: withErrors({ 200: CaseReportSchema }),
        },
      },
      (request) => app.caseReports.submit(contextOf(request), request.params.id, request.body),
    );
    server.post(
      '/case-reports/:id/acknowledge',
      {
        config: { access: 'case-reports:submit' },
        schema: {
          tags,
          summary: "Record the authority's acknowledgement",
          params: IdParams,
          body: AcknowledgeBody,
          response: withErrors({ 200: CaseReportSchema }),
        },
      },
      (request) => app.caseReports.acknowledge(contextOf(request), request.params.id, request.body),
    );
    server.get(
      '/case-reports/:id/package',
      {
        config: { access: 'case-reports:export' },
        schema: {
          tags,
          summary: 'The signed report package (carries the personal data the authority needs; audited)',
          params: IdParams,
          response: withErrors({ 200: PackageSchema }),
        },
      },
      async (request, reply) => {
        const reportPackage = await app.caseReports.getPackage(contextOf(request), request.params.id);
        return reply
          .header('content-disposition', `attachment; filename="report-${request.params.id}.json"`)
          .send(reportPackage);
      },
    );
    server.get(
      '/case-reports/:id/pdf',
      {
        config: { access: 'case-reports:export' },
        schema: {
          tags,
          summary: "The package's printable PDF in Chinese (audited)",
          params: IdParams,
          response: withErrors({
            200: Type.Unsafe({ type: 'string', format: 'binary', description: 'application/pdf' }),
          }),
        },
      },
      async (request, reply) => {
        const pdf = await app.caseReports.getPdf(contextOf(request), request.params.id);
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="report-${request.params.id}.pdf"`)
          .send(pdf);
      },
    );
    server.get(
      '/case-figures',
      {
        config: { access: 'cases:figures' },
        schema: {
          tags,
          summary:
            'Clue → case → report funnel per site and month, times to hold and to report, outcomes by category, ' +
            'reports per authority, recognition per site and person',
          querystring: FiguresQuery,
          response: withErrors({ 200: FiguresSchema }),
        },
      },
      (request) => inQuery(() => app.caseReports.figures(contextOf(request), request.query)),
    );
  };
}

/** Services name fields relative to their input; for a GET that input is the query string. */
async function inQuery<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError && error.errors.length > 0) {
      throw error.withFieldPaths((path) =>
        /^\/(body|query|params|headers)(\/|$)/.test(path) ? path : `/query${path}`,
      );
    }
    throw error;
  }
}
