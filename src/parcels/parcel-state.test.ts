import { describe, expect, it } from 'vitest';
import {
  allowedEvents,
  isMovementEvent,
  isTerminal,
  MOVEMENT_EVENTS,
  nextState,
  PARCEL_EVENTS,
  PARCEL_STATES,
  PARCEL_TRANSITIONS,
} from './parcel-state.js';
import type { ParcelEvent, ParcelState } from './parcel-state.js';

// The machine written out independently of the module, from ARCHITECTURE.md "Parcel states": every legal
// (state, event) pair and where it leads. Every other pair must be refused.
const LEGAL: Record<string, ParcelState | 'held-from'> = {
  'awaiting-inspection/inspect-consistent': 'accepted',
  'awaiting-inspection/inspect-refused': 'refused',
  'awaiting-inspection/hold': 'held',
  'accepted/scan-clear': 'screened',
  'accepted/scan-suspect': 'open-inspection',
  'accepted/hold': 'held',
  'open-inspection/scan-clear': 'screened',
  'open-inspection/open-inspection-clear': 'screened',
  'open-inspection/hold': 'held',
  'screened/dispatch': 'dispatched',
  'screened/hold': 'held',
  'dispatched/deliver': 'delivered',
  'dispatched/hold': 'held',
  'held/release': 'held-from',
  'held/seize': 'seized',
  'held/return-to-sender': 'returned-to-sender',
  'held/hand-to-authority': 'handed-to-authority',
};

const TERMINAL: ParcelState[] = [
  'refused',
  'delivered',
  'seized',
  'returned-to-sender',
  'handed-to-authority',
];
const MOVEMENT: ParcelEvent[] = [
  'scan-clear',
  'scan-suspect',
  'open-inspection-clear',
  'dispatch',
  'deliver',
];
// States a parcel can be held from: every resting, non-terminal state except held itself.
const HOLDABLE: ParcelState[] = [
  'awaiting-inspection',
  'accepted',
  'open-inspection',
  'screened',
  'dispatched',
];

describe('parcel state machine', () => {
  it('names twelve states and twelve events', () => {
    expect(PARCEL_STATES).toHaveLength(12);
    expect(PARCEL_EVENTS).toHaveLength(12);
    expect([...MOVEMENT_EVENTS].sort()).toEqual([...MOVEMENT].sort());
  });

  describe('every state × every event', () => {
    const cases = PARCEL_STATES.flatMap((state) => PARCEL_EVENTS.map((event) => [state, event] as const));

    it.each(cases)('%s + %s', (state, event) => {
      const expected = LEGAL[`${state}/${event}`];
      const result = nextState(state, event, 'screened');
      if (expected === undefined) {
        expect(result.ok).toBe(false);
        if (result.ok) return;
        const movementOnHeld = state === 'held' && MOVEMENT.includes(event);
        expect(result.reason).toBe(movementOnHeld ? 'parcel-held' : 'invalid-transition');
        expect(result.message).not.toBe('');
      } else {
        expect(result).toEqual({
          ok: true,
          state: expected === 'held-from' ? 'screened' : expected,
          heldFrom: expected === 'held' ? state : null,
        });
      }
    });
  });

  it('exports a table that agrees with the independent one', () => {
    const fromModule: Record<string, string> = {};
    for (const [state, row] of Object.entries(PARCEL_TRANSITIONS)) {
      for (const [event, target] of Object.entries(row)) fromModule[`${state}/${event}`] = target;
    }
    expect(fromModule).toEqual(LEGAL);
  });

  it('lists the allowed events of each state in table order', () => {
    expect(allowedEvents('awaiting-inspection')).toEqual(['inspect-consistent', 'inspect-refused', 'hold']);
    expect(allowedEvents('accepted')).toEqual(['scan-clear', 'scan-suspect', 'hold']);
    expect(allowedEvents('held')).toEqual(['release', 'seize', 'return-to-sender', 'hand-to-authority']);
    for (const state of PARCEL_STATES) {
      expect(allowedEvents(state)).toEqual(PARCEL_EVENTS.filter((event) => `${state}/${event}` in LEGAL));
    }
  });

  it('knows the terminal states, which accept nothing', () => {
    for (const state of PARCEL_STATES) expect(isTerminal(state)).toBe(TERMINAL.includes(state));
    for (const state of TERMINAL) expect(allowedEvents(state)).toEqual([]);
    expect(isTerminal('released')).toBe(false);
    expect(isTerminal('held')).toBe(false);
  });

  it('classifies movement events', () => {
    for (const event of PARCEL_EVENTS) expect(isMovementEvent(event)).toBe(MOVEMENT.includes(event));
  });

  describe('holds', () => {
    it.each(HOLDABLE)('holds a parcel that is %s and releases it back there', (state) => {
      const held = nextState(state, 'hold');
      expect(held).toEqual({ ok: true, state: 'held', heldFrom: state });
      if (!held.ok) return;
      expect(nextState(held.state, 'release', held.heldFrom)).toEqual({ ok: true, state, heldFrom: null });
    });

    it('stops every movement on a held parcel with parcel-held', () => {
      for (const event of MOVEMENT) {
        const result = nextState('held', event, 'dispatched');
        expect(result).toMatchObject({ ok: false, reason: 'parcel-held' });
      }
    });

    it('refuses to hold a held parcel twice', () => {
      expect(nextState('held', 'hold', 'accepted')).toMatchObject({
        ok: false,
        reason: 'invalid-transition',
        message: 'the parcel is already held',
      });
    });

    it('refuses a release when the state held from is missing or impossible', () => {
      expect(nextState('held', 'release')).toMatchObject({ ok: false, reason: 'invalid-transition' });
      expect(nextState('held', 'release', null)).toMatchObject({ ok: false, reason: 'invalid-transition' });
      for (const bad of [...TERMINAL, 'held', 'released'] as ParcelState[]) {
        expect(nextState('held', 'release', bad)).toMatchObject({ ok: false, reason: 'invalid-transition' });
      }
    });

    it('ends a hold in a terminal state whatever it was held from', () => {
      expect(nextState('held', 'seize', 'dispatched')).toEqual({ ok: true, state: 'seized', heldFrom: null });
      expect(nextState('held', 'return-to-sender')).toEqual({
        ok: true,
        state: 'returned-to-sender',
        heldFrom: null,
      });
      expect(nextState('held', 'hand-to-authority')).toEqual({
        ok: true,
        state: 'handed-to-authority',
        heldFrom: null,
      });
    });

    it('cannot seize a parcel that is not held', () => {
      expect(nextState('dispatched', 'seize')).toMatchObject({ ok: false, reason: 'invalid-transition' });
    });

    it('walks a suspect parcel through hold and release to delivery', () => {
      const path: ParcelEvent[] = ['inspect-consistent', 'scan-suspect', 'hold', 'release', 'scan-clear'];
      let state: ParcelState = 'awaiting-inspection';
      let heldFrom: ParcelState | null = null;
      for (const event of [...path, 'dispatch', 'deliver'] as ParcelEvent[]) {
        const result = nextState(state, event, heldFrom);
        if (!result.ok) throw new Error(result.message);
        ({ state, heldFrom } = result);
      }
      expect(state).toBe('delivered');
    });
  });

  it('answers invalid-transition for names from outside the type', () => {
    expect(nextState('constructor' as ParcelState, 'hold')).toMatchObject({
      ok: false,
      reason: 'invalid-transition',
    });
    expect(nextState('accepted', 'toString' as ParcelEvent)).toMatchObject({
      ok: false,
      reason: 'invalid-transition',
    });
    expect(allowedEvents('__proto__' as ParcelState)).toEqual([]);
  });

  it('says what a state accepts when an event is refused', () => {
    const result = nextState('accepted', 'dispatch');
    expect(result).toEqual({
      ok: false,
      reason: 'invalid-transition',
      message:
        'dispatch is not allowed on a parcel that is accepted: it accepts scan-clear, scan-suspect, hold',
    });
  });
});
