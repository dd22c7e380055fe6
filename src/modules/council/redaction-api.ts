/**
 * JSON API of redaction (anonymizace) under /api/v1/council/redactions: the overview, one target's
 * texts with draft and published marks and the preview, saving the draft marks (offsets in code
 * points against a text version), and publishing. The services check permissions and rules.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../platform/context.js';
import type { Actor } from '../../platform/db/tenant.js';
import { AppError } from '../../platform/errors.js';
import { REDACTION_CATEGORIES } from './domain/redaction.js';
import {
  getRedaction,
  listRedactions,
  publishRedaction,
  REDACTION_TARGETS,
  type RedactionView,
  saveRedactionMarks,
} from './redaction-service.js';

const Id = Type.String({ format: 'uuid' });
const DateTime = Type.Unsafe<Date>({ type: 'string', format: 'date-time' });
const Problem = Type.Object(
  { type: Type.String(), title: Type.String(), status: Type.Integer(), detail: Type.String() },
  { additionalProperties: true },
);
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: Problem } },
});
const ERR = {
  401: problem('Not signed in'),
  403: problem('Not allowed: the secretary (council_secretary) marks and publishes'),
  404: problem('Not found (or belongs to another tenant)'),
  409: problem('The marks are for an old text version, or the draft no longer fits the text'),
  422: problem('Marks outside the text, overlapping, cutting a character, unknown field or category'),
};

const MarkIn = Type.Object(
  {
    field: Type.String({
      maxLength: 100,
      description: 'title, problem, proposal, opinions/<id>, clauses/<i>/text, clauses/<i>/responsible',
    }),
    start: Type.Integer({ description: 'First Unicode code point of the span (0-based)' }),
    end: Type.Integer({ description: 'One past the last code point' }),
    category: Type.Enum([...REDACTION_CATEGORIES]),
  },
  { additionalProperties: false },
);
const MarkOut = Type.Object({
  field: Type.String(),
  start: Type.Integer(),
  end: Type.Integer(),
  category: Type.Enum([...REDACTION_CATEGORIES]),
  text: Type.Union([Type.String(), Type.Null()], { description: 'The marked characters (null when stale)' }),
  stale: Type.Boolean({ description: 'The field has changed since the mark was made' }),
});
const Redaction = Type.Object({
  target: Type.Enum([...REDACTION_TARGETS]),
  id: Id,
  version: Type.Integer({ description: 'The current text version (a material version; 1 for a resolution)' }),
  title: Type.String(),
  reference: Type.Union([Type.String(), Type.Null()]),
  isPublic: Type.Boolean(),
  fields: Type.Array(
    Type.Object({
      field: Type.String(),
      part: Type.String(),
      text: Type.String({ description: 'The original (internal)' }),
      preview: Type.String({ description: 'Redacted with the draft marks' }),
      published: Type.String({ description: 'What the public sees now' }),
      withheld: Type.Boolean(),
    }),
  ),
  draft: Type.Union([
    Type.Object({ version: Type.Integer(), savedAt: DateTime, marks: Type.Array(MarkOut) }),
    Type.Null(),
  ]),
  published: Type.Union([
    Type.Object({ version: Type.Integer(), publishedAt: DateTime, marks: Type.Array(MarkOut) }),
    Type.Null(),
  ]),
  blockers: Type.Array(Type.String()),
});

const security: Record<string, string[]>[] = [{ session: [] }, { token: [] }];
const Params = Type.Object({ target: Type.Enum([...REDACTION_TARGETS]), id: Id });

function signedIn(request: FastifyRequest): Actor {
  if (!request.user) throw new AppError('unauthorized', 'Sign in or send an API token.');
  return request.actor;
}

const out = (v: RedactionView) => ({
  ...v,
  fields: v.fields.map((f) => ({
    field: f.field,
    part: f.part,
    text: f.text,
    preview: f.preview,
    published: f.published,
    withheld: f.withheld,
  })),
});

export function councilRedactionApi(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['council'];

  r.get(
    '/api/v1/council/redactions',
    {
      schema: {
        tags,
        summary: 'Resolutions and adopted materials with the state of their redaction',
        security,
        response: {
          200: Type.Array(
            Type.Object({
              target: Type.Enum([...REDACTION_TARGETS]),
              id: Id,
              title: Type.String(),
              reference: Type.Union([Type.String(), Type.Null()]),
              state: Type.Enum(['none', 'draft', 'published', 'draftChanged']),
              marks: Type.Integer({ description: 'Published marks' }),
            }),
          ),
          401: ERR[401],
          403: ERR[403],
        },
      },
    },
    async (q) => listRedactions(ctx, signedIn(q)),
  );
  r.get(
    '/api/v1/council/redactions/:target/:id',
    {
      schema: {
        tags,
        summary: 'A material’s or resolution’s texts, its draft and published marks, the preview',
        security,
        params: Params,
        response: { 200: Redaction, ...ERR },
      },
    },
    async (q) => out(await getRedaction(ctx, signedIn(q), q.params.target, q.params.id)),
  );
  r.put(
    '/api/v1/council/redactions/:target/:id',
    {
      schema: {
        tags,
        summary: 'Replace the draft marks (all or nothing) for the given text version',
        security,
        params: Params,
        body: Type.Object(
          { version: Type.Integer({ minimum: 1 }), marks: Type.Array(MarkIn, { maxItems: 500 }) },
          { additionalProperties: false },
        ),
        response: { 200: Redaction, ...ERR },
      },
    },
    async (q) => out(await saveRedactionMarks(ctx, signedIn(q), q.params.target, q.params.id, q.body)),
  );
  r.post(
    '/api/v1/council/redactions/:target/:id/publish',
    {
      schema: {
        tags,
        summary: 'Publish the draft: every public rendition applies these marks from now on',
        security,
        params: Params,
        body: Type.Object({ version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
        response: { 200: Redaction, ...ERR },
      },
    },
    async (q) => out(await publishRedaction(ctx, signedIn(q), q.params.target, q.params.id, q.body)),
  );
}
