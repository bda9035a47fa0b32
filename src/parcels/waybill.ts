// Waybill numbers: how one is written (the carrier's own numbering, 6 to 40 capital letters, digits or dashes) and
// how what a person or a station typed becomes one (trimmed, capitals), so that every capability finds the same
// parcel by the same number. Pure.

/** A waybill number as stored: 6-40 capital letters, digits or dashes, starting with a letter or digit. */
export const WAYBILL_NO = /^[A-Z0-9][A-Z0-9-]{5,39}$/;

/** The rule a bad waybill number breaks, as field errors say it. */
export const WAYBILL_NO_RULE = 'must be 6-40 capital letters, digits or dashes';

/** A waybill number as typed, made into the form it is stored and looked up in (not validated). */
export function cleanWaybillNo(typed: string): string {
  return typed.trim().toUpperCase();
}

/** Whether a cleaned waybill number is well formed. */
export function isWaybillNo(cleaned: string): boolean {
  return WAYBILL_NO.test(cleaned);
}
