import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, withErrors } from '../http/schemas.js';
import { contextOf, type RouteServices } from '../http/request-context.js';
import {
  AddAccountBody,
  AgreementAccountSchema,
  AgreementListQuery,
  AgreementSchema,
  CounterCustomerQuery,
  CounterCustomerSchema,
  CreateAgreementBody,
  ExpiringQuery,
  OrganisationSchema,
  RegisterOrganisationBody,
  StatusChangeBody,
} from './agreements.schemas.js';

/** Agreement customers: organisations, security agreements, their status and accounts. */
export function agreementsRoutes(app: RouteServices<'agreements'>): FastifyPluginAsyncTypebox {
  return async (server) => {
    const tags = ['agreements'];

    server.get(
      '/agreements/organisations',
      {
        config: { access: 'agreements:read' },
        schema: {
          tags,
          summary: 'Organisations (agreement customers)',
          response: withErrors({ 200: Type.Array(OrganisationSchema) }),
        },
      },
      () => app.agreements.findOrganisations(),
    );
    server.post(
      '/agreements/organisations',
      {
        config: { access: 'agreements:manage' },
        schema: {
          tags,
          summary: 'Register an organisation by its unified social credit code',
          body: RegisterOrganisationBody,
          response: withErrors({ 201: OrganisationSchema }),
        },
      },
      async (request, reply) =>
        reply.code(201).send(await app.agreements.registerOrganisation(contextOf(request), request.body)),
    );

    server.get(
      '/agreements',
      {
        config: { access: 'agreements:read' },
        schema: {
          tags,
          summary: 'Security agreements, soonest to end first',
          querystring: AgreementListQuery,
          response: withErrors({ 200: Type.Array(AgreementSchema) }),
        },
      },
      (request) => app.agreements.findAgreements(request.query),
    );
    server.get(
      '/agreements/customers',
      {
        config: { access: 'identity:verify' },
        schema: {
          tags,
          summary:
            "The counter's pick list: agreement customers covered at a site today, by name (names and account codes only)",
          querystring: CounterCustomerQuery,
          response: withErrors({ 200: Type.Array(CounterCustomerSchema) }),
        },
      },
      (request) => app.agreements.findCounterCustomers(contextOf(request), request.query),
    );
    server.get(
      '/agreements/expiring',
      {
        config: { access: 'agreements:read' },
        schema: {
          tags,
          summary: 'Agreements still running whose valid-until falls within the next N days',
          querystring: ExpiringQuery,
          response: withErrors({ 200: Type.Array(AgreementSchema) }),
        },
      },
      (request) => app.agreements.findExpiring(request.query.days ?? 30),
    );
    server.post(
      '/agreements',
      {
        config: { access: 'agreements:manage' },
        schema: {
          tags,
          summary: 'Sign a security agreement; the responsible person is verified and registered',
          body: CreateAgreementBody,
          response: withErrors({ 201: AgreementSchema }),
        },
      },
      async (request, reply) =>
        reply.code(201).send(await app.agreements.createAgreement(contextOf(request), request.body)),
    );
    server.get(
      '/agreements/:id',
      {
        config: { access: 'agreements:read' },
        schema: {
          tags,
          summary: 'One security agreement',
          params: IdParams,
          response: withErrors({ 200: AgreementSchema }),
        },
      },
      (request) => app.agreements.getAgreement(request.params.id),
    );

    const statusChanges = [
      ['suspend', 'Suspend an agreement: its parcels need per-parcel ID until reactivated'],
      ['reactivate', 'Lift a suspension (only within the agreement dates)'],
      ['terminate', 'End an agreement for good'],
    ] as const;
    for (const [change, summary] of statusChanges) {
      server.post(
        `/agreements/:id/${change}`,
        {
          config: { access: 'agreements:manage' },
          schema: {
            tags,
            summary,
            params: IdParams,
            body: StatusChangeBody,
            response: withErrors({ 200: AgreementSchema }),
          },
        },
        (request) => {
          const context = contextOf(request);
          const { id } = request.params;
          const { reason } = request.body;
          switch (change) {
            case 'suspend':
              return app.agreements.suspendAgreement(context, id, reason);
            case 'reactivate':
              return app.agreements.reactivateAgreement(context, id, reason);
            case 'terminate':
              return app.agreements.terminateAgreement(context, id, reason);
          }
        },
      );
    }

    server.post(
      '/agreements/:id/accounts',
      {
        config: { access: 'agreements:manage' },
        schema: {
          tags,
          summary: 'Add an account that ships under the agreement',
          params: IdParams,
          body: AddAccountBody,
          response: withErrors({ 201: AgreementAccountSchema }),
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await app.agreements.addAccount(contextOf(request), request.params.id, request.body)),
    );
  };
}
