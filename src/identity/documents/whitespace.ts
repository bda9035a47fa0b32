// The characters String.prototype.trim removes (ECMAScript WhiteSpace and LineTerminator), as a predicate on a
// UTF-16 code unit so the hot path can trim by moving indices instead of allocating a trimmed copy.

/** True when `code` is a code unit String.prototype.trim would strip (space, tabs, newlines, U+3000 …). */
export function isTrimmableCodeUnit(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 160) return false;
  return (
    code === 160 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}
