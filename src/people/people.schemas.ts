import { Type } from 'typebox';
import { CalendarDate, Nullable, StrictObject, Timestamp } from '../http/schemas.js';
import { CERTIFICATION_KINDS, SITE_KINDS } from './people.types.js';
import { MACHINE_ROLES, ROLES, STAFF_ROLES } from './roles.js';

const RoleSchema = Type.Enum(ROLES);
const StaffRoleSchema = Type.Enum(STAFF_ROLES);
const MachineRoleSchema = Type.Enum(MACHINE_ROLES, {
  description: 'API keys are for machines: an X-ray station or an order system',
});
const SiteKindSchema = Type.Enum(SITE_KINDS);
const CertificationKindSchema = Type.Enum(CERTIFICATION_KINDS);

export const CompanySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  uscc: Nullable(Type.String()),
  licenceNo: Nullable(Type.String()),
  updatedAt: Timestamp,
});
export const SetCompanyBody = StrictObject({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  uscc: Type.Optional(Nullable(Type.String({ maxLength: 18 }))),
  licenceNo: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
});

export const SiteSchema = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  kind: SiteKindSchema,
  regionCode: Type.String(),
  status: Type.Union([Type.Literal('active'), Type.Literal('closed')]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export const CreateSiteBody = StrictObject({
  code: Type.String({ minLength: 2, maxLength: 20 }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  kind: SiteKindSchema,
  regionCode: Type.String({ pattern: '^\\d{6}$' }),
});
export const UpdateSiteBody = StrictObject({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  regionCode: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('closed')])),
});
export const SiteListQuery = StrictObject({ kind: Type.Optional(SiteKindSchema) });

export const StaffSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  name: Type.String(),
  siteId: Type.String(),
  roles: Type.Array(StaffRoleSchema),
  status: Type.Union([Type.Literal('active'), Type.Literal('suspended')]),
  phoneMasked: Nullable(Type.String()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export const CreateStaffBody = StrictObject({
  username: Type.String({ minLength: 3, maxLength: 40 }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  siteId: Type.String({ minLength: 1, maxLength: 64 }),
  roles: Type.Array(StaffRoleSchema, { minItems: 1, maxItems: STAFF_ROLES.length }),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
  password: Type.Optional(Type.String({ minLength: 12, maxLength: 200 })),
});
export const CreatedStaffSchema = Type.Object({
  staff: StaffSchema,
  generatedPassword: Nullable(Type.String({ description: 'shown once when no password was given' })),
});
export const UpdateStaffBody = StrictObject({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  siteId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  roles: Type.Optional(Type.Array(StaffRoleSchema, { minItems: 1, maxItems: STAFF_ROLES.length })),
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('suspended')])),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
});
export const SetPasswordBody = StrictObject({ password: Type.String({ minLength: 12, maxLength: 200 }) });
export const StaffListQuery = StrictObject({ siteId: Type.Optional(Type.String({ maxLength: 64 })) });

export const CertificationSchema = Type.Object({
  id: Type.String(),
  staffId: Type.String(),
  kind: CertificationKindSchema,
  certificateNo: Nullable(Type.String()),
  issuedOn: CalendarDate,
  expiresOn: CalendarDate,
  revokedAt: Nullable(Timestamp),
  createdAt: Timestamp,
  source: Nullable(
    Type.Union([Type.Literal('training'), Type.Literal('manual')], {
      description:
        'training: issued by training (its signed certificate says how); manual: typed in by an admin',
    }),
  ),
  reason: Nullable(Type.String({ description: 'why it was entered by hand' })),
});
export const GrantCertificationBody = StrictObject({
  kind: CertificationKindSchema,
  issuedOn: CalendarDate,
  expiresOn: CalendarDate,
  certificateNo: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
  reason: Type.String({
    maxLength: 500,
    description: 'why the certification is entered by hand rather than earned through training (audited)',
  }),
});
export const CertificationParams = StrictObject({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  certificationId: Type.String({ minLength: 1, maxLength: 64 }),
});

export const LoginBody = StrictObject({
  username: Type.String({ minLength: 1, maxLength: 100 }),
  password: Type.String({ minLength: 1, maxLength: 200 }),
});
export const LoginResponse = Type.Object({ token: Type.String(), expiresAt: Timestamp, staff: StaffSchema });

export const ApiKeySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  siteId: Type.String(),
  role: RoleSchema,
  createdBy: Type.String(),
  createdAt: Timestamp,
  revokedAt: Nullable(Timestamp),
  lastUsedAt: Nullable(Timestamp),
});
export const CreateApiKeyBody = StrictObject({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  siteId: Type.String({ minLength: 1, maxLength: 64 }),
  role: MachineRoleSchema,
});
export const CreatedApiKeySchema = Type.Object({
  apiKey: ApiKeySchema,
  secret: Type.String({ description: 'the key to configure on the machine; shown once' }),
});
