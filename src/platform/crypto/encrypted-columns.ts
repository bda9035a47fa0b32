// Every column that holds vault-encrypted personal data, so key rotation can find and re-encrypt them all.
// A capability that adds an encrypted column registers it here.

export interface EncryptedColumns {
  table: string;
  /** A unique, orderable key column used to page through the table. */
  keyColumn: string;
  /** Column → the vault context the values were encrypted with (bound in as additional data). */
  columns: Record<string, string>;
}

export const ENCRYPTED_COLUMNS: EncryptedColumns[] = [
  { table: 'staff', keyColumn: 'id', columns: { phone_enc: 'staff.phone' } },
  {
    table: 'senders',
    keyColumn: 'id',
    columns: { number_enc: 'sender.number', name_enc: 'sender.name' },
  },
  { table: 'sender_phones', keyColumn: 'id', columns: { phone_enc: 'sender.phone' } },
  { table: 'watchlist_entries', keyColumn: 'id', columns: { value_enc: 'watchlist.value' } },
  {
    table: 'parcels',
    keyColumn: 'waybill_no',
    columns: {
      origin_address_enc: 'parcel.origin-address',
      destination_address_enc: 'parcel.destination-address',
      recipient_name_enc: 'parcel.recipient-name',
      recipient_phone_enc: 'parcel.recipient-phone',
      recipient_address_enc: 'parcel.recipient-address',
    },
  },
  // A report package carries the personal data its authority needs (cases/reports); null until approved.
  { table: 'case_reports', keyColumn: 'id', columns: { package_enc: 'case-report.package' } },
  // A background check's note may name the vetting authority's findings (training).
  {
    table: 'training_background_checks',
    keyColumn: 'id',
    columns: { note_enc: 'training.background-check-note' },
  },
  // Webhook signing secrets (webhooks/): not personal data, but whoever reads them can forge deliveries.
  {
    table: 'webhook_endpoints',
    keyColumn: 'id',
    columns: { secret_enc: 'webhook.secret', previous_secret_enc: 'webhook.previous-secret' },
  },
  // Lawful requests (requests/): the officers present, the scope as they wrote it, the package, the receipt.
  {
    table: 'lawful_requests',
    keyColumn: 'id',
    columns: {
      officers_enc: 'lawful-request.officers',
      scope_enc: 'lawful-request.scope',
      package_enc: 'lawful-request.package',
      receipt_enc: 'lawful-request.receipt',
    },
  },
];
