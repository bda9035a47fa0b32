// Test helper: fast-check arbitraries from the JSON Schemas the routes declare (as the OpenAPI document
// carries them), and junk to mix in. Only the keywords our TypeBox schemas use are understood; anything else
// falls back to an arbitrary JSON value, which is what a fuzzer wants anyway.
import fc from 'fast-check';

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  nullable?: boolean;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
}

/** Strings the server must survive wherever a string may go. */
export const JUNK_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'null',
  'undefined',
  '<script>alert(1)</script>',
  "'; drop table parcels; --",
  '../../../../etc/passwd',
  '%E0%A4%A',
  '%00',
  '1e999',
  '-1',
  'NaN',
  '张三',
  '🙂'.repeat(40),
  'x'.repeat(5000),
];

/** Any JSON value, weighted towards the shapes that broke servers before: null, numbers, strings, `true`. */
export function junkValue(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: fc.constant(null), weight: 4 },
    { arbitrary: fc.constantFrom(true, false), weight: 1 },
    { arbitrary: fc.integer(), weight: 1 },
    {
      arbitrary: fc.constantFrom(
        0,
        -1,
        1e308,
        -1e308,
        Number.MAX_SAFE_INTEGER * 1024,
        2 ** 63,
        -(2 ** 63),
        0.5,
        1e-300,
      ),
      weight: 2,
    },
    { arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }), weight: 1 },
    { arbitrary: fc.constantFrom(...JUNK_STRINGS), weight: 3 },
    { arbitrary: fc.string({ maxLength: 20, unit: 'binary' }), weight: 1 },
    { arbitrary: fc.constantFrom([], {}, [null], { '': null }), weight: 2 },
    { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 1 },
  );
}

export interface ArbitraryOptions {
  /** Extra values for strings whose property is named by a key (ids of rows that exist, say). */
  known?: (propertyName: string | undefined) => readonly string[];
}

/** Values that satisfy `schema` (mostly: `format` and cross-field rules are the server's to judge). */
export function arbitraryFromSchema(
  schema: JsonSchema | undefined,
  options: ArbitraryOptions = {},
  propertyName?: string,
  depth = 0,
): fc.Arbitrary<unknown> {
  if (schema === undefined || depth > 8) return fc.jsonValue({ maxDepth: 2 });
  const inner = arbitraryForType(schema, options, propertyName, depth);
  return schema.nullable === true ? fc.oneof(inner, fc.constant(null)) : inner;
}

function arbitraryForType(
  schema: JsonSchema,
  options: ArbitraryOptions,
  propertyName: string | undefined,
  depth: number,
): fc.Arbitrary<unknown> {
  const kinds = schema.oneOf ?? schema.anyOf;
  if (kinds !== undefined && kinds.length > 0) {
    return fc.oneof(...kinds.map((kind) => arbitraryFromSchema(kind, options, propertyName, depth + 1)));
  }
  if (schema.allOf !== undefined && schema.allOf.length > 0)
    return arbitraryFromSchema(schema.allOf[0], options, propertyName, depth + 1);
  if ('const' in schema) return fc.constant(schema.const);
  if (schema.enum !== undefined && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object':
      return objectArbitrary(schema, options, depth);
    case 'array':
      return fc.array(arbitraryFromSchema(schema.items, options, propertyName, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 3)),
      });
    case 'string':
      return stringArbitrary(schema, options, propertyName);
    case 'integer':
      return fc.integer({
        min: Math.max(schema.minimum ?? -(2 ** 31), Number.MIN_SAFE_INTEGER),
        max: Math.min(schema.maximum ?? 2 ** 31, Number.MAX_SAFE_INTEGER),
      });
    case 'number':
      return fc.double({
        min: schema.minimum ?? -1e9,
        max: schema.maximum ?? 1e9,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function objectArbitrary(schema: JsonSchema, options: ArbitraryOptions, depth: number) {
  const properties = schema.properties ?? {};
  const record = Object.fromEntries(
    Object.entries(properties).map(([name, property]) => [
      name,
      arbitraryFromSchema(property, options, name, depth + 1),
    ]),
  );
  return fc.record(record, { requiredKeys: (schema.required ?? []).filter((name) => name in properties) });
}

function stringArbitrary(schema: JsonSchema, options: ArbitraryOptions, propertyName: string | undefined) {
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 40, 40));
  let arbitrary: fc.Arbitrary<string>;
  if (schema.pattern !== undefined) {
    arbitrary = fc.stringMatching(new RegExp(schema.pattern));
  } else if (schema.format === 'date-time') {
    arbitrary = fc
      .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
      .map((date) => date.toISOString());
  } else if (schema.format === 'date') {
    arbitrary = fc
      .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
      .map((date) => date.toISOString().slice(0, 10));
  } else {
    arbitrary = fc.string({ minLength, maxLength });
  }
  const known = options.known?.(propertyName) ?? [];
  return known.length === 0 ? arbitrary : fc.oneof(arbitrary, fc.constantFrom(...known));
}

/** A value of `schema` with one node somewhere inside replaced by junk (null for an object, a string…). */
export function mutatedFromSchema(
  schema: JsonSchema | undefined,
  options: ArbitraryOptions = {},
): fc.Arbitrary<unknown> {
  return fc
    .tuple(arbitraryFromSchema(schema, options), fc.nat(), junkValue())
    .map(([value, pick, junk]) => replaceNode(value, pick, junk));
}

function replaceNode(value: unknown, pick: number, junk: unknown): unknown {
  const nodes: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) {
      node.forEach((child, index) => {
        nodes.push({ parent: node, key: index });
        walk(child);
      });
    } else if (node !== null && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        nodes.push({ parent: node as Record<string, unknown>, key });
        walk(child);
      }
    }
  };
  walk(value);
  if (nodes.length === 0) return junk;
  const { parent, key } = nodes[pick % nodes.length]!;
  (parent as Record<string | number, unknown>)[key] = junk;
  return value;
}

/** Every string inside a JSON value (the caller's words, which errors must not repeat back). */
export function stringsIn(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, into);
  else if (value !== null && typeof value === 'object')
    for (const item of Object.values(value)) stringsIn(item, into);
  return into;
}
