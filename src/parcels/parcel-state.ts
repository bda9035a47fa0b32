// The parcel state machine (shared/design/ARCHITECTURE.md, "Parcel states"). Pure: the store enforces it by
// asking nextState before every state change, so no caller can move a parcel past a gate it has not passed.

/** Every state a parcel can be named in; `released` is transient (see RELEASED below). */
export const PARCEL_STATES = [
  'awaiting-inspection',
  'refused',
  'accepted',
  'open-inspection',
  'screened',
  'dispatched',
  'delivered',
  'held',
  'released',
  'seized',
  'returned-to-sender',
  'handed-to-authority',
] as const;
export type ParcelState = (typeof PARCEL_STATES)[number];

/**
 * States in which a parcel is in the network: accepted at the counter and not refused since. `held` is not
 * among them: a held parcel counts as in the network only when it had passed acceptance before the hold
 * (inspection_outcome = 'consistent') or had been dispatched. A parcel held before acceptance (held at
 * intake, or held at a hub because it arrived without a valid mark) is therefore not listed by the coverage
 * report's parcel rules; if it reached a hub, the hub's `held-unmarked` scan lists it, once, at the hub's site
 * and day (reports/coverage.ts).
 */
export const NETWORK_STATES = [
  'accepted',
  'open-inspection',
  'screened',
  'dispatched',
  'delivered',
] as const satisfies readonly ParcelState[];

/** Every event that can change a parcel's state. */
export const PARCEL_EVENTS = [
  'inspect-consistent',
  'inspect-refused',
  'scan-clear',
  'scan-suspect',
  'open-inspection-clear',
  'dispatch',
  'deliver',
  'hold',
  'release',
  'seize',
  'return-to-sender',
  'hand-to-authority',
] as const;
export type ParcelEvent = (typeof PARCEL_EVENTS)[number];

/**
 * Events that move a parcel physically (sorting, X-ray belt, transport, delivery): a hold stops them all at
 * once (DUTIES.md, "stop all movement"), so on a held parcel they answer `parcel-held`.
 */
export const MOVEMENT_EVENTS = [
  'scan-clear',
  'scan-suspect',
  'open-inspection-clear',
  'dispatch',
  'deliver',
] as const;
export type MovementEvent = (typeof MOVEMENT_EVENTS)[number];

/** States a parcel never leaves. */
export const TERMINAL_STATES = [
  'refused',
  'delivered',
  'seized',
  'returned-to-sender',
  'handed-to-authority',
] as const satisfies readonly ParcelState[];

/**
 * Where `release` leads: back to the state the parcel was held from. A parcel is never stored as `released`;
 * the name exists for the record (custody logs and reports say a parcel was released).
 */
export const HELD_FROM = 'held-from';
export type TransitionTarget = ParcelState | typeof HELD_FROM;

/** The whole machine: for each state, the events it accepts and where they lead. Absent means illegal. */
export const PARCEL_TRANSITIONS = {
  'awaiting-inspection': { 'inspect-consistent': 'accepted', 'inspect-refused': 'refused', hold: 'held' },
  accepted: { 'scan-clear': 'screened', 'scan-suspect': 'open-inspection', hold: 'held' },
  'open-inspection': { 'scan-clear': 'screened', 'open-inspection-clear': 'screened', hold: 'held' },
  screened: { dispatch: 'dispatched', hold: 'held' },
  dispatched: { deliver: 'delivered', hold: 'held' },
  held: {
    release: HELD_FROM,
    seize: 'seized',
    'return-to-sender': 'returned-to-sender',
    'hand-to-authority': 'handed-to-authority',
  },
  refused: {},
  delivered: {},
  released: {},
  seized: {},
  'returned-to-sender': {},
  'handed-to-authority': {},
} as const satisfies Readonly<Record<ParcelState, Readonly<Partial<Record<ParcelEvent, TransitionTarget>>>>>;

/** Why a transition was refused: the parcel is held (movement stopped), or the event makes no sense here. */
export type TransitionRejection = 'invalid-transition' | 'parcel-held';

/** The outcome of nextState. `heldFrom` is what the store keeps beside the state (set by `hold` only). */
export type TransitionResult =
  | { ok: true; state: ParcelState; heldFrom: ParcelState | null }
  | { ok: false; reason: TransitionRejection; message: string };

// Typed views of the constant lists, for membership tests on strings that came from outside.
const TERMINAL: ReadonlySet<string> = new Set(TERMINAL_STATES);
const MOVEMENT: ReadonlySet<string> = new Set(MOVEMENT_EVENTS);
const STATES: ReadonlySet<string> = new Set(PARCEL_STATES);
const TRANSITIONS: Readonly<Record<ParcelState, Readonly<Partial<Record<ParcelEvent, TransitionTarget>>>>> =
  PARCEL_TRANSITIONS;

/** True for a state the parcel never leaves (refused, delivered, seized, returned-to-sender, handed-to-authority). */
export function isTerminal(state: ParcelState): boolean {
  return TERMINAL.has(state);
}

/** True for an event that moves the parcel physically (stopped by a hold). */
export function isMovementEvent(event: ParcelEvent): event is MovementEvent {
  return MOVEMENT.has(event);
}

// Own-property lookup: state and event names may come from a database row or a request, and a name such as
// "constructor" must not find something on Object.prototype.
function targetOf(state: ParcelState, event: ParcelEvent): TransitionTarget | undefined {
  if (!STATES.has(state)) return undefined;
  const row = TRANSITIONS[state];
  return Object.hasOwn(row, event) ? row[event] : undefined;
}

/** The events a parcel in `state` accepts, in PARCEL_EVENTS order. */
export function allowedEvents(state: ParcelState): ParcelEvent[] {
  return PARCEL_EVENTS.filter((event) => targetOf(state, event) !== undefined);
}

function describeAllowed(state: ParcelState): string {
  const events = allowedEvents(state);
  return events.length === 0 ? 'it accepts no events' : `it accepts ${events.join(', ')}`;
}

function invalid(message: string): TransitionResult {
  return { ok: false, reason: 'invalid-transition', message };
}

/**
 * Applies `event` to a parcel in `current`. `heldFrom` is the state a held parcel was held from (what a
 * previous `hold` returned); only `release` reads it.
 */
export function nextState(
  current: ParcelState,
  event: ParcelEvent,
  heldFrom?: ParcelState | null,
): TransitionResult {
  if (!STATES.has(current)) return invalid(`"${String(current)}" is not a parcel state`);
  const target = targetOf(current, event);
  if (target === undefined) {
    if (current === 'held' && MOVEMENT.has(event)) {
      return {
        ok: false,
        reason: 'parcel-held',
        message: `the parcel is held: all movement is stopped, so ${event} is refused until it is released`,
      };
    }
    if (current === 'released') {
      return invalid('released is transient: a release returns the parcel to the state it was held from');
    }
    if (current === 'held' && event === 'hold') return invalid('the parcel is already held');
    return invalid(`${event} is not allowed on a parcel that is ${current}: ${describeAllowed(current)}`);
  }
  if (target === 'held') return { ok: true, state: 'held', heldFrom: current };
  if (target === HELD_FROM) {
    // A held parcel can only come from a non-terminal, resting state; anything else means a corrupt record.
    if (heldFrom === undefined || heldFrom === null) {
      return invalid('the parcel is held but the state it was held from is unknown');
    }
    if (!STATES.has(heldFrom) || isTerminal(heldFrom) || heldFrom === 'held' || heldFrom === 'released') {
      return invalid(`a parcel cannot have been held from ${String(heldFrom)}`);
    }
    return { ok: true, state: heldFrom, heldFrom: null };
  }
  return { ok: true, state: target, heldFrom: null };
}
