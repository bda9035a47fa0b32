// The common-password list NIST SP 800-63B asks new passwords to be checked against: the ~49,000 most used
// passwords of @zxcvbn-ts/language-common (all lower case). Loaded on first use, once: most processes (CLI
// commands, API nodes between password changes) never set a password.
import { createRequire } from 'node:module';

let common: Set<string> | undefined;

/** Whether the password, ignoring case, is on the common-password list. */
export function isCommonPassword(password: string): boolean {
  common ??= loadCommonPasswords();
  return common.has(password.toLowerCase());
}

function loadCommonPasswords(): Set<string> {
  // Synchronous on purpose, so password checks stay synchronous; it costs some milliseconds, once.
  const require = createRequire(import.meta.url);
  const { dictionary } = require('@zxcvbn-ts/language-common') as { dictionary: { passwords: string[] } };
  return new Set(dictionary.passwords.map((password) => password.toLowerCase()));
}
