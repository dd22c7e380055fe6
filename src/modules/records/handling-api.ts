/** JSON API of handling: assign, accept, return. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../platform/context.js';
import { MAX_DEADLINE_DAYS } from './domain/handling.js';
import { acceptDocument, assignDocument, returnDocument } from './handling-service.js';
import { commonErrors, problem, security, tenantOf } from './http-common.js';
import { Document, documentJson } from './intake-api.js';

const tags = ['records'];
const IdParams = Type.Object({ id: Type.String() }, { additionalProperties: false });
const responses = {
  200: Document,
  ...commonErrors,
  404: problem('No such document you may see'),
  409: problem('Not allowed in this status'),
  422: problem('Invalid data'),
};

export function registerHandlingApi(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/api/v1/records/documents/:id/assign',
    {
      schema: {
        tags,
        summary: 'Assign to an org unit and handler, optionally with a deadline in days (§40 správní řád)',
        security,
        params: IdParams,
        body: Type.Object(
          {
            orgUnitId: Type.String({ format: 'uuid' }),
            handlerId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
            deadlineDays: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_DEADLINE_DAYS })),
          },
          { additionalProperties: false },
        ),
        response: responses,
      },
    },
    async (request) =>
      documentJson(
        await assignDocument(ctx, request.actor, tenantOf(request), request.params.id, request.body),
      ),
  );
  app.post(
    '/api/v1/records/documents/:id/accept',
    {
      schema: {
        tags,
        summary: 'The assigned handler accepts the document',
        security,
        params: IdParams,
        response: responses,
      },
    },
    async (request) =>
      documentJson(await acceptDocument(ctx, request.actor, tenantOf(request), request.params.id)),
  );
  app.post(
    '/api/v1/records/documents/:id/return',
    {
      schema: {
        tags,
        summary: 'The assigned handler returns the document to the registry with a reason',
        security,
        params: IdParams,
        body: Type.Object(
          { reason: Type.String({ minLength: 1, maxLength: 1000 }) },
          { additionalProperties: false },
        ),
        response: responses,
      },
    },
    async (request) =>
      documentJson(
        await returnDocument(ctx, request.actor, tenantOf(request), request.params.id, request.body.reason),
      ),
  );
}
