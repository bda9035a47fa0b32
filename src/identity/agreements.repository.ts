import type {
  AgreementAccountTable,
  AgreementTable,
  OrganisationTable,
} from '../platform/database/schema.js';
import type { Executor } from '../platform/database/store.js';

/** An agreement with what a reader needs beside it: the organisation's name and the responsible person. */
export type AgreementRow = AgreementTable & {
  organisation_name: string;
  organisation_uscc: string;
  responsible_document_index: string | null;
  responsible_document_type: string | null;
  responsible_number_enc: string | null;
  responsible_name_enc: string | null;
};

export interface AgreementFilter {
  organisationId?: string;
  /** Stored statuses to include. */
  statuses?: readonly AgreementTable['status'][];
  /** Only agreements whose valid-until date lies in this range (inclusive). */
  validUntilFrom?: string;
  validUntilTo?: string;
}

/** All SQL for organisations, security agreements and their accounts. */
export class AgreementsRepository {
  async insertOrganisation(db: Executor, row: OrganisationTable): Promise<void> {
    await db.insertInto('organisations').values(row).execute();
  }

  async findOrganisation(db: Executor, id: string): Promise<OrganisationTable | undefined> {
    return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async findOrganisationByUscc(db: Executor, uscc: string): Promise<OrganisationTable | undefined> {
    return db.selectFrom('organisations').selectAll().where('uscc', '=', uscc).executeTakeFirst();
  }

  async findOrganisations(db: Executor): Promise<OrganisationTable[]> {
    return db.selectFrom('organisations').selectAll().orderBy('name').execute();
  }

  async insertAgreement(db: Executor, row: AgreementTable): Promise<void> {
    await db.insertInto('agreements').values(row).execute();
  }

  async updateAgreement(db: Executor, id: string, changes: Partial<AgreementTable>): Promise<void> {
    await db.updateTable('agreements').set(changes).where('id', '=', id).execute();
  }

  async findAgreementByNumber(db: Executor, number: string): Promise<AgreementTable | undefined> {
    return db.selectFrom('agreements').selectAll().where('number', '=', number).executeTakeFirst();
  }

  async findAgreement(db: Executor, id: string): Promise<AgreementRow | undefined> {
    return this.agreementRows(db).where('agreements.id', '=', id).executeTakeFirst();
  }

  async findAgreements(db: Executor, filter: AgreementFilter): Promise<AgreementRow[]> {
    let query = this.agreementRows(db);
    if (filter.organisationId !== undefined)
      query = query.where('agreements.organisation_id', '=', filter.organisationId);
    if (filter.statuses !== undefined) query = query.where('agreements.status', 'in', filter.statuses);
    if (filter.validUntilFrom !== undefined)
      query = query.where('agreements.valid_until', '>=', filter.validUntilFrom);
    if (filter.validUntilTo !== undefined)
      query = query.where('agreements.valid_until', '<=', filter.validUntilTo);
    return query.orderBy('agreements.valid_until').orderBy('agreements.number').execute();
  }

  async insertAccount(db: Executor, row: AgreementAccountTable): Promise<void> {
    await db.insertInto('agreement_accounts').values(row).execute();
  }

  async findAccount(db: Executor, id: string): Promise<AgreementAccountTable | undefined> {
    return db.selectFrom('agreement_accounts').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async findAccountByCode(
    db: Executor,
    agreementId: string,
    code: string,
  ): Promise<AgreementAccountTable | undefined> {
    return db
      .selectFrom('agreement_accounts')
      .selectAll()
      .where('agreement_id', '=', agreementId)
      .where('code', '=', code)
      .executeTakeFirst();
  }

  async findAccounts(db: Executor, agreementIds: readonly string[]): Promise<AgreementAccountTable[]> {
    if (agreementIds.length === 0) return [];
    return db
      .selectFrom('agreement_accounts')
      .selectAll()
      .where('agreement_id', 'in', agreementIds)
      .orderBy('code')
      .execute();
  }

  private agreementRows(db: Executor) {
    return db
      .selectFrom('agreements')
      .innerJoin('organisations', 'organisations.id', 'agreements.organisation_id')
      .leftJoin('senders', 'senders.id', 'agreements.responsible_sender_id')
      .selectAll('agreements')
      .select([
        'organisations.name as organisation_name',
        'organisations.uscc as organisation_uscc',
        'senders.document_index as responsible_document_index',
        'senders.document_type as responsible_document_type',
        'senders.number_enc as responsible_number_enc',
        'senders.name_enc as responsible_name_enc',
      ]);
  }
}
