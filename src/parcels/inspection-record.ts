import { newId } from '../platform/ids.js';
import type { ScreeningResult } from '../screening/screener.js';
import type { InspectionTable } from './parcels.tables.js';

/** What an inspector reports, at the counter or in an open inspection at a hub. */
export interface InspectionFindings {
  foundDescription?: string | undefined;
  findings?: string | undefined;
  photoHashes?: readonly string[] | undefined;
}

/** The stored record of one inspection: who, when, the outcome, what was found and how it screened. */
export function inspectionRow(
  waybillNo: string,
  inspectorId: string,
  outcome: string,
  reported: InspectionFindings,
  found: ScreeningResult | null,
  at: number,
): InspectionTable {
  return {
    id: newId(at),
    waybill_no: waybillNo,
    inspector_id: inspectorId,
    outcome,
    found_description: reported.foundDescription ?? null,
    found_verdict: found?.verdict ?? null,
    found_category: found?.category ?? null,
    findings: reported.findings ?? null,
    photo_hashes: JSON.stringify(reported.photoHashes ?? []),
    at,
  };
}
