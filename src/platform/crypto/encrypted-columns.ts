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
];
