/**
 * JSON API of the council module under /api/v1/council. Routes translate HTTP into use cases;
 * the services check permissions and rules.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../platform/context.js';
import type { Actor } from '../../platform/db/tenant.js';
import { AppError } from '../../platform/errors.js';
import { MATERIAL_STATES, OUTCOMES, VERBS } from './domain/material.js';
import { CHOICES } from './domain/voting.js';
import {
  addAgendaItem,
  addMember,
  BODY_KINDS,
  createBody,
  createMaterial,
  createMeeting,
  decideItem,
  getBody,
  getMaterial,
  getMeeting,
  listBodies,
  listMaterials,
  listMeetings,
  listResolutions,
  listTasks,
  MEMBER_ROLES,
  markReady,
  recordAttendance,
  recordOpinion,
  recordVote,
  requestOpinion,
  SECTIONS,
  updateBody,
  updateMaterial,
} from './service.js';

const Str = (max: number) => Type.String({ maxLength: max });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Id = Type.String({ format: 'uuid' });
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const DateTime = Type.Unsafe<Date>({ type: 'string', format: 'date-time' });

const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    errors: Type.Optional(
      Type.Array(
        Type.Object({ field: Type.String(), message: Type.String(), code: Type.Optional(Type.String()) }),
      ),
    ),
  },
  { additionalProperties: true },
);
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});
const ERR = {
  400: problem('Malformed request'),
  401: problem('Not signed in'),
  403: problem('Not allowed (council_secretary manages; council_member reads)'),
  404: problem('Not found (or belongs to another tenant)'),
  409: problem('Conflicts with the state: voted already, not adopted, frozen version …'),
  422: problem('Invalid data; `errors` lists the fields, each with a stable `code` where known'),
};

const Member = Type.Object({
  id: Id,
  bodyId: Id,
  userId: Type.Union([Id, Type.Null()]),
  name: Type.String(),
  role: Type.Enum([...MEMBER_ROLES]),
  substitute: Type.Boolean(),
  termLabel: Type.String(),
  active: Type.Boolean(),
});
const Body = Type.Object({
  id: Id,
  code: Type.String({ description: 'e.g. RK (rada kraje), ZK (zastupitelstvo kraje), RM, ZM' }),
  name: Type.String(),
  kind: Type.Enum([...BODY_KINDS]),
  seats: Type.Integer(),
  majority: Type.Integer({
    description: 'Members needed for quorum and votes needed to adopt: a majority of all seats',
  }),
  termLabel: Type.String(),
  resolutionTemplate: Type.String(),
  members: Type.Array(Member),
});
const BodyCreate = Type.Object(
  {
    code: Str(10),
    name: Str(200),
    kind: Type.Enum([...BODY_KINDS]),
    seats: Type.Integer({ minimum: 1, maximum: 999 }),
    termLabel: Str(40),
    resolutionTemplate: Type.Optional(Nullable(Str(100))),
  },
  { additionalProperties: false },
);
const BodyPatch = Type.Object(
  {
    name: Type.Optional(Str(200)),
    kind: Type.Optional(Type.Enum([...BODY_KINDS])),
    seats: Type.Optional(Type.Integer({ minimum: 1, maximum: 999 })),
    termLabel: Type.Optional(Str(40)),
    resolutionTemplate: Type.Optional(Str(100)),
  },
  { additionalProperties: false, minProperties: 1 },
);
const MemberCreate = Type.Object(
  {
    userId: Type.Optional(Type.Union([Id, Type.Null()])),
    name: Type.Optional(Nullable(Str(200))),
    role: Type.Enum([...MEMBER_ROLES]),
    substitute: Type.Optional(Type.Boolean()),
    termLabel: Type.Optional(Nullable(Str(40))),
  },
  { additionalProperties: false },
);

const Clause = Type.Object(
  {
    verb: Type.Enum([...VERBS]),
    text: Str(10_000),
    responsible: Type.Optional(Nullable(Str(300))),
    due: Type.Optional(Type.Union([IsoDate, Type.Null()])),
    /** revokuje / mění: the number of the earlier resolution, e.g. 0123/05/2026/ZM. */
    ref: Type.Optional(Nullable(Str(50))),
  },
  { additionalProperties: false },
);
const TextsFields = {
  title: Str(500),
  author: Str(500),
  submitter: Str(500),
  problem: Str(100_000),
  proposal: Str(100_000),
  clauses: Type.Array(Clause, { maxItems: 100 }),
};
const MaterialCreate = Type.Object({ bodyId: Id, ...TextsFields }, { additionalProperties: false });
const MaterialPatch = Type.Partial(Type.Object(TextsFields, { additionalProperties: false }), {
  additionalProperties: false,
  minProperties: 1,
});
const Texts = Type.Object({
  ...TextsFields,
  clauses: Type.Array(
    Type.Object({
      verb: Type.String(),
      text: Type.String(),
      responsible: Type.Optional(Type.Union([Type.String(), Type.Null()])),
      due: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    }),
  ),
});
const Material = Type.Object({
  ...Texts.properties,
  id: Id,
  bodyId: Id,
  bodyCode: Type.String(),
  state: Type.Enum([...MATERIAL_STATES]),
  outcome: Type.Union([Type.Enum([...OUTCOMES]), Type.Null()]),
  meetingId: Type.Union([Id, Type.Null()]),
  itemNo: Type.Union([Type.Integer(), Type.Null()]),
  reference: Type.Union([Type.String({ description: 'e.g. RK-18-2009-22' }), Type.Null()]),
  version: Type.Integer(),
  frozen: Type.Boolean({ description: 'The version the meeting decided; it can no longer change' }),
  versions: Type.Array(
    Type.Object({
      ...Texts.properties,
      version: Type.Integer(),
      frozen: Type.Boolean(),
      createdAt: DateTime,
    }),
  ),
  opinions: Type.Array(
    Type.Object({
      id: Id,
      from: Type.String(),
      requestedAt: DateTime,
      text: Type.Union([Type.String(), Type.Null()]),
      recordedAt: Type.Union([DateTime, Type.Null()]),
    }),
  ),
  attachments: Type.Array(Type.Object({ id: Id, blobId: Id, filename: Type.String() })),
  attachmentCount: Type.Integer(),
});
const MaterialSummary = Type.Object({
  id: Id,
  bodyCode: Type.String(),
  title: Type.String(),
  state: Type.Enum([...MATERIAL_STATES]),
  outcome: Type.Union([Type.Enum([...OUTCOMES]), Type.Null()]),
  reference: Type.Union([Type.String(), Type.Null()]),
  version: Type.Integer(),
});

const Tally = Type.Object({
  for: Type.Integer(),
  against: Type.Integer(),
  abstain: Type.Integer(),
  notVoting: Type.Integer(),
});
const Ballot = Type.Object(
  { memberId: Id, choice: Type.Enum([...CHOICES]) },
  { additionalProperties: false },
);
const Meeting = Type.Object({
  id: Id,
  bodyId: Id,
  body: Body,
  year: Type.Integer(),
  number: Type.Integer(),
  session: Type.Union([Type.Integer(), Type.Null()]),
  date: Type.String(),
  place: Type.String(),
  attendance: Type.Array(
    Type.Object({ memberId: Id, kind: Type.String(), fromItem: Type.Integer(), name: Type.String() }),
  ),
  items: Type.Array(
    Type.Object({
      id: Id,
      position: Type.Integer(),
      section: Type.Enum([...SECTIONS]),
      title: Type.String(),
      materialId: Type.Union([Id, Type.Null()]),
      reference: Type.Union([Type.String(), Type.Null()]),
      outcome: Type.Union([Type.Enum([...OUTCOMES]), Type.Null()]),
      presentIds: Type.Array(Id),
      quorum: Type.Boolean(),
      vote: Type.Union([
        Type.Object({
          kind: Type.String(),
          present: Type.Integer(),
          tally: Tally,
          ballots: Type.Array(Ballot),
          adopted: Type.Boolean(),
        }),
        Type.Null(),
      ]),
      resolution: Type.Union([Type.Object({ id: Id, number: Type.String() }), Type.Null()]),
    }),
  ),
});
const MeetingSummary = Type.Object({
  id: Id,
  bodyCode: Type.String(),
  year: Type.Integer(),
  number: Type.Integer(),
  date: Type.String(),
  place: Type.String(),
});
const MeetingCreate = Type.Object(
  {
    bodyId: Id,
    date: IsoDate,
    place: Str(300),
    session: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
    number: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  },
  { additionalProperties: false },
);
const VoteBody = Type.Union([
  Type.Object(
    { kind: Type.Literal('named'), ballots: Type.Array(Ballot, { maxItems: 999 }) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('aggregate'),
      for: Type.Integer(),
      against: Type.Integer(),
      abstain: Type.Integer(),
      notVoting: Type.Integer(),
    },
    { additionalProperties: false },
  ),
]);
const Resolution = Type.Object({
  id: Id,
  number: Type.String(),
  bodyCode: Type.String(),
  title: Type.String(),
  adoptedOn: Type.String(),
  clauses: Type.Array(Type.Unknown()),
  meetingId: Id,
});
const Task = Type.Object({
  id: Id,
  resolutionNumber: Type.String(),
  text: Type.String(),
  responsible: Type.String(),
  due: Type.String(),
  state: Type.String(),
  urgency: Type.String({ description: 'overdue, due_soon (7 days), later or closed' }),
});

const IdParams = Type.Object({ id: Id });
const security: Record<string, string[]>[] = [{ session: [] }, { token: [] }];

function signedIn(request: FastifyRequest): Actor {
  if (!request.user) throw new AppError('unauthorized', 'Sign in or send an API token.');
  return request.actor;
}

export function councilApi(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['council'];

  r.get(
    '/api/v1/council/bodies',
    {
      schema: {
        tags,
        summary: 'Bodies of the own tenant with their members',
        security,
        response: { 200: Type.Array(Body), 401: ERR[401], 403: ERR[403] },
      },
    },
    async (q) => listBodies(ctx, signedIn(q)),
  );
  r.post(
    '/api/v1/council/bodies',
    {
      schema: {
        tags,
        summary: 'Create a body: council, assembly, committee or commission (council_secretary)',
        security,
        body: BodyCreate,
        response: { 201: Body, 401: ERR[401], 403: ERR[403], 422: ERR[422] },
      },
    },
    async (q, reply) => reply.code(201).send(await createBody(ctx, signedIn(q), q.body)),
  );
  r.get(
    '/api/v1/council/bodies/:id',
    {
      schema: {
        tags,
        summary: 'One body',
        security,
        params: IdParams,
        response: { 200: Body, 400: ERR[400], 401: ERR[401], 403: ERR[403], 404: ERR[404] },
      },
    },
    async (q) => getBody(ctx, signedIn(q), q.params.id),
  );
  r.patch(
    '/api/v1/council/bodies/:id',
    {
      schema: {
        tags,
        summary: 'Change a body: name, seats, term, resolution number template',
        security,
        params: IdParams,
        body: BodyPatch,
        response: { 200: Body, ...ERR },
      },
    },
    async (q) => updateBody(ctx, signedIn(q), q.params.id, q.body),
  );
  r.post(
    '/api/v1/council/bodies/:id/members',
    {
      schema: {
        tags,
        summary: 'Add a member: a staff user (userId) or an external person (name)',
        security,
        params: IdParams,
        body: MemberCreate,
        response: { 201: Member, ...ERR },
      },
    },
    async (q, reply) => reply.code(201).send(await addMember(ctx, signedIn(q), q.params.id, q.body)),
  );

  r.get(
    '/api/v1/council/materials',
    {
      schema: {
        tags,
        summary: 'Materials, newest first',
        security,
        querystring: Type.Object(
          { state: Type.Optional(Type.Enum([...MATERIAL_STATES])), bodyId: Type.Optional(Id) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(MaterialSummary), 401: ERR[401], 403: ERR[403] },
      },
    },
    async (q) => listMaterials(ctx, signedIn(q), q.query),
  );
  r.post(
    '/api/v1/council/materials',
    {
      schema: {
        tags,
        summary: 'Create a material (draft) with its draft resolution',
        security,
        body: MaterialCreate,
        response: { 201: Material, ...ERR },
      },
    },
    async (q, reply) => reply.code(201).send(await createMaterial(ctx, signedIn(q), q.body)),
  );
  r.get(
    '/api/v1/council/materials/:id',
    {
      schema: {
        tags,
        summary: 'One material with its versions, opinions and attachments',
        security,
        params: IdParams,
        response: { 200: Material, ...ERR },
      },
    },
    async (q) => getMaterial(ctx, signedIn(q), q.params.id),
  );
  r.patch(
    '/api/v1/council/materials/:id',
    {
      schema: {
        tags,
        summary: 'Change texts: saved as a new version; refused once on an agenda or decided (frozen)',
        security,
        params: IdParams,
        body: MaterialPatch,
        response: { 200: Material, ...ERR },
      },
    },
    async (q) => updateMaterial(ctx, signedIn(q), q.params.id, q.body),
  );
  r.post(
    '/api/v1/council/materials/:id/opinions',
    {
      schema: {
        tags,
        summary: 'Request an opinion (stanovisko) of a department or committee',
        security,
        params: IdParams,
        body: Type.Object({ from: Str(300) }, { additionalProperties: false }),
        response: { 200: Material, ...ERR },
      },
    },
    async (q) => requestOpinion(ctx, signedIn(q), q.params.id, q.body.from),
  );
  r.put(
    '/api/v1/council/materials/:id/opinions/:opinionId',
    {
      schema: {
        tags,
        summary: 'Record the opinion received',
        security,
        params: Type.Object({ id: Id, opinionId: Id }),
        body: Type.Object({ text: Str(100_000) }, { additionalProperties: false }),
        response: { 200: Material, ...ERR },
      },
    },
    async (q) => recordOpinion(ctx, signedIn(q), q.params.id, q.params.opinionId, q.body.text),
  );
  r.post(
    '/api/v1/council/materials/:id/ready',
    {
      schema: {
        tags,
        summary: 'Mark the material ready for an agenda',
        security,
        params: IdParams,
        response: { 200: Material, ...ERR },
      },
    },
    async (q) => markReady(ctx, signedIn(q), q.params.id),
  );

  r.get(
    '/api/v1/council/meetings',
    {
      schema: {
        tags,
        summary: 'Meetings, newest first',
        security,
        response: { 200: Type.Array(MeetingSummary), 401: ERR[401], 403: ERR[403] },
      },
    },
    async (q) => listMeetings(ctx, signedIn(q)),
  );
  r.post(
    '/api/v1/council/meetings',
    {
      schema: {
        tags,
        summary: 'Schedule a meeting (numbered per body and year)',
        security,
        body: MeetingCreate,
        response: { 201: Meeting, ...ERR },
      },
    },
    async (q, reply) => reply.code(201).send(await createMeeting(ctx, signedIn(q), q.body)),
  );
  r.get(
    '/api/v1/council/meetings/:id',
    {
      schema: {
        tags,
        summary: 'A meeting with agenda, attendance, votes and resolutions',
        security,
        params: IdParams,
        response: { 200: Meeting, ...ERR },
      },
    },
    async (q) => getMeeting(ctx, signedIn(q), q.params.id),
  );
  r.post(
    '/api/v1/council/meetings/:id/items',
    {
      schema: {
        tags,
        summary: 'Add an agenda item: a ready material or a plain item such as "Různé"',
        security,
        params: IdParams,
        body: Type.Object(
          {
            materialId: Type.Optional(Type.Union([Id, Type.Null()])),
            title: Type.Optional(Nullable(Str(500))),
            section: Type.Optional(Type.Enum([...SECTIONS])),
          },
          { additionalProperties: false },
        ),
        response: { 200: Meeting, ...ERR },
      },
    },
    async (q) => addAgendaItem(ctx, signedIn(q), q.params.id, q.body),
  );
  r.post(
    '/api/v1/council/meetings/:id/attendance',
    {
      schema: {
        tags,
        summary: 'A member arrives (present from item N) or leaves (absent from item N)',
        security,
        params: IdParams,
        body: Type.Object(
          {
            memberIds: Type.Array(Id, { minItems: 1, maxItems: 999 }),
            kind: Type.Enum(['arrive', 'leave']),
            fromItem: Type.Integer({ minimum: 1 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Meeting, ...ERR },
      },
    },
    async (q) => recordAttendance(ctx, signedIn(q), q.params.id, q.body),
  );
  r.post(
    '/api/v1/council/items/:id/vote',
    {
      schema: {
        tags,
        summary: 'Record the vote on an agenda item (named or aggregate); once per item, with quorum',
        security,
        params: IdParams,
        body: VoteBody,
        response: { 200: Meeting, ...ERR },
      },
    },
    async (q) => recordVote(ctx, signedIn(q), q.params.id, q.body),
  );
  r.post(
    '/api/v1/council/items/:id/decision',
    {
      schema: {
        tags,
        summary: 'Record the outcome; an adopted item gets its resolution number and its tasks',
        security,
        params: IdParams,
        body: Type.Object(
          {
            outcome: Type.Enum([...OUTCOMES]),
            clauses: Type.Optional(Type.Array(Clause, { maxItems: 100 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            meeting: Meeting,
            resolution: Type.Union([Type.Object({ id: Id, number: Type.String() }), Type.Null()]),
            tasks: Type.Array(
              Type.Object({
                id: Id,
                responsible: Type.String(),
                due: Type.String(),
                nonWorking: Type.Union([Type.String(), Type.Null()]),
              }),
            ),
          }),
          ...ERR,
        },
      },
    },
    async (q) => decideItem(ctx, signedIn(q), q.params.id, q.body),
  );
  r.get(
    '/api/v1/council/resolutions',
    {
      schema: {
        tags,
        summary: 'Adopted resolutions, newest first',
        security,
        response: { 200: Type.Array(Resolution), 401: ERR[401], 403: ERR[403] },
      },
    },
    async (q) => listResolutions(ctx, signedIn(q)),
  );
  r.get(
    '/api/v1/council/tasks',
    {
      schema: {
        tags,
        summary: 'Tasks from resolutions, by deadline',
        security,
        response: { 200: Type.Array(Task), 401: ERR[401], 403: ERR[403] },
      },
    },
    async (q) => listTasks(ctx, signedIn(q)),
  );
}
