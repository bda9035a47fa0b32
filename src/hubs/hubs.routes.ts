import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { StrictObject, withErrors } from '../http/schemas.js';
import { contextOf, type RouteServices } from '../http/request-context.js';
import { AppError } from '../platform/errors.js';
import { WaybillParams } from '../parcels/parcels.schemas.js';
import {
  DispatchBody,
  DispatchResult,
  Machine,
  MachineBody,
  MachineParams,
  MachinePatch,
  OpenInspectionBody,
  OpenInspectionItem,
  OpenInspectionResult,
  ScanAnswer,
  ScanBatchAnswer,
  ScansBody,
  SingleDispatchBody,
} from './hubs.schemas.js';
import type { ScanInput } from './scans.service.js';

/** The hub: screening machines, X-ray scans, open inspections, the dispatch gate. */
export function hubsRoutes(
  app: RouteServices<'dispatch' | 'machines' | 'openInspections' | 'scans'>,
): FastifyPluginAsyncTypebox {
  return async (server) => {
    const tags = ['hubs'];
    server.get(
      '/machines',
      {
        config: { access: 'machines:read' },
        schema: {
          tags,
          summary: 'Screening machines and their certification (station staff: their own site)',
          querystring: StrictObject({ siteId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) }),
          response: withErrors({ 200: Type.Array(Machine) }),
        },
      },
      (request) => app.machines.list(contextOf(request), request.query),
    );
    server.post(
      '/machines',
      {
        config: { access: 'machines:manage' },
        schema: {
          tags,
          summary: 'Register a screening machine with its certificate (GB 15208 family for X-ray)',
          body: MachineBody,
          response: withErrors({ 201: Machine }),
        },
      },
      async (request, reply) =>
        reply.code(201).send(await app.machines.register(contextOf(request), request.body)),
    );
    server.get(
      '/machines/:machine',
      {
        config: { access: 'machines:read' },
        schema: {
          tags,
          summary: 'One screening machine',
          params: MachineParams,
          response: withErrors({ 200: Machine }),
        },
      },
      (request) => app.machines.get(contextOf(request), request.params.machine),
    );
    server.patch(
      '/machines/:machine',
      {
        config: { access: 'machines:manage' },
        schema: {
          tags,
          summary: 'Renew a certificate, record a calibration, or retire a machine',
          params: MachineParams,
          body: MachinePatch,
          response: withErrors({ 200: Machine }),
        },
      },
      (request) => app.machines.update(contextOf(request), request.params.machine, request.body),
    );
    server.post(
      '/scans',
      {
        config: { access: 'scans:submit' },
        // Each scan is checked by the service on its own: one bad scan in a station's batch must not sink the
        // others, so the body schema documents the shape without rejecting the whole request.
        validatorCompiler: () => (data: unknown) => ({ value: data }),
        schema: {
          tags,
          summary:
            'Record X-ray scans (one, or a batch): idempotent by eventId; an uncertified machine is rejected (422 machine-not-certified) and counted',
          body: ScansBody,
          response: withErrors({ 200: Type.Union([ScanAnswer, ScanBatchAnswer]), 201: ScanAnswer }),
        },
      },
      async (request, reply) => {
        const body = request.body;
        const batch = Array.isArray(body);
        const scans = (batch ? body : [body]) as unknown[];
        if (!scans.every((scan) => typeof scan === 'object' && scan !== null && !Array.isArray(scan))) {
          throw AppError.invalidField('/body', 'must be a scan object or an array of scan objects');
        }
        const results = await app.scans.submit(contextOf(request), scans as ScanInput[]);
        if (!batch) {
          const answer = results[0]!;
          if (answer.problem !== undefined) {
            throw new AppError(answer.problem.code, answer.problem.detail, {
              errors: answer.problem.errors.map((error) => ({ ...error, path: `/body${error.path}` })),
            });
          }
          return reply.code(answer.status === 201 ? 201 : 200).send(answer);
        }
        return reply.code(200).send({
          results,
          recorded: results.filter((answer) => answer.status === 201).length,
          replayed: results.filter((answer) => answer.status === 200).length,
          rejected: results.filter((answer) => answer.status >= 400).length,
        });
      },
    );
    server.get(
      '/open-inspections',
      {
        config: { access: 'parcels:open-inspection' },
        schema: {
          tags,
          summary:
            'Parcels waiting for their open inspection after a suspect scan, oldest first (station staff: their own site)',
          querystring: StrictObject({ siteId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) }),
          response: withErrors({ 200: Type.Array(OpenInspectionItem) }),
        },
      },
      (request) => app.openInspections.list(contextOf(request), request.query),
    );
    server.post(
      '/parcels/:waybillNo/open-inspection',
      {
        config: { access: 'parcels:open-inspection' },
        schema: {
          tags,
          summary:
            'Close the open inspection after a suspect scan: clear → screened; prohibited-found → held, with a clue',
          params: WaybillParams,
          body: OpenInspectionBody,
          response: withErrors({ 200: OpenInspectionResult }),
        },
      },
      (request) => app.openInspections.close(contextOf(request), request.params.waybillNo, request.body),
    );
    server.post(
      '/parcels/:waybillNo/dispatch',
      {
        config: { access: 'parcels:dispatch' },
        schema: {
          tags,
          summary: 'Dispatch one parcel: only a parcel X-rayed clear may leave (409 not-screened otherwise)',
          params: WaybillParams,
          body: SingleDispatchBody,
          response: withErrors({ 200: DispatchResult }),
        },
      },
      async (request) => {
        try {
          return await app.dispatch.dispatch(contextOf(request), {
            ...request.body,
            waybillNos: [request.params.waybillNo],
          });
        } catch (error) {
          // The service takes a list; here its one waybill is the path parameter, not a body field.
          if (!(error instanceof AppError)) throw error;
          throw error.withFieldPaths((path) => (path === '/waybillNos/0' ? '/params/waybillNo' : path));
        }
      },
    );
    server.post(
      '/dispatches',
      {
        config: { access: 'parcels:dispatch' },
        schema: {
          tags,
          summary:
            'Dispatch a bag or cage: all its parcels leave, or none does (409 names every parcel not X-rayed clear)',
          body: DispatchBody,
          response: withErrors({ 201: DispatchResult }),
        },
      },
      async (request, reply) =>
        reply.code(201).send(await app.dispatch.dispatch(contextOf(request), request.body)),
    );
  };
}
