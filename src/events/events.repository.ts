import type { Executor } from '../platform/database/store.js';
import type { EventReceiptTable } from './events.tables.js';

/** What the consumer needs of a station's API key to check a message: its site, role and signing key. */
export interface StationKey {
  id: string;
  site_id: string;
  role: string;
  revoked_at: number | null;
  signing_public_key: string | null;
}

/** All SQL of the event path: station keys (read) and event receipts. */
export class EventsRepository {
  async findStationKeys(db: Executor, ids: readonly string[]): Promise<Map<string, StationKey>> {
    if (ids.length === 0) return new Map();
    const rows = await db
      .selectFrom('api_keys')
      .select(['id', 'site_id', 'role', 'revoked_at', 'signing_public_key'])
      .where('id', 'in', ids)
      .execute();
    return new Map(rows.map((row) => [row.id, row]));
  }

  /** Receipts of the given `kind:eventId` pairs, by that key. */
  async findReceipts(
    db: Executor,
    events: readonly { kind: string; eventId: string }[],
  ): Promise<Map<string, EventReceiptTable>> {
    const found = new Map<string, EventReceiptTable>();
    // One query per kind, the ids in chunks well under either database's bound-parameter limit.
    const byKind = new Map<string, string[]>();
    for (const event of events) {
      const ids = byKind.get(event.kind) ?? [];
      ids.push(event.eventId);
      byKind.set(event.kind, ids);
    }
    for (const [kind, ids] of byKind) {
      for (let start = 0; start < ids.length; start += 500) {
        const rows = await db
          .selectFrom('event_receipts')
          .selectAll()
          .where('kind', '=', kind)
          .where('event_id', 'in', ids.slice(start, start + 500))
          .execute();
        for (const row of rows) found.set(receiptKey(row.kind, row.event_id), row);
      }
    }
    return found;
  }

  async insertReceipts(db: Executor, rows: readonly EventReceiptTable[]): Promise<void> {
    for (let start = 0; start < rows.length; start += 100) {
      await db
        .insertInto('event_receipts')
        .values(rows.slice(start, start + 100))
        .execute();
    }
  }

  countReceipts(db: Executor, status: EventReceiptTable['status']): Promise<number> {
    return db
      .selectFrom('event_receipts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', status)
      .executeTakeFirstOrThrow()
      .then((row) => Number(row.n));
  }
}

export function receiptKey(kind: string, eventId: string): string {
  return `${kind}\u0000${eventId}`;
}
