import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, withErrors } from '../http/schemas.js';
import { contextOf, type RouteServices } from '../http/request-context.js';
import {
  CertificationParams,
  CertificationSchema,
  CompanySchema,
  CreatedStaffSchema,
  CreateSiteBody,
  CreateStaffBody,
  GrantCertificationBody,
  SetCompanyBody,
  SetPasswordBody,
  SiteListQuery,
  SiteSchema,
  StaffListQuery,
  StaffSchema,
  UpdateSiteBody,
  UpdateStaffBody,
} from './people.schemas.js';

/** Company, sites, staff and certifications. */
export function peopleRoutes(app: RouteServices<'sites' | 'staff'>): FastifyPluginAsyncTypebox {
  return async (server) => {
    const tags = ['people'];

    server.get(
      '/company',
      {
        config: { access: 'company:read' },
        schema: { tags, summary: 'The company profile', response: withErrors({ 200: CompanySchema }) },
      },
      () => app.sites.getCompany(),
    );
    server.put(
      '/company',
      {
        config: { access: 'company:manage' },
        schema: {
          tags,
          summary: 'Set the company profile',
          body: SetCompanyBody,
          response: withErrors({ 200: CompanySchema }),
        },
      },
      (request) => app.sites.setCompany(contextOf(request), request.body),
    );

    server.get(
      '/sites',
      {
        config: { access: 'sites:read' },
        schema: {
          tags,
          summary: 'List sites',
          querystring: SiteListQuery,
          response: withErrors({ 200: Type.Array(SiteSchema) }),
        },
      },
      (request) => app.sites.findSites(request.query),
    );
    server.post(
      '/sites',
      {
        config: { access: 'sites:manage' },
        schema: {
          tags,
          summary: 'Register a site',
          body: CreateSiteBody,
          response: withErrors({ 201: SiteSchema }),
        },
      },
      async (request, reply) =>
        reply.code(201).send(await app.sites.createSite(contextOf(request), request.body)),
    );
    server.get(
      '/sites/:id',
      {
        config: { access: 'sites:read' },
        schema: { tags, summary: 'One site', params: IdParams, response: withErrors({ 200: SiteSchema }) },
      },
      (request) => app.sites.getSite(request.params.id),
    );
    server.patch(
      '/sites/:id',
      {
        config: { access: 'sites:manage' },
        schema: {
          tags,
          summary: 'Change a site',
          params: IdParams,
          body: UpdateSiteBody,
          response: withErrors({ 200: SiteSchema }),
        },
      },
      (request) => app.sites.updateSite(contextOf(request), request.params.id, request.body),
    );

    server.get(
      '/staff',
      {
        config: { access: 'staff:read' },
        schema: {
          tags,
          summary: 'List staff',
          querystring: StaffListQuery,
          response: withErrors({ 200: Type.Array(StaffSchema) }),
        },
      },
      (request) => app.staff.findStaff(contextOf(request), request.query),
    );
    server.post(
      '/staff',
      {
        config: { access: 'staff:manage' },
        schema: {
          tags,
          summary: 'Register a staff member',
          body: CreateStaffBody,
          response: withErrors({ 201: CreatedStaffSchema }),
        },
      },
      async (request, reply) =>
        reply.code(201).send(await app.staff.createStaff(contextOf(request), request.body)),
    );
    server.get(
      '/staff/:id',
      {
        config: { access: 'staff:read' },
        schema: {
          tags,
          summary: 'One staff member',
          params: IdParams,
          response: withErrors({ 200: StaffSchema }),
        },
      },
      (request) => app.staff.getStaff(contextOf(request), request.params.id),
    );
    server.patch(
      '/staff/:id',
      {
        config: { access: 'staff:manage' },
        schema: {
          tags,
          summary: 'Change a staff member (name, site, roles, phone, status)',
          params: IdParams,
          body: UpdateStaffBody,
          response: withErrors({ 200: StaffSchema }),
        },
      },
      (request) => app.staff.updateStaff(contextOf(request), request.params.id, request.body),
    );
    server.put(
      '/staff/:id/password',
      {
        config: { access: 'staff:manage' },
        schema: {
          tags,
          summary: "Set a staff member's password",
          params: IdParams,
          body: SetPasswordBody,
          response: withErrors({ 204: Type.Null() }),
        },
      },
      async (request, reply) => {
        await app.staff.setPassword(contextOf(request), request.params.id, request.body.password);
        return reply.code(204).send(null);
      },
    );
    server.get(
      '/staff/:id/certifications',
      {
        config: { access: 'staff:read' },
        schema: {
          tags,
          summary: "A staff member's certifications",
          params: IdParams,
          response: withErrors({ 200: Type.Array(CertificationSchema) }),
        },
      },
      (request) => app.staff.findCertifications(contextOf(request), request.params.id),
    );
    server.post(
      '/staff/:id/certifications',
      {
        // A typed-in certification opens the gates like an earned one, so only those who may enter certificates by
        // hand (admins) may use it, with a reason; certificates normally come from training.
        config: { access: 'training:certify' },
        schema: {
          tags,
          summary: "Enter a certification by hand, with a reason (an admin's audited manual entry)",
          params: IdParams,
          body: GrantCertificationBody,
          response: withErrors({ 201: CertificationSchema }),
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await app.staff.grantCertification(contextOf(request), request.params.id, request.body)),
    );
    server.delete(
      '/staff/:id/certifications/:certificationId',
      {
        config: { access: 'staff:manage' },
        schema: {
          tags,
          summary: 'Revoke a certification',
          params: CertificationParams,
          response: withErrors({ 200: CertificationSchema }),
        },
      },
      (request) => app.staff.revokeCertification(contextOf(request), request.params.certificationId),
    );
  };
}
