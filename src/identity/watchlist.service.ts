import type { AuditService } from '../audit/audit.service.js';
import type { RequestContext } from '../people/actor.js';
import type { Clock } from '../platform/clock.js';
import type { Vault } from '../platform/crypto/vault.js';
import type { WatchlistEntryTable } from '../platform/database/schema.js';
import type { Executor, Store } from '../platform/database/store.js';
import { AppError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { FieldProblems, isCalendarDate } from '../platform/validation.js';
import { DOCUMENT_TYPES, isDocumentType } from './documents/index.js';
import type { IdentityRepository } from './identity.repository.js';
import type { WatchlistEntry } from './identity.types.js';
import { maskDocumentNumber, maskPhone } from './masking.js';
import { checkPhone } from './senders.service.js';
import { canonicalPhone, chinaDate, documentIndex, identifyDocument, phoneIndex } from './subject-index.js';

export const WATCHLIST_VALUE_CONTEXT = 'watchlist.value';

interface WatchlistTerms {
  reason: string;
  /** Last day (YYYY-MM-DD, China Standard Time) the entry matches; none: until removed. */
  expiresOn?: string | null;
}

export type NewWatchlistEntry =
  | ({ kind: 'document'; documentType: string; number: string; nationality?: string } & WatchlistTerms)
  | ({ kind: 'phone'; phone: string } & WatchlistTerms);

/** Documents and phones security officers watch for: a match at the gate holds the parcel and raises a clue. */
export class WatchlistService {
  constructor(
    private readonly store: Store,
    private readonly repository: IdentityRepository,
    private readonly audit: AuditService,
    private readonly vault: Vault,
    private readonly clock: Clock,
  ) {}

  /** Puts a document (any type, valid or not: false documents are worth watching) or a phone on the watchlist. */
  async addEntry(context: RequestContext, input: NewWatchlistEntry): Promise<WatchlistEntry> {
    const now = this.clock.now();
    const today = chinaDate(now);
    const problems = new FieldProblems();
    const reason = input.reason.trim();
    problems.check(reason.length >= 3 && reason.length <= 500, 'reason', 'must be 3-500 characters');
    if (input.expiresOn !== undefined && input.expiresOn !== null) {
      if (!isCalendarDate(input.expiresOn))
        problems.add('expiresOn', 'must be a real date written YYYY-MM-DD');
      else problems.check(input.expiresOn >= today, 'expiresOn', 'must not be in the past');
    }
    let subject: Pick<WatchlistEntryTable, 'document_type' | 'nationality' | 'subject_index' | 'value_enc'>;
    if (input.kind === 'document') {
      problems
        .check(
          isDocumentType(input.documentType),
          'documentType',
          `must be one of ${DOCUMENT_TYPES.join(', ')}`,
        )
        .check(input.number.trim().length > 0, 'number', 'must not be empty');
      if (input.documentType === 'passport')
        problems.check((input.nationality?.trim() ?? '') !== '', 'nationality', 'is required for a passport');
      problems.throwIfAny();
      const { key } = identifyDocument(input, now);
      subject = {
        document_type: key.documentType,
        nationality: key.nationality,
        subject_index: documentIndex(this.vault, key),
        value_enc: this.vault.encrypt(key.number, WATCHLIST_VALUE_CONTEXT),
      };
    } else {
      checkPhone(problems, input.phone, 'phone');
      problems.throwIfAny();
      subject = {
        document_type: null,
        nationality: null,
        subject_index: phoneIndex(this.vault, input.phone),
        value_enc: this.vault.encrypt(canonicalPhone(input.phone), WATCHLIST_VALUE_CONTEXT),
      };
    }
    const row: WatchlistEntryTable = {
      id: newId(now),
      kind: input.kind,
      ...subject,
      reason,
      expires_on: input.expiresOn ?? null,
      created_by_type: context.actor.type,
      created_by: context.actor.id,
      created_at: now,
      removed_at: null,
      removed_by: null,
    };
    await this.store.transaction(async (trx) => {
      if ((await this.repository.findActiveWatchlistMatch(trx, [row.subject_index], today)) !== undefined) {
        throw new AppError('conflict', 'this is already on the watchlist', {
          errors: [{ path: input.kind === 'document' ? '/number' : '/phone', message: 'is already watched' }],
        });
      }
      await this.repository.insertWatchlistEntry(trx, row);
      await this.audit.append(trx, context, {
        action: 'watchlist.added',
        subject: { type: 'watchlist-entry', id: row.id },
        data: row,
      });
    });
    return this.toEntry(row, today);
  }

  /** Takes an entry off the watchlist (kept, marked removed, for the record); removing twice changes nothing. */
  async removeEntry(context: RequestContext, id: string): Promise<WatchlistEntry> {
    return this.store.transaction(async (trx) => {
      const row = await this.repository.findWatchlistEntry(trx, id);
      if (row === undefined) throw AppError.notFound(`watchlist entry ${id}`);
      const now = this.clock.now();
      if (row.removed_at !== null) return this.toEntry(row, chinaDate(now));
      await this.repository.removeWatchlistEntry(trx, id, now, context.actor.id);
      await this.audit.append(trx, context, {
        action: 'watchlist.removed',
        subject: { type: 'watchlist-entry', id },
      });
      return this.toEntry({ ...row, removed_at: now, removed_by: context.actor.id }, chinaDate(now));
    });
  }

  /** Entries, newest first: only those that match today unless `includeInactive`. */
  async findEntries(filter: { includeInactive?: boolean } = {}): Promise<WatchlistEntry[]> {
    const today = chinaDate(this.clock.now());
    const rows = await this.repository.findWatchlistEntries(
      this.store.db,
      filter.includeInactive === true ? {} : { activeOn: today },
    );
    return rows.map((row) => this.toEntry(row, today));
  }

  /** The entry (neither removed nor expired) matching any of these blind indexes, if one does. */
  async findMatchWithin(
    db: Executor,
    indexes: readonly (string | null)[],
  ): Promise<WatchlistEntryTable | undefined> {
    const present = indexes.filter((index): index is string => index !== null);
    return this.repository.findActiveWatchlistMatch(db, present, chinaDate(this.clock.now()));
  }

  /** Whether any entry is on the watchlist (not removed; expired ones count, it is only a shortcut's test). */
  async hasEntriesWithin(db: Executor): Promise<boolean> {
    return this.repository.hasUnremovedWatchlistEntry(db);
  }

  private toEntry(row: WatchlistEntryTable, today: string): WatchlistEntry {
    const value = this.vault.decrypt(row.value_enc, WATCHLIST_VALUE_CONTEXT);
    return {
      id: row.id,
      kind: row.kind,
      documentType: row.document_type,
      nationality: row.nationality,
      valueMasked: row.kind === 'phone' ? maskPhone(value) : maskDocumentNumber(value),
      reason: row.reason,
      expiresOn: row.expires_on,
      active: row.removed_at === null && (row.expires_on === null || row.expires_on >= today),
      createdByType: row.created_by_type,
      createdBy: row.created_by,
      createdAt: row.created_at,
      removedAt: row.removed_at,
      removedBy: row.removed_by,
    };
  }
}
