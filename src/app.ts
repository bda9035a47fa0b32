// The composition root: builds every service once, for the HTTP server, the CLI and the tests alike.
import { existsSync } from 'node:fs';
import type { Logger } from 'pino';
import { AuditRepository } from './audit/audit.repository.js';
import { AuditService } from './audit/audit.service.js';
import { AuditWitness } from './audit/audit-witness.js';
import { Checkpointer } from './audit/checkpointer.js';
import { EntryMac } from './audit/entry-mac.js';
import { createHubServices, type HubServices } from './hubs/hub-services.js';
import type { AgreementsService } from './identity/agreements.service.js';
import { createCaseServices, type CaseServices } from './cases/case-services.js';
import type { CluesService } from './cases/clues.service.js';
import { CaseReportsRepository } from './cases/reports/case-reports.repository.js';
import { CaseReportsService } from './cases/reports/case-reports.service.js';
import type { IdentityGate } from './identity/identity-gate.service.js';
import { createIdentityServices } from './identity/identity-services.js';
import type { RefusalsService } from './identity/refusals.service.js';
import type { RetentionService } from './identity/retention.service.js';
import type { SendersService } from './identity/senders.service.js';
import type { WatchlistService } from './identity/watchlist.service.js';
import { KeyRotationService } from './keys/key-rotation.service.js';
import { KeyRotationRepository } from './keys/key-rotation.repository.js';
import { ParcelsRepository } from './parcels/parcels.repository.js';
import { IntakeService } from './parcels/intake.service.js';
import { ParcelsService } from './parcels/parcels.service.js';
import { loadDefaultRuleSet } from './parcels/risk-rules.js';
import { RiskRulesService } from './parcels/risk-rules.service.js';
import { systemContext } from './people/actor.js';
import { ReportsRepository } from './reports/reports.repository.js';
import { ReportsService } from './reports/reports.service.js';
import { AuthService } from './people/auth.service.js';
import { LoginThrottle } from './people/login-throttle.js';
import { PeopleRepository } from './people/people.repository.js';
import { SessionsRepository } from './people/sessions.repository.js';
import { SitesService } from './people/sites.service.js';
import { StaffService } from './people/staff.service.js';
import { loadDefaultCatalogue } from './screening/default-catalogue.js';
import { ScreeningService } from './screening/screening.service.js';
import { systemClock, type Clock } from './platform/clock.js';
import { defaultKeyFile, type Config } from './platform/config.js';
import { Keyring, KeyMaterialError, MissingKeyMaterialError } from './platform/crypto/keyring.js';
import { Signer } from './platform/crypto/signing.js';
import { Vault } from './platform/crypto/vault.js';
import { migrateToLatest } from './platform/database/migrator.js';
import { openStore, type Store, type StoreOptions } from './platform/database/store.js';
import { VersionedDocuments } from './platform/database/versioned-documents.js';
import { newId } from './platform/ids.js';
import { createLogger } from './platform/logger.js';
import { InlineIntakePreparer, WorkerIntakePreparer } from './parcels/intake-preparer.js';
import { TrainingRepository } from './training/training.repository.js';
import { RequestsRepository } from './requests/requests.repository.js';
import { RequestsService } from './requests/requests.service.js';
import { TrainingService } from './training/training.service.js';
import { createWebhookServices, type WebhookServices } from './webhooks/webhook-services.js';

export interface App extends HubServices, CaseServices, WebhookServices {
  config: Config;
  clock: Clock;
  logger: Logger;
  store: Store;
  keyring: Keyring;
  vault: Vault;
  signer: Signer;
  audit: AuditService;
  /** Signs audit checkpoints at start, on schedule and on close, for whoever built the app. */
  checkpointer: Checkpointer;
  sites: SitesService;
  staff: StaffService;
  auth: AuthService;
  keyRotation: KeyRotationService;
  senders: SendersService;
  identityGate: IdentityGate;
  refusals: RefusalsService;
  clues: CluesService;
  watchlist: WatchlistService;
  agreements: AgreementsService;
  retention: RetentionService;
  screening: ScreeningService;
  parcels: ParcelsService;
  riskRules: RiskRulesService;
  reports: ReportsService;
  /** Reports of cases to the authorities (12339, police, customs, commerce, postal) and the case figures. */
  caseReports: CaseReportsService;
  training: TrainingService;
  requests: RequestsService;
  /** Whether the key file was created by this start (first start in demo mode). */
  keysCreated: boolean;
  /** Signs what is pending in the audit log, then closes the store. */
  close(): Promise<void>;
}

export interface CreateAppOptions {
  clock?: Clock;
  logger?: Logger;
  storeOptions?: StoreOptions;
  /** Run migrations before anything else (default true). */
  migrate?: boolean;
  /**
   * Sign audit checkpoints in the background (every N entries, every T seconds; default true). False leaves only
   * the signing at start and on close, for tests that count checkpoints.
   */
  scheduleCheckpoints?: boolean;
  /** Create the demo key file when missing (default true); false: fail with MissingKeyMaterialError instead. */
  createKeys?: boolean;
  /**
   * Tests only: builds the repository that intake and the parcels service write parcels through (from the store's
   * SQLite handle, like the default one), so a test can make a statement fail on cue (a deadlock, a full disk),
   * which no real database does.
   */
  parcelsRepository?: (sqlite: Store['sqlite']) => ParcelsRepository;
}

/**
 * Opens the key material the configuration names; in demo mode creates the data dir's key file if missing, unless
 * `createKeys` is false (read-only commands: new keys there would only print or check against keys nobody uses).
 */
export function openKeyring(
  config: Config,
  { createKeys = true }: { createKeys?: boolean } = {},
): { keyring: Keyring; created: boolean } {
  if (config.keysInline !== null) return { keyring: Keyring.fromJson(config.keysInline), created: false };
  if (config.keyFile !== null) return { keyring: Keyring.fromKeyFile(config.keyFile), created: false };
  if (config.production) {
    throw new KeyMaterialError(
      'production mode needs configured keys: set PARCELGUARD_KEY_FILE or PARCELGUARD_KEYS (demo keys are never generated in production)',
    );
  }
  const file = defaultKeyFile(config.dataDir);
  if (!createKeys && !existsSync(file)) throw new MissingKeyMaterialError(file);
  return Keyring.openOrCreate(file);
}

export async function createApp(config: Config, options: CreateAppOptions = {}): Promise<App> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger(config.logLevel);
  const { keyring, created: keysCreated } = openKeyring(config, {
    createKeys: options.createKeys ?? true,
  });
  const store = openStore(config.databaseUrl, {
    sqliteSynchronous: config.sqliteSynchronous,
    ...options.storeOptions,
  });
  try {
    if (options.migrate ?? true) await migrateToLatest(store);
  } catch (error) {
    await store.close();
    throw error;
  }
  const vault = new Vault(keyring);
  const signer = new Signer(keyring);
  const audit = new AuditService(
    store,
    new AuditRepository(store.dialect, store.sqlite),
    vault,
    new EntryMac(() => keyring.blindIndex),
    signer,
    clock,
    {
      checkpointEvery: config.auditCheckpointEvery,
      witness: new AuditWitness(config.auditWitnessDir),
      witnessRequired: config.auditWitnessRequired,
    },
  );
  const checkpointer = new Checkpointer(
    audit,
    {
      everyEntries: config.auditCheckpointEvery,
      everySeconds: config.auditCheckpointSeconds,
      schedule: options.scheduleCheckpoints ?? true,
    },
    logger,
  );
  const people = new PeopleRepository();
  const sessions = new SessionsRepository();
  const throttle = new LoginThrottle(
    {
      maxFailures: config.loginMaxFailures,
      accountMaxFailures: config.loginAccountMaxFailures,
      addressMaxFailures: config.loginAddressMaxFailures,
      lockoutMs: config.loginLockoutMinutes * 60_000,
    },
    () => clock.now(),
  );

  const identity = createIdentityServices({ store, config, clock, vault, audit, people });
  const staff = new StaffService(store, people, sessions, audit, vault, clock);
  const screening = new ScreeningService(
    store,
    new VersionedDocuments('catalogue_versions'),
    audit,
    clock,
    loadDefaultCatalogue,
  );
  const parcelsRepository = options.parcelsRepository?.(store.sqlite) ?? new ParcelsRepository(store.sqlite);
  const riskRules = new RiskRulesService({
    store,
    versions: new VersionedDocuments('risk_rule_sets'),
    parcels: parcelsRepository,
    audit,
    clock,
    bundled: loadDefaultRuleSet,
    categories: () => screening.activeCategorySlugs(),
  });
  const intakePreparer = config.intakeWorker
    ? new WorkerIntakePreparer(keyring, logger)
    : new InlineIntakePreparer(vault);
  const intake = new IntakeService({
    store,
    repository: parcelsRepository,
    people,
    identityGate: identity.identityGate,
    watchlist: identity.watchlist,
    clues: identity.clues,
    refusals: identity.refusals,
    screening,
    audit,
    vault,
    clock,
    riskRules: () => riskRules.activeRuleSet(),
    setBased: config.intakeSetBased,
    preparer: intakePreparer,
  });
  const parcels = new ParcelsService({
    store,
    repository: parcelsRepository,
    people,
    intakes: intake,
    clues: identity.clues,
    screening,
    audit,
    vault,
    keyring,
    clock,
  });
  const caseServices = createCaseServices({
    store,
    config,
    clock,
    audit,
    people,
    parcels,
    screening,
    ...identity,
  });
  const requests = new RequestsService(
    store,
    new RequestsRepository(),
    people,
    caseServices.evidenceBlobs,
    audit,
    vault,
    signer,
    parcels,
    clock,
  );
  // Why a parcel is held stays with those who may know: a sealed case's officers, a lawful request's liaison.
  parcels.useSealedParcelLookup(async (actor, waybillNos) => {
    const [sealed, detained] = await Promise.all([
      caseServices.cases.sealedParcelsHiddenFrom(actor, waybillNos),
      requests.detainedParcelsHiddenFrom(actor, waybillNos),
    ]);
    return new Set([...sealed, ...detained]);
  });
  identity.retention.useLegalHolds((db) => requests.heldSenderIds(db));
  const app: App = {
    config,
    clock,
    logger,
    store,
    keyring,
    vault,
    signer,
    audit,
    checkpointer,
    sites: new SitesService(store, people, audit, clock),
    staff,
    auth: new AuthService(store, people, sessions, audit, throttle, clock, config.sessionTtlMinutes * 60_000),
    keyRotation: new KeyRotationService(store, new KeyRotationRepository(), keyring, vault, audit),
    ...identity,
    screening,
    parcels,
    riskRules,
    ...createHubServices({ store, people, parcels, screening, clues: identity.clues, audit, clock }),
    reports: new ReportsService(store, new ReportsRepository(), people, audit, signer, clock),
    ...caseServices,
    caseReports: new CaseReportsService(
      store,
      new CaseReportsRepository(),
      people,
      caseServices.cases,
      audit,
      vault,
      signer,
      clock,
      () => screening.activeScreener(),
    ),
    training: new TrainingService(
      store,
      new TrainingRepository(),
      people,
      screening,
      audit,
      signer,
      vault,
      clock,
    ),
    ...createWebhookServices({
      store,
      vault,
      audit,
      clock,
      logger,
      cases: caseServices.cases,
      keepDeliveredDays: config.webhookKeepDeliveredDays,
    }),
    requests,
    keysCreated,
    close: async () => {
      await app.webhookDispatcher.stop();
      await intakePreparer.close();
      await checkpointer.stop();
      await store.close();
    },
  };
  await registerSigningKeys(app);
  await app.screening.ensureCatalogue(systemContext(newId(), 'startup'));
  await app.riskRules.ensureRuleSet(systemContext(newId(), 'startup'));
  // After the start's own entries: signs them with whatever a crashed writer left unsigned.
  await checkpointer.start();
  return app;
}

/** Publishes the signing public keys in the store (audited), so verifiers can find them by key id. */
async function registerSigningKeys(app: App): Promise<void> {
  const repository = new AuditRepository(app.store.dialect);
  for (const key of app.signer.publicKeys()) {
    if (await repository.hasSigningKey(app.store.db, key.keyId)) continue;
    await app.store.transaction(async (trx) => {
      if (await repository.hasSigningKey(trx, key.keyId)) return;
      await repository.insertSigningKey(trx, key.keyId, key.publicKeyPem, app.clock.now());
      await app.audit.append(trx, systemContext(newId(), 'startup'), {
        action: 'signing-key.registered',
        subject: { type: 'signing-key', id: key.keyId },
        data: key,
      });
    });
  }
}
