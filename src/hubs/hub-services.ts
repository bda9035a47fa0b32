// Builds the hub capability's services (the third gate and the dispatch gate) for the composition root.
import type { AuditService } from '../audit/audit.service.js';
import type { CluesService } from '../cases/clues.service.js';
import { ParcelsRepository } from '../parcels/parcels.repository.js';
import type { ParcelsService } from '../parcels/parcels.service.js';
import type { PeopleRepository } from '../people/people.repository.js';
import type { Clock } from '../platform/clock.js';
import type { Store } from '../platform/database/store.js';
import type { ScreeningService } from '../screening/screening.service.js';
import { DispatchService } from './dispatch.service.js';
import { HubsRepository } from './hubs.repository.js';
import { MachinesService } from './machines.service.js';
import { OpenInspectionService } from './open-inspection.service.js';
import { ScansService } from './scans.service.js';

export interface HubServices {
  machines: MachinesService;
  scans: ScansService;
  openInspections: OpenInspectionService;
  dispatch: DispatchService;
}

export function createHubServices(dependencies: {
  store: Store;
  people: PeopleRepository;
  parcels: ParcelsService;
  screening: ScreeningService;
  clues: CluesService;
  audit: AuditService;
  clock: Clock;
}): HubServices {
  const { store, people, parcels, screening, clues, audit, clock } = dependencies;
  const repository = new HubsRepository();
  return {
    machines: new MachinesService(store, repository, people, audit, clock),
    scans: new ScansService(store, repository, people, parcels, clues, audit, clock),
    openInspections: new OpenInspectionService(
      store,
      parcels,
      new ParcelsRepository(),
      people,
      screening,
      clues,
      audit,
      clock,
      repository,
    ),
    dispatch: new DispatchService(store, repository, people, parcels, audit, clock),
  };
}
