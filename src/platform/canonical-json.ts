/**
 * Canonical JSON (RFC 8785 style for the values we use): object keys sorted, no whitespace, `undefined`
 * members dropped. Hashes and signatures are computed over this form so that any verifier re-derives the
 * same bytes.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
    return JSON.stringify(value);
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i += 1) {
      if (i > 0) text += ',';
      text += canonicalJson(value[i] ?? null);
    }
    return `${text}]`;
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Buffer.isBuffer(value)) return JSON.stringify(value.toString('base64'));
  if (typeof value === 'object') {
    // Built by concatenation, keys in UTF-16 code unit order (the default sort): this runs several times on
    // every write (request hashes, audit digests and entry hashes), so no intermediate arrays of entries.
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    let text = '{';
    let first = true;
    for (const key of keys) {
      const member = record[key];
      if (member === undefined) continue;
      if (!first) text += ',';
      first = false;
      text += `${JSON.stringify(key)}:${canonicalJson(member)}`;
    }
    return `${text}}`;
  }
  throw new TypeError(`canonicalJson: unsupported type ${typeof value}`);
}
