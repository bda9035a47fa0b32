// Builds the identity capability's services once, for the composition root (src/app.ts).
import type { AuditService } from '../audit/audit.service.js';
import type { PeopleRepository } from '../people/people.repository.js';
import type { Clock } from '../platform/clock.js';
import type { Config } from '../platform/config.js';
import type { Vault } from '../platform/crypto/vault.js';
import type { Store } from '../platform/database/store.js';
import { AgreementsRepository } from './agreements.repository.js';
import { AgreementsService } from './agreements.service.js';
import { CluesRepository } from '../cases/clues.repository.js';
import { CluesService } from '../cases/clues.service.js';
import { IdentityGate } from './identity-gate.service.js';
import { IdentityRepository } from './identity.repository.js';
import { RefusalsService } from './refusals.service.js';
import { RetentionService } from './retention.service.js';
import { SendersService } from './senders.service.js';
import { WatchlistService } from './watchlist.service.js';

export interface IdentityServices {
  senders: SendersService;
  identityGate: IdentityGate;
  refusals: RefusalsService;
  clues: CluesService;
  watchlist: WatchlistService;
  agreements: AgreementsService;
  retention: RetentionService;
}

export interface IdentityDependencies {
  store: Store;
  config: Config;
  clock: Clock;
  vault: Vault;
  audit: AuditService;
  people: PeopleRepository;
}

export function createIdentityServices(deps: IdentityDependencies): IdentityServices {
  const { store, config, clock, vault, audit, people } = deps;
  const repository = new IdentityRepository(store.sqlite);
  const senders = new SendersService(store, repository, audit, vault, clock);
  const clues = new CluesService(store, new CluesRepository(), audit, clock);
  const refusals = new RefusalsService(store, repository, clues, audit, clock, {
    threshold: config.refusalClueThreshold,
    windowMs: config.refusalClueWindowHours * 3_600_000,
  });
  const watchlist = new WatchlistService(store, repository, audit, vault, clock);
  const agreements = new AgreementsService(store, new AgreementsRepository(), people, senders, audit, clock);
  return {
    senders,
    identityGate: new IdentityGate(store, people, senders, refusals, clues, watchlist, agreements, vault, {
      faceMatchMinScore: config.faceMatchMinScore,
    }),
    refusals,
    clues,
    watchlist,
    agreements,
    retention: new RetentionService(store, repository, audit, clock, {
      sendersDays: config.retentionSendersDays,
      refusalsDays: config.retentionRefusalsDays,
    }),
  };
}
