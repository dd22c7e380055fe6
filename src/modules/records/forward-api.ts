/** JSON API of forwarding (předání) and stand-ins (zastupování). */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../platform/context.js';
import {
  createDelegation,
  type DelegationView,
  endDelegation,
  listDelegations,
} from './delegation-service.js';
import { MAX_DELEGATION_NOTE } from './domain/delegation.js';
import { MAX_NOTE } from './domain/handling.js';
import { forwardDocument } from './forward-service.js';
import { commonErrors, problem, security, tenantOf } from './http-common.js';
import { Document, documentJson } from './intake-api.js';

const tags = ['records'];
const IdParams = Type.Object({ id: Type.String() }, { additionalProperties: false });
const Ref = Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() });
const Delegation = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    delegator: Ref,
    delegate: Ref,
    from: Type.String({ format: 'date' }),
    to: Type.String({ format: 'date' }),
    note: Type.Union([Type.String(), Type.Null()]),
    active: Type.Boolean({ description: 'Applies today (tenant’s zone)' }),
    ended: Type.Boolean({ description: 'Ended early' }),
    state: Type.Union([
      Type.Literal('active'),
      Type.Literal('planned'),
      Type.Literal('over'),
      Type.Literal('ended'),
    ]),
    createdBy: Type.Union([Type.String(), Type.Null()]),
    canEnd: Type.Boolean(),
  },
  { description: 'A stand-in (zastupování): the delegate handles the delegator’s documents and files' },
);
const delegationJson = (d: DelegationView) => d;

export function registerForwardApi(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/api/v1/records/documents/:id/forward',
    {
      schema: {
        tags,
        summary:
          'Forward (předat) a document to another handler and/or org unit with a note; the new handler accepts it',
        description:
          'By the document’s handler, their stand-in, or the head of its org unit; in status assigned or accepted. ' +
          'Without orgUnitId the handler’s unit is taken; without handlerId the head of the unit assigns one ' +
          '(an own document needs a handler). The due date is kept.',
        security,
        params: IdParams,
        body: Type.Object(
          {
            handlerId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
            orgUnitId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
            note: Type.Optional(Type.Union([Type.String({ maxLength: MAX_NOTE }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Document,
          ...commonErrors,
          404: problem('No such document you may see'),
          409: problem('Not forwarded in this status (settled, at the registry, waiting for approval)'),
          422: problem('Unknown handler or org unit, or nothing named'),
        },
      },
    },
    async (request) =>
      documentJson(
        await forwardDocument(ctx, request.actor, tenantOf(request), request.params.id, request.body),
      ),
  );

  app.get(
    '/api/v1/records/delegations',
    {
      schema: {
        tags,
        summary: 'Stand-ins (zastupování) the caller is part of; a head also sees those of their unit',
        security,
        response: { 200: Type.Object({ items: Type.Array(Delegation) }), ...commonErrors },
      },
    },
    async (request) => ({
      items: (await listDelegations(ctx, request.actor, tenantOf(request))).map(delegationJson),
    }),
  );
  app.post(
    '/api/v1/records/delegations',
    {
      schema: {
        tags,
        summary:
          'Record a stand-in for a range of days (a handler for themselves, a head for a handler of the unit)',
        security,
        body: Type.Object(
          {
            delegatorId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
            delegateId: Type.String({ format: 'uuid' }),
            from: Type.String({ format: 'date' }),
            to: Type.String({ format: 'date' }),
            note: Type.Optional(Type.Union([Type.String({ maxLength: MAX_DELEGATION_NOTE }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 201: Delegation, ...commonErrors, 422: problem('Invalid data') },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(delegationJson(await createDelegation(ctx, request.actor, tenantOf(request), request.body))),
  );
  app.post(
    '/api/v1/records/delegations/:id/end',
    {
      schema: {
        tags,
        summary: 'End a stand-in now',
        security,
        params: IdParams,
        response: {
          200: Delegation,
          ...commonErrors,
          404: problem('No such stand-in you may see'),
          409: problem('Already over'),
        },
      },
    },
    async (request) =>
      delegationJson(await endDelegation(ctx, request.actor, tenantOf(request), request.params.id)),
  );
}
