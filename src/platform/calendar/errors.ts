/** Why a calendar call was refused; lets the HTTP layer map it to a 400 without parsing messages. */
export type CalendarErrorCode =
  | 'invalid-date'
  | 'invalid-days'
  | 'invalid-rule'
  | 'invalid-country'
  | 'invalid-time-zone'
  | 'invalid-instant'
  | 'invalid-locale'
  | 'unsupported-year';

/** Raised for any input the calendar cannot answer for; the message names the offending value. */
export class CalendarError extends Error {
  override name = 'CalendarError';
  readonly code: CalendarErrorCode;

  constructor(code: CalendarErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
