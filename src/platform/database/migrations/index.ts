// Every migration, in order. Listed here (not discovered on disk) so the compiled build and the tests load
// exactly the same set. Names: <epoch-ms>-<PascalName>.
import type { Migration } from 'kysely';
import * as foundation from './1795881600000-Foundation.js';
import * as realNameCollection from './1795881600001-RealNameCollection.js';
import * as screeningCatalogue from './1795881600002-ScreeningCatalogue.js';
import * as parcels from './1795881600003-Parcels.js';
import * as riskRuleSets from './1795881600004-RiskRuleSets.js';
import * as hubScreening from './1795881600005-HubScreening.js';
import * as leanIntake from './1795881600006-LeanIntake.js';
import * as senderHistoryIndex from './1795881600007-SenderHistoryIndex.js';
import * as auditEntryMac from './1795881600008-AuditEntryMac.js';
import * as machineRoles from './1795881600009-MachineRoles.js';
import * as refusalDetails from './1795881600010-RefusalDetails.js';
import * as training from './1795881600013-Training.js';
import * as certificationSource from './1795881600014-CertificationSource.js';
import * as auditLeaves from './1795881600020-AuditLeaves.js';
import * as casesAndEvidence from './1795881600101-CasesAndEvidence.js';
import * as authorityReports from './1795881600202-AuthorityReports.js';
import * as webhooks from './1795881600300-Webhooks.js';
import * as lawfulRequests from './1795881600400-LawfulRequests.js';
import * as eventPath from './1795881600500-EventPath.js';
import * as senderNameIndex from './1795881600600-SenderNameIndex.js';

export const MIGRATIONS: Record<string, Migration> = {
  '1795881600000-Foundation': foundation,
  '1795881600001-RealNameCollection': realNameCollection,
  '1795881600002-ScreeningCatalogue': screeningCatalogue,
  '1795881600003-Parcels': parcels,
  '1795881600004-RiskRuleSets': riskRuleSets,
  '1795881600005-HubScreening': hubScreening,
  '1795881600006-LeanIntake': leanIntake,
  '1795881600007-SenderHistoryIndex': senderHistoryIndex,
  '1795881600008-AuditEntryMac': auditEntryMac,
  '1795881600009-MachineRoles': machineRoles,
  '1795881600010-RefusalDetails': refusalDetails,
  '1795881600013-Training': training,
  '1795881600014-CertificationSource': certificationSource,
  '1795881600020-AuditLeaves': auditLeaves,
  '1795881600101-CasesAndEvidence': casesAndEvidence,
  '1795881600202-AuthorityReports': authorityReports,
  '1795881600300-Webhooks': webhooks,
  '1795881600400-LawfulRequests': lawfulRequests,
  '1795881600500-EventPath': eventPath,
  '1795881600600-SenderNameIndex': senderNameIndex,
};
