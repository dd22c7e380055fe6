/** Bits the records routes share: the caller's tenant and the problem schema for OpenAPI. */
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../platform/errors.js';
import { requireUser } from '../../platform/identity/index.js';

/** The signed-in user's tenant; the operator has no records of its own. */
export function tenantOf(request: FastifyRequest): string {
  const user = requireUser(request);
  if (!user.tenantId) throw new AppError('forbidden', 'Records belong to a tenant; the operator has none.');
  return user.tenantId;
}

const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    errors: Type.Optional(
      Type.Array(
        Type.Object({ field: Type.String(), message: Type.String() }, { additionalProperties: true }),
      ),
    ),
  },
  { additionalProperties: true, description: 'RFC 9457 problem document' },
);

export const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: Problem } },
});

export const security: { [scheme: string]: string[] }[] = [{ session: [] }, { token: [] }];

export const commonErrors = {
  401: problem('Not signed in'),
  403: problem('Not allowed (role, tenant or missing CSRF token)'),
};
