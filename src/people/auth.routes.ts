import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, Problem, withErrors } from '../http/schemas.js';
import { contextOf, type RouteServices } from '../http/request-context.js';
import { AppError } from '../platform/errors.js';
import {
  ApiKeySchema,
  CertificationSchema,
  CreateApiKeyBody,
  CreatedApiKeySchema,
  LoginBody,
  LoginResponse,
  SiteSchema,
  StaffSchema,
} from './people.schemas.js';
import { grantableRoles } from './access.js';
import { hasPermission, PERMISSIONS, type Permission } from './roles.js';

/** Sign-in, sign-out, who am I, and API keys for machines. */
export function authRoutes(app: RouteServices<'auth' | 'sites' | 'staff'>): FastifyPluginAsyncTypebox {
  return async (server) => {
    const tags = ['auth'];
    server.post(
      '/auth/login',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Sign in with username and password; returns a session token',
          security: [],
          body: LoginBody,
          response: { 200: LoginResponse, 400: Problem, 401: Problem, 429: Problem },
        },
      },
      async (request) => {
        const result = await app.auth.login(
          request.body.username,
          request.body.password,
          request.ip,
          request.id,
        );
        return {
          token: result.token,
          expiresAt: result.expiresAt,
          staff: await app.staff.getOwnRecord(result.staffId),
        };
      },
    );
    server.post(
      '/auth/logout',
      {
        config: { access: 'authenticated' },
        schema: { tags, summary: 'End this session', response: withErrors({ 204: Type.Null() }) },
      },
      async (request, reply) => {
        const context = contextOf(request);
        if (context.actor.type !== 'staff')
          throw new AppError('validation-failed', 'API keys are revoked, not signed out');
        await app.auth.logout(context, request.headers.authorization!.replace(/^Bearer\s+/i, ''));
        return reply.code(204).send(null);
      },
    );
    server.get(
      '/auth/me',
      {
        config: { access: 'authenticated' },
        schema: {
          tags,
          summary: 'Who is signed in, and what they may do',
          response: withErrors({
            200: Type.Object({
              actorType: Type.String(),
              staff: Type.Union([StaffSchema, Type.Null()]),
              roles: Type.Array(Type.String()),
              siteId: Type.Union([Type.String(), Type.Null()]),
              site: Type.Union([SiteSchema, Type.Null()]),
              permissions: Type.Array(Type.String()),
              grantableRoles: Type.Array(Type.String(), {
                description: 'the staff roles this principal may grant, and so the staff they may manage',
              }),
              certifications: Type.Array(CertificationSchema, {
                description: "the signed-in person's own certifications (none for an API key)",
              }),
            }),
          }),
        },
      },
      async (request) => {
        const { actor } = contextOf(request);
        const permissions = Object.keys(PERMISSIONS).filter((permission) =>
          hasPermission(actor.roles, permission as Permission),
        );
        const isStaff = actor.type === 'staff';
        return {
          actorType: actor.type,
          staff: isStaff ? await app.staff.getOwnRecord(actor.id) : null,
          roles: [...actor.roles],
          siteId: actor.siteId,
          site: actor.siteId === null ? null : await app.sites.getSite(actor.siteId),
          permissions,
          grantableRoles: [...grantableRoles(actor)],
          certifications: isStaff ? await app.staff.findOwnCertifications(actor.id) : [],
        };
      },
    );

    server.get(
      '/api-keys',
      {
        config: { access: 'apikeys:manage' },
        schema: { tags, summary: 'List API keys', response: withErrors({ 200: Type.Array(ApiKeySchema) }) },
      },
      () => app.auth.findApiKeys(),
    );
    server.post(
      '/api-keys',
      {
        config: { access: 'apikeys:manage' },
        schema: {
          tags,
          summary: 'Issue an API key for a machine, bound to a site and a role',
          body: CreateApiKeyBody,
          response: withErrors({ 201: CreatedApiKeySchema }),
        },
      },
      async (request, reply) =>
        reply.code(201).send(await app.auth.createApiKey(contextOf(request), request.body)),
    );
    server.delete(
      '/api-keys/:id',
      {
        config: { access: 'apikeys:manage' },
        schema: {
          tags,
          summary: 'Revoke an API key',
          params: IdParams,
          response: withErrors({ 200: ApiKeySchema }),
        },
      },
      (request) => app.auth.revokeApiKey(contextOf(request), request.params.id),
    );
  };
}
