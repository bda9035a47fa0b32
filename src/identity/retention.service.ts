import type { AuditService } from '../audit/audit.service.js';
import type { RequestContext } from '../people/actor.js';
import type { Clock } from '../platform/clock.js';
import type { Store } from '../platform/database/store.js';
import type { IdentityRepository } from './identity.repository.js';
import type { RetentionReport } from './identity.types.js';
import type { Executor } from '../platform/database/store.js';
import { chinaDate } from './subject-index.js';

const MS_PER_DAY = 86_400_000;

/** How long real-name records are kept: no national period exists, so both are configured. */
export interface RetentionPolicy {
  /** Counted from the day a sender was last seen. */
  sendersDays: number;
  refusalsDays: number;
}

/** Purges personal data past its retention period: senders last seen long ago, and old refusals. */
export class RetentionService {
  constructor(
    private readonly store: Store,
    private readonly repository: IdentityRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly policy: RetentionPolicy,
  ) {}

  /** Sender ids a lawful request's legal hold covers (requests answer; identity does not depend on them). */
  private legalHolds: (db: Executor) => Promise<string[]> = async () => [];

  useLegalHolds(holds: (db: Executor) => Promise<string[]>): void {
    this.legalHolds = holds;
  }

  /** Purges what has expired in one transaction and records the counts in one audit entry. */
  async run(context: RequestContext): Promise<RetentionReport> {
    const now = this.clock.now();
    const sendersLastSeenBefore = now - this.policy.sendersDays * MS_PER_DAY;
    const refusalsBefore = now - this.policy.refusalsDays * MS_PER_DAY;
    return this.store.transaction(async (trx) => {
      const held = await this.legalHolds(trx);
      const purged = await this.repository.purgeSendersLastSeenBefore(
        trx,
        sendersLastSeenBefore,
        chinaDate(now),
        held,
      );
      const refusals = await this.repository.purgeRefusalsBefore(trx, refusalsBefore);
      const report: RetentionReport = { ...purged, refusals, sendersLastSeenBefore, refusalsBefore };
      await this.audit.append(trx, context, {
        action: 'retention.purged',
        subject: { type: 'retention', id: chinaDate(now) },
        data: { ...report, policy: this.policy },
      });
      return report;
    });
  }
}
