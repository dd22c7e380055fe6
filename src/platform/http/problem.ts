import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type FieldError, PROBLEM_STATUS, type ProblemCode } from '../errors.js';

export const PROBLEM_TYPE_BASE = '/problems/';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
  requestId?: string;
  [key: string]: unknown;
}

export const PROBLEM_TITLES: Record<ProblemCode, string> = {
  validation: 'The request data is not valid',
  'malformed-request': 'The request could not be read',
  unauthorized: 'Authentication required',
  forbidden: 'Not allowed',
  'not-found': 'Not found',
  conflict: 'Conflict with the current state',
  csrf: 'Missing or invalid CSRF token',
  'too-large': 'Request too large',
  'unsupported-media-type': 'Unsupported media type',
  'too-many-requests': 'Too many requests',
  locked: 'Temporarily locked',
  unavailable: 'Service unavailable',
  internal: 'Internal error',
};

interface PgError {
  code?: string;
  message?: string;
  detail?: string;
}

/** Maps anything thrown while serving a request onto a stable problem code. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const fe = err as FastifyError & PgError & { validation?: unknown[]; validationContext?: string };
  if (Array.isArray(fe.validation)) {
    const context = fe.validationContext ?? 'body';
    const fields = (
      fe.validation as { instancePath?: string; message?: string; params?: Record<string, unknown> }[]
    ).map((v) => {
      const extra = v.params?.additionalProperty;
      const missing = v.params?.missingProperty;
      const pointer = `${v.instancePath ?? ''}${extra ? `/${extra}` : missing ? `/${missing}` : ''}`;
      const message = extra ? 'unknown field' : (v.message ?? 'invalid');
      return { field: `${context}${pointer || ''}`, message };
    });
    return new AppError(
      context === 'body' ? 'validation' : 'malformed-request',
      'The request does not match the schema.',
      fields,
    );
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('malformed-request', fe.message);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
      return new AppError('too-large', fe.message);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported-media-type', fe.message);
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError('unsupported-media-type', 'Expected multipart/form-data.');
    // PostgreSQL: bad text for a typed column (an id that is no UUID), out of range, bad date.
    case '22P02':
    case '22003':
    case '22007':
    case '22008':
      return new AppError('malformed-request', 'A value has the wrong format.');
    case '23505':
      return new AppError('conflict', 'An object with the same identifying value already exists.');
    case '23503':
      return new AppError(
        'conflict',
        'The change refers to an object that does not exist or is still referenced.',
      );
    case '23514':
      return new AppError('validation', 'A value is outside the allowed range.');
    // Row-level security refused a write: for the caller the object simply is not there.
    case '42501':
      return new AppError('not-found', 'The requested object was not found.');
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code = (Object.entries(PROBLEM_STATUS).find(([, s]) => s === fe.statusCode)?.[0] ??
      'malformed-request') as ProblemCode;
    return new AppError(code, fe.message);
  }
  return new AppError('internal', 'An unexpected error occurred. Nothing was changed.');
}

export function problemOf(e: AppError, request: FastifyRequest): Problem {
  return {
    type: `${PROBLEM_TYPE_BASE}${e.code}`,
    title: PROBLEM_TITLES[e.code],
    status: e.status,
    detail: e.message,
    instance: request.url.split('?')[0],
    ...(e.fields.length ? { errors: e.fields } : {}),
    requestId: request.id,
    ...e.extra,
  };
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, e: AppError) {
  if (e.code === 'too-many-requests' || e.code === 'locked') {
    const retry = e.extra.retryAfterSeconds;
    if (typeof retry === 'number') reply.header('retry-after', String(retry));
  }
  return reply.code(e.status).type('application/problem+json; charset=utf-8').send(problemOf(e, request));
}
