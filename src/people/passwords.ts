// Passwords are stored as argon2id hashes (OWASP's recommended parameters: 19 MiB, 2 passes).
import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { isCommonPassword } from './common-passwords.js';

// `Algorithm` is a const enum in the package's types, which isolated modules cannot import: 2 is Argon2id.
const ARGON2ID = 2;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 12;
// The API's password fields take up to 200 characters: a longer password could be set (CLI) but never typed
// at sign-in.
export const MAX_PASSWORD_LENGTH = 200;

/**
 * What is wrong with a new password under NIST SP 800-63B: its length (in characters, as the API schemas
 * count them), being a commonly used password, or being the username. Empty when nothing is.
 */
export function findPasswordProblems(password: string, username?: string): string[] {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return [`must be at least ${MIN_PASSWORD_LENGTH} characters`];
  if (length > MAX_PASSWORD_LENGTH) return [`must be at most ${MAX_PASSWORD_LENGTH} characters`];
  if (isCommonPassword(password)) return ['is a commonly used password; choose another'];
  if (username !== undefined && password.trim().toLowerCase() === username.trim().toLowerCase()) {
    return ['must not be the username'];
  }
  return [];
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function isPasswordCorrect(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// A hash of a random password, verified against when the username is unknown, so that the response time
// does not reveal which usernames exist.
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return decoyHash;
}

/** A password a person can type: 4 groups of 4 from an unambiguous alphabet (~80 bits). */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(16);
  const chars = [...bytes].map((byte) => alphabet[byte % alphabet.length]);
  return [0, 4, 8, 12].map((start) => chars.slice(start, start + 4).join('')).join('-');
}
