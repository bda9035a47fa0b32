import type { Actor } from '../people/actor.js';
import type { VerificationMethod } from '../identity/identity.types.js';
import type { Route, Verdict } from '../screening/catalogue.js';
import type { ParcelState } from './parcel-state.js';
import type { RiskHit } from './risk-rules.js';
import type { Outcome } from '../platform/outcome.js';

/** The notice senders are shown before acceptance (the 2016 prohibited-items directory); stored per parcel. */
export const CURRENT_NOTICE_VERSION = 'prohibited-items-directory-2016';

export interface Place {
  /** ISO 3166-1 alpha-2, e.g. CN. */
  country: string;
  regionCode?: string;
  address: string;
}

export interface SenderPresentation {
  /** A security-agreement customer: no per-parcel ID unless the agreement does not cover the parcel. */
  agreementId?: string;
  documentType?: string;
  number?: string;
  nationality?: string;
  name?: string;
  phone?: string;
  verification?: { method: VerificationMethod; deviceScore?: number };
  /** The sender would not show an identity document. */
  refusedToShow?: boolean;
}

export interface IntakeItem {
  description: string;
  quantity?: number;
  unit?: string;
  declaredValue?: number;
}

export interface IntakeInput {
  waybillNo: string;
  siteId: string;
  route: Route;
  origin: Place;
  destination: Place;
  sender: SenderPresentation;
  recipient: { name: string; phone: string; address: string };
  items: IntakeItem[];
  weightGrams: number;
  noticeAcknowledged: boolean;
  noticeVersion?: string;
  /** The collecting courier (staff id); defaults to the signed-in staff member. */
  courierId?: string;
}

export type ParcelDecision = 'refuse' | 'inspect' | 'hold';

export interface IntakeResult {
  waybillNo: string;
  state: ParcelState;
  decision: ParcelDecision;
  /** What the counter is told. For a hold this never says why. */
  counterMessage: string;
  /** Reasons the counter may see (empty for a hold). */
  reasons: string[];
  catalogueVersion: string;
  items: { description: string; verdict: Verdict; category: string | null }[];
  /** True when this answer is a replay of an earlier identical request. */
  replayed: boolean;
}

/** One parcel's answer in a group intake: its result, or the error it alone ran into. */
/** One parcel's answer in a group intake: its result, or the error it alone failed with. */
export type IntakeOutcome = Outcome<IntakeResult>;

export const INSPECTION_OUTCOMES = [
  'consistent',
  'inconsistent',
  'prohibited-found',
  'refused-by-sender',
] as const;
export type InspectionOutcome = (typeof INSPECTION_OUTCOMES)[number];

export interface InspectionInput {
  outcome: InspectionOutcome;
  /** The inspector (staff id); defaults to the signed-in staff member. */
  inspectorId?: string;
  /** What was actually found, for `inconsistent` and `prohibited-found` (re-screened). */
  foundDescription?: string;
  findings?: string;
  /** SHA-256 (hex) of each inspection photo. */
  photoHashes?: string[];
}

export interface InspectionResult {
  waybillNo: string;
  state: ParcelState;
  outcome: InspectionOutcome;
  /** The inspection mark to print on the waybill (consistent outcome only). */
  mark: string | null;
  reasons: string[];
}

export interface ParcelTimeline {
  waybillNo: string;
  siteId: string;
  route: Route;
  state: ParcelState;
  heldFrom: ParcelState | null;
  decision: ParcelDecision;
  reasons: string[];
  createdAt: number;
  gates: {
    identity: { kind: string; decision: string; senderId: string | null; agreementId: string | null };
    notice: { version: string };
    screening: { verdict: string; catalogueVersion: string };
    risk: { version: string; score: number; hits: RiskHit[] };
    inspection: { by: string | null; at: number | null; mark: string | null };
    xray: { screenedAt: number | null; by: string | null };
    dispatch: { at: number | null; dispatchId: string | null };
  };
  origin: { country: string; regionCode: string | null; addressMasked: string };
  destination: { country: string; regionCode: string | null; addressMasked: string };
  recipient: { nameMasked: string; phoneMasked: string };
  weightGrams: number;
  items: {
    position: number;
    description: string;
    quantity: number | null;
    unit: string | null;
    verdict: string;
    category: string | null;
  }[];
  events: {
    at: number;
    kind: string;
    fromState: string | null;
    toState: string | null;
    actorType: string;
    actorId: string;
    custodian: string | null;
    location: string | null;
    reason: string | null;
  }[];
  inspections: {
    at: number;
    inspectorId: string;
    outcome: string;
    foundVerdict: string | null;
    foundCategory: string | null;
    photoHashes: string[];
  }[];
}

/** A parcel held now: why, since when, by whom, where, and who has it. */
export interface HeldParcel {
  waybillNo: string;
  /** The site that took the parcel in. */
  siteId: string;
  /** The site where it was held (the intake site when the intake decision held it). */
  heldAtSiteId: string;
  /** The state a release returns it to. */
  heldFrom: ParcelState | null;
  /** `intake`: the intake decision held it; `hold`: someone (or an inspection find) held it later. */
  source: 'intake' | 'hold';
  heldAt: number;
  heldBy: { type: string; id: string } | null;
  /** Why; null when the reason is not shown (a watchlist hit at the identity gate). */
  reason: string | null;
  /** Who has the parcel now, and where (the hold or the latest custody hand-over). */
  custodian: string | null;
  location: string | null;
}

/** What a counter or a hub is told about a parcel held for a sealed (national-security) case, and nothing more. */
export const SEALED_HOLD_NOTICE = 'held — refer to a supervisor';

/**
 * Of these waybills, the ones a sealed case is about that the actor may not see. Cases answers it (they depend on
 * parcels, so parcels is handed the question rather than importing cases).
 */
export type SealedParcelLookup = (
  actor: Actor,
  waybillNos: readonly string[],
) => Promise<ReadonlySet<string>>;
