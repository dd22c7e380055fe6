/**
 * Errors a use case may raise on purpose. The HTTP layer turns each into RFC 9457
 * problem+json (API) or a readable page (UI); `code` is the stable part of the `type` URI.
 */
export type ProblemCode =
  | 'validation'
  | 'malformed-request'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'csrf'
  | 'too-large'
  | 'unsupported-media-type'
  | 'too-many-requests'
  | 'locked'
  | 'unavailable'
  | 'internal';

export interface FieldError {
  /** JSON pointer or form field name, e.g. `/username` or `username`. */
  field: string;
  message: string;
}

export const PROBLEM_STATUS: Record<ProblemCode, number> = {
  validation: 422,
  'malformed-request': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  csrf: 403,
  'too-large': 413,
  'unsupported-media-type': 415,
  'too-many-requests': 429,
  locked: 423,
  unavailable: 503,
  internal: 500,
};

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ProblemCode,
    message: string,
    readonly fields: FieldError[] = [],
    /** Extra members for the problem document (e.g. retryAfter). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
  get status(): number {
    return PROBLEM_STATUS[this.code];
  }
}

export const notFound = (what = 'The requested object') =>
  new AppError('not-found', `${what} was not found.`);
export const forbidden = (message = 'You are not allowed to do this.') => new AppError('forbidden', message);
export const conflict = (message: string) => new AppError('conflict', message);
export const invalid = (fields: FieldError[], message = 'The data is not valid.') =>
  new AppError('validation', message, fields);
