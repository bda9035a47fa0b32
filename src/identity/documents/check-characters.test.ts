import { describe, expect, it } from 'vitest';
import {
  USCC_ALPHABET,
  mod112CheckCode,
  mod112Remainder,
  mrzCheckDigit,
  residentIdCheckCharacter,
  usccCheckCharacter,
} from './check-characters.js';

// The standard's weight table, written out, to check the Horner-rule shortcut against.
const RESIDENT_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

function weightedRemainder(body: string): number {
  let sum = 0;
  for (let index = 0; index < 17; index++) sum += Number(body[index]) * (RESIDENT_ID_WEIGHTS[index] ?? 0);
  return sum % 11;
}

function seededDigits(seed: number, count: number): string {
  let state = seed;
  let digits = '';
  for (let index = 0; index < count; index++) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    digits += String(Math.floor((state / 2_147_483_648) * 10));
  }
  return digits;
}

describe('ISO 7064 MOD 11-2', () => {
  it('gives X for the public test vector 11010519491231002X', () => {
    expect(residentIdCheckCharacter('11010519491231002')).toBe('X');
  });

  it('agrees with the weight table on 10,000 generated bodies', () => {
    for (let seed = 1; seed <= 10_000; seed++) {
      const body = seededDigits(seed, 17);
      expect(mod112Remainder(body, 0)).toBe(weightedRemainder(body));
    }
  });

  it('maps every remainder through "10X98765432"', () => {
    const mapped = Array.from({ length: 11 }, (_, remainder) =>
      String.fromCharCode(mod112CheckCode(remainder)),
    );
    expect(mapped.join('')).toBe('10X98765432');
  });

  it('reads the digits from an offset', () => {
    expect(mod112Remainder('  11010519491231002X', 2)).toBe(weightedRemainder('11010519491231002'));
  });
});

describe('GB 32100-2015', () => {
  it('gives 3 for the public test vector 91350100M000100Y43', () => {
    expect(usccCheckCharacter('91350100M000100Y4')).toBe('3');
  });

  it('maps C = 31 to 0', () => {
    // Σ value × weight ≡ 0 (mod 31) for an all-zero body, so C = 31 − 0 = 31, which the standard writes as 0.
    expect(usccCheckCharacter('00000000000000000')).toBe('0');
  });

  it('rejects characters outside its alphabet and short bodies', () => {
    for (const letter of ['I', 'O', 'S', 'V', 'Z', 'a', '-']) {
      expect(usccCheckCharacter(`9135010${letter}M000100Y4`)).toBeNull();
    }
    expect(usccCheckCharacter('9135')).toBeNull();
  });

  it('has 31 characters without I, O, S, V, Z', () => {
    expect(USCC_ALPHABET).toHaveLength(31);
    expect(USCC_ALPHABET).not.toMatch(/[IOSVZ]/);
  });
});

describe('ICAO 9303 check digit', () => {
  it('gives 6 for the specimen document number L898902C3', () => {
    expect(mrzCheckDigit('L898902C3')).toBe(6);
  });

  it('holds for every field of the ICAO specimen passport', () => {
    const line = 'L898902C36UTO7408122F1204159ZE184226B<<<<<10';
    expect(mrzCheckDigit(line.slice(13, 19))).toBe(2);
    expect(mrzCheckDigit(line.slice(21, 27))).toBe(9);
    expect(mrzCheckDigit(line.slice(28, 42))).toBe(1);
    expect(mrzCheckDigit(line.slice(0, 10) + line.slice(13, 20) + line.slice(21, 43))).toBe(0);
  });

  it('counts the filler < as 0 and letters as 10–35', () => {
    expect(mrzCheckDigit('<<<<<<')).toBe(0);
    expect(mrzCheckDigit('A')).toBe(0); // 10 × 7 = 70
    expect(mrzCheckDigit('Z')).toBe(5); // 35 × 7 = 245
    expect(mrzCheckDigit('1<1')).toBe(8); // 7 + 0 + 1
  });

  it('refuses characters an MRZ cannot hold', () => {
    expect(mrzCheckDigit('ab1')).toBeNull();
    expect(mrzCheckDigit('L898 902')).toBeNull();
  });
});
