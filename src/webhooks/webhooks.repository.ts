import type { Executor } from '../platform/database/store.js';
import type { WebhookDeliveryTable, WebhookEndpointTable } from './webhooks.tables.js';

/** All SQL for webhook endpoints and their delivery outbox. */
export class WebhooksRepository {
  async insertEndpoint(db: Executor, row: WebhookEndpointTable): Promise<void> {
    await db.insertInto('webhook_endpoints').values(row).execute();
  }

  async findEndpoint(db: Executor, id: string): Promise<WebhookEndpointTable | undefined> {
    return db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async findEndpoints(db: Executor, options: { activeOnly?: boolean } = {}): Promise<WebhookEndpointTable[]> {
    let query = db.selectFrom('webhook_endpoints').selectAll();
    if (options.activeOnly === true) query = query.where('active', '=', 1);
    return query.orderBy('created_at').orderBy('id').execute();
  }

  async updateEndpoint(db: Executor, id: string, changes: Partial<WebhookEndpointTable>): Promise<void> {
    await db.updateTable('webhook_endpoints').set(changes).where('id', '=', id).execute();
  }

  /** Removes an endpoint and its deliveries (sent or not). */
  async deleteEndpoint(db: Executor, id: string): Promise<void> {
    await db.deleteFrom('webhook_deliveries').where('endpoint_id', '=', id).execute();
    await db.deleteFrom('webhook_endpoints').where('id', '=', id).execute();
  }

  async insertDeliveries(db: Executor, rows: readonly WebhookDeliveryTable[]): Promise<void> {
    if (rows.length === 0) return;
    await db
      .insertInto('webhook_deliveries')
      .values([...rows])
      .execute();
  }

  async findDelivery(db: Executor, id: string): Promise<WebhookDeliveryTable | undefined> {
    return db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** An endpoint's deliveries, newest first. */
  async findDeliveries(
    db: Executor,
    endpointId: string,
    options: { limit: number; status?: WebhookDeliveryTable['status'] },
  ): Promise<WebhookDeliveryTable[]> {
    let query = db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpointId);
    if (options.status !== undefined) query = query.where('status', '=', options.status);
    return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
  }

  /** Pending deliveries of active endpoints due by `now`, oldest first (a deactivated endpoint's wait). */
  async findDue(db: Executor, now: number, limit: number): Promise<WebhookDeliveryTable[]> {
    return db
      .selectFrom('webhook_deliveries')
      .innerJoin('webhook_endpoints', 'webhook_endpoints.id', 'webhook_deliveries.endpoint_id')
      .selectAll('webhook_deliveries')
      .where('webhook_deliveries.status', '=', 'pending')
      .where('webhook_deliveries.next_attempt_at', '<=', now)
      .where('webhook_endpoints.active', '=', 1)
      .orderBy('webhook_deliveries.next_attempt_at')
      .orderBy('webhook_deliveries.id')
      .limit(limit)
      .execute();
  }

  /**
   * Claims a due delivery for one sender: moves its due time to `leaseUntil` only if nobody moved it since it was
   * read (another node, another run). True when this caller holds it.
   */
  async claim(db: Executor, row: WebhookDeliveryTable, leaseUntil: number): Promise<boolean> {
    const result = await db
      .updateTable('webhook_deliveries')
      .set({ next_attempt_at: leaseUntil })
      .where('id', '=', row.id)
      .where('status', '=', 'pending')
      .where('next_attempt_at', '=', row.next_attempt_at)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Removes at most `limit` deliveries delivered before `before`; says how many. */
  async deleteDeliveredBefore(db: Executor, before: number, limit: number): Promise<number> {
    const oldest = db
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('status', '=', 'delivered')
      .where('delivered_at', '<', before)
      .orderBy('delivered_at')
      .limit(limit);
    const result = await db.deleteFrom('webhook_deliveries').where('id', 'in', oldest).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async updateDelivery(db: Executor, id: string, changes: Partial<WebhookDeliveryTable>): Promise<void> {
    await db.updateTable('webhook_deliveries').set(changes).where('id', '=', id).execute();
  }
}
