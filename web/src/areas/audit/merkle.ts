// RFC 6962 / RFC 9162 Merkle tree hashing with WebCrypto, the browser's copy of src/audit/audit-chain.ts:
// a leaf is SHA-256(0x00 ‖ value), a node SHA-256(0x01 ‖ left ‖ right); values and hashes are hex strings.

export function hexToBytes(hex: string): Uint8Array<ArrayBuffer> | null {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return null;
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

export function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

async function sha256(...parts: Uint8Array[]): Promise<Uint8Array> {
  const length = parts.reduce((sum, part) => sum + part.length, 0);
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', joined));
}

/** SHA-256 of a text's UTF-8 bytes, hex. */
export async function sha256Hex(text: string): Promise<string> {
  return bytesToHex(await sha256(new TextEncoder().encode(text)));
}

const LEAF = new Uint8Array([0]);
const NODE = new Uint8Array([1]);

function leafHash(value: Uint8Array): Promise<Uint8Array> {
  return sha256(LEAF, value);
}

function nodeHash(left: Uint8Array, right: Uint8Array): Promise<Uint8Array> {
  return sha256(NODE, left, right);
}

/** The root (hex) over leaf values (hex), RFC 6962's left-complete tree; SHA-256 of nothing when empty. */
export async function merkleRoot(values: readonly string[]): Promise<string> {
  if (values.length === 0) return bytesToHex(await sha256());
  let level: Uint8Array[] = [];
  for (const value of values) {
    const bytes = hexToBytes(value);
    if (bytes === null) throw new TypeError('merkleRoot: a leaf value is not hex');
    level.push(await leafHash(bytes));
  }
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(await nodeHash(level[i]!, level[i + 1]!));
    if (level.length % 2 === 1) next.push(level[level.length - 1]!);
    level = next;
  }
  return bytesToHex(level[0]!);
}

/**
 * The root (hex) a leaf value, its index, the tree size and its audit path lead to (RFC 9162 §2.1.3.2), or
 * null when they cannot fit together (index out of range, a path too short or too long, a hash not hex).
 */
export async function rootFromInclusionPath(
  value: string,
  index: number,
  size: number,
  path: readonly string[],
): Promise<string | null> {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return null;
  const leaf = hexToBytes(value);
  if (leaf === null) return null;
  let fn = index;
  let sn = size - 1;
  let hash = await leafHash(leaf);
  for (const siblingHex of path) {
    if (sn === 0) return null;
    const sibling = typeof siblingHex === 'string' ? hexToBytes(siblingHex) : null;
    if (sibling === null || sibling.length !== 32) return null;
    if (fn % 2 === 1 || fn === sn) {
      hash = await nodeHash(sibling, hash);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      hash = await nodeHash(hash, sibling);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? bytesToHex(hash) : null;
}
