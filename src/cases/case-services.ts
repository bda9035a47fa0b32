// Builds the cases capability's services once, for the composition root (src/app.ts), and makes it file every
// clue raised from then on (CluesService.useFiler).
import path from 'node:path';
import type { AuditService } from '../audit/audit.service.js';
import { HubsRepository } from '../hubs/hubs.repository.js';
import type { SendersService } from '../identity/senders.service.js';
import { ParcelsRepository } from '../parcels/parcels.repository.js';
import type { ParcelsService } from '../parcels/parcels.service.js';
import type { PeopleRepository } from '../people/people.repository.js';
import type { Clock } from '../platform/clock.js';
import type { Config } from '../platform/config.js';
import type { Store } from '../platform/database/store.js';
import type { ScreeningService } from '../screening/screening.service.js';
import { DirectoryBlobStore, type BlobStore } from './blob-store.js';
import { S3BlobStore } from './s3-blob-store.js';
import { CasesRepository } from './cases.repository.js';
import { CasesService, DEFAULT_MAX_EVIDENCE_BYTES } from './cases.service.js';
import { CluesRepository } from './clues.repository.js';
import type { CluesService } from './clues.service.js';
import { CustodyService } from './custody.service.js';

export interface CaseServices {
  cases: CasesService;
  custody: CustodyService;
  /** Where evidence bytes are kept (content-addressed). */
  evidenceBlobs: BlobStore;
}

export interface CaseDependencies {
  store: Store;
  config: Config;
  clock: Clock;
  audit: AuditService;
  people: PeopleRepository;
  parcels: ParcelsService;
  screening: ScreeningService;
  senders: SendersService;
  clues: CluesService;
}

/** Evidence files live under `<data dir>/evidence/`. */
export function evidenceDirectory(config: Config): string {
  return path.join(config.dataDir, 'evidence');
}

export function createCaseServices(deps: CaseDependencies): CaseServices {
  const { store, config, clock, audit, people, parcels, screening, senders, clues } = deps;
  const repository = new CasesRepository();
  const blobs: BlobStore =
    config.evidenceS3 === null
      ? new DirectoryBlobStore(evidenceDirectory(config))
      : new S3BlobStore(config.evidenceS3);
  const cases = new CasesService(
    store,
    repository,
    new CluesRepository(),
    people,
    new HubsRepository(),
    parcels,
    senders,
    screening,
    blobs,
    audit,
    clock,
    { maxEvidenceBytes: DEFAULT_MAX_EVIDENCE_BYTES },
  );
  clues.useFiler(cases);
  return {
    cases,
    custody: new CustodyService(
      store,
      repository,
      cases,
      parcels,
      new ParcelsRepository(),
      blobs,
      audit,
      clock,
      DEFAULT_MAX_EVIDENCE_BYTES,
    ),
    evidenceBlobs: blobs,
  };
}
