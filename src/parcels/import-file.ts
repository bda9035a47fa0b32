// Reading a bulk-intake file: NDJSON (one intake request per line) or CSV (flat columns, one parcel a row,
// items as "description:quantity:unit" joined by "|"). Pure parsing, no I/O.

/** CSV columns understood by `parcelguard import` (header row required; unknown columns are an error). */
export const CSV_COLUMNS = [
  'waybillNo',
  'siteId',
  'route',
  'originCountry',
  'originRegion',
  'originAddress',
  'destinationCountry',
  'destinationRegion',
  'destinationAddress',
  'agreementId',
  'senderDocumentType',
  'senderNumber',
  'senderNationality',
  'senderName',
  'senderPhone',
  'senderVerification',
  'senderDeviceScore',
  'recipientName',
  'recipientPhone',
  'recipientAddress',
  'items',
  'weightGrams',
  'noticeAcknowledged',
  'courierId',
] as const;

/** Splits one CSV record (RFC 4180 quoting) into fields. */
export function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i]!;
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      fields.push(field);
      field = '';
    } else field += char;
  }
  fields.push(field);
  return fields;
}

/** Checks a CSV header; returns the column order or throws naming the unknown column. */
export function parseCsvHeader(line: string): string[] {
  const columns = parseCsvLine(line).map((column) => column.trim());
  for (const column of columns) {
    if (!(CSV_COLUMNS as readonly string[]).includes(column)) {
      throw new Error(`unknown CSV column "${column}"; known columns: ${CSV_COLUMNS.join(', ')}`);
    }
  }
  return columns;
}

/** One CSV row as the intake request object (the API's shape); the API's validation judges it. */
export function csvRowToIntake(
  columns: readonly string[],
  line: string,
  defaults: { courierId?: string },
): Record<string, unknown> {
  const values = parseCsvLine(line);
  const cell = (name: string): string | undefined => {
    const index = columns.indexOf(name);
    const value = index < 0 ? undefined : values[index]?.trim();
    return value === '' ? undefined : value;
  };
  const optional = <T>(value: T | undefined, key: string): Record<string, T> =>
    value === undefined ? {} : { [key]: value };
  const number = (text: string | undefined): number | undefined =>
    text === undefined ? undefined : Number(text);
  const items = (cell('items') ?? '')
    .split('|')
    .filter((item) => item.trim() !== '')
    .map((item) => {
      const [description, quantity, unit] = item.split(':');
      return {
        description: (description ?? '').trim(),
        ...optional(number(quantity), 'quantity'),
        ...optional(unit?.trim() || undefined, 'unit'),
      };
    });
  // How the counter checked the sender: intake requires it with any document, so a file must say it too.
  const method = cell('senderVerification');
  const verification =
    method === undefined
      ? undefined
      : { method, ...optional(number(cell('senderDeviceScore')), 'deviceScore') };
  return {
    waybillNo: cell('waybillNo'),
    siteId: cell('siteId'),
    route: cell('route') ?? 'domestic',
    origin: {
      country: cell('originCountry') ?? 'CN',
      ...optional(cell('originRegion'), 'regionCode'),
      address: cell('originAddress'),
    },
    destination: {
      country: cell('destinationCountry') ?? 'CN',
      ...optional(cell('destinationRegion'), 'regionCode'),
      address: cell('destinationAddress'),
    },
    sender: {
      ...optional(cell('agreementId'), 'agreementId'),
      ...optional(cell('senderDocumentType'), 'documentType'),
      ...optional(cell('senderNumber'), 'number'),
      ...optional(cell('senderNationality'), 'nationality'),
      ...optional(cell('senderName'), 'name'),
      ...optional(cell('senderPhone'), 'phone'),
      ...optional(verification, 'verification'),
    },
    recipient: {
      name: cell('recipientName'),
      phone: cell('recipientPhone'),
      address: cell('recipientAddress'),
    },
    items,
    weightGrams: number(cell('weightGrams')),
    noticeAcknowledged: (cell('noticeAcknowledged') ?? '').toLowerCase() === 'true',
    ...optional(cell('courierId') ?? defaults.courierId, 'courierId'),
  };
}
