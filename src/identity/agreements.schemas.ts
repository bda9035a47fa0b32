import { Type } from 'typebox';
import { CalendarDate, Nullable, StrictObject, Timestamp } from '../http/schemas.js';
import { AGREEMENT_STATUSES } from './identity.types.js';
import { documentPresentationFields } from './identity.schemas.js';

const Id = Type.String({ minLength: 1, maxLength: 64 });

export const OrganisationSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  uscc: Type.String({ description: 'unified social credit code' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export const RegisterOrganisationBody = StrictObject({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  uscc: Type.String({ minLength: 1, maxLength: 18, description: 'unified social credit code (checked)' }),
});

export const AgreementAccountSchema = Type.Object({
  id: Type.String(),
  agreementId: Type.String(),
  code: Type.String(),
  name: Type.String(),
  createdAt: Timestamp,
});
export const AddAccountBody = StrictObject({
  code: Type.String({ minLength: 1, maxLength: 40 }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
});

export const AgreementSchema = Type.Object({
  id: Type.String(),
  number: Type.String(),
  organisationId: Type.String(),
  organisationName: Type.String(),
  signedOn: CalendarDate,
  validUntil: CalendarDate,
  status: Type.Enum(AGREEMENT_STATUSES, { description: 'as read: past valid-until is expired' }),
  statusReason: Nullable(Type.String()),
  responsiblePerson: Nullable(
    Type.Object({
      senderId: Type.String(),
      documentType: Type.String(),
      documentNumberMasked: Type.String(),
      nameMasked: Type.String(),
    }),
  ),
  permittedGoods: Type.Array(Type.String()),
  permittedSiteIds: Type.Array(Type.String(), { description: 'empty: every site' }),
  signedAtSiteId: Type.String(),
  accounts: Type.Array(AgreementAccountSchema),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const CreateAgreementBody = StrictObject({
  number: Type.String({ minLength: 1, maxLength: 64 }),
  organisationId: Id,
  signedOn: CalendarDate,
  validUntil: CalendarDate,
  siteId: Type.String({
    minLength: 1,
    maxLength: 64,
    description: 'where the agreement was signed and the responsible person verified',
  }),
  responsiblePerson: StrictObject(documentPresentationFields, {
    description: 'verified with the same document checks as the identity gate and registered as a sender',
  }),
  permittedGoods: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 100 }),
  permittedSiteIds: Type.Optional(
    Type.Array(Id, { maxItems: 1000, description: 'empty or omitted: every site' }),
  ),
});

export const AgreementListQuery = StrictObject({
  status: Type.Optional(Type.Enum(AGREEMENT_STATUSES)),
  organisationId: Type.Optional(Id),
});

export const CounterCustomerQuery = StrictObject({
  siteId: Id,
  name: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 100,
      description: "part of the organisation's or account's name",
    }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
});

export const CounterCustomerSchema = Type.Object({
  agreementId: Type.String(),
  organisationName: Type.String(),
  accounts: Type.Array(Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() })),
});

export const ExpiringQuery = StrictObject({
  days: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650, default: 30 })),
});

export const StatusChangeBody = StrictObject({
  reason: Type.String({ minLength: 3, maxLength: 500 }),
});
