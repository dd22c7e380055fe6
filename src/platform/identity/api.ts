/** JSON API of the identity area: sign-in/out, own account and tokens, user administration. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { LOCALES } from '../i18n/index.js';
import { clearSessionCookie, requireUser, setSessionCookie } from './http.js';
import { PASSWORD_MAX_LENGTH } from './password.js';
import { ROLES } from './policy.js';
import {
  authenticate,
  createToken,
  createUser,
  getUser,
  listTokens,
  listUsers,
  MAX_TOKEN_DAYS,
  revokeToken,
  signOut,
  signOutEverywhere,
  type TokenView,
  updateUser,
} from './service.js';
import type { UserView } from './types.js';

const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(
      Type.Array(
        Type.Object({ field: Type.String(), message: Type.String(), code: Type.Optional(Type.String()) }),
      ),
    ),
    requestId: Type.Optional(Type.String()),
  },
  { additionalProperties: true, description: 'RFC 9457 problem document' },
);

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: Problem } },
});

const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const RoleName = Type.Union(ROLES.map((r) => Type.Literal(r)));
const LocaleName = Type.Union(LOCALES.map((l) => Type.Literal(l)));
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });

const Me = Type.Object({
  id: Type.String({ format: 'uuid' }),
  username: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(Type.String()),
  tenant: Nullable(Type.String({ description: 'Tenant slug; null for the hosting operator' })),
});

const User = Type.Object({
  id: Type.String({ format: 'uuid' }),
  tenantId: Nullable(Type.String({ format: 'uuid' })),
  username: Type.String(),
  displayName: Type.String(),
  email: Nullable(Type.String()),
  roles: Type.Array(Type.String()),
  orgUnitId: Nullable(Type.String({ format: 'uuid' })),
  locale: Nullable(Type.String()),
  active: Type.Boolean(),
  createdAt: DateTime,
  passwordChangedAt: DateTime,
});

const Token = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  prefix: Type.String(),
  createdAt: DateTime,
  lastUsedAt: Nullable(DateTime),
  expiresAt: Nullable(DateTime),
  revokedAt: Nullable(DateTime),
});

const Password = Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH * 4 });

const LoginBody = Type.Object(
  {
    tenant: Type.Optional(
      Nullable(Type.String({ maxLength: 50, description: 'Tenant slug; empty or absent: operator' })),
    ),
    username: Type.String({ minLength: 1, maxLength: 100 }),
    password: Password,
  },
  { additionalProperties: false },
);

const UserFields = {
  displayName: Type.String({ minLength: 1, maxLength: 200 }),
  email: Nullable(Type.String({ maxLength: 254 })),
  roles: Type.Array(RoleName, { maxItems: ROLES.length, uniqueItems: true }),
  orgUnitId: Nullable(Type.String({ format: 'uuid' })),
  locale: Nullable(LocaleName),
  active: Type.Boolean(),
};

const CreateUserBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Password,
    displayName: UserFields.displayName,
    email: Type.Optional(UserFields.email),
    roles: Type.Optional(UserFields.roles),
    orgUnitId: Type.Optional(UserFields.orgUnitId),
    locale: Type.Optional(UserFields.locale),
    active: Type.Optional(UserFields.active),
  },
  { additionalProperties: false },
);

const PatchUserBody = Type.Object(
  {
    displayName: Type.Optional(UserFields.displayName),
    email: Type.Optional(UserFields.email),
    roles: Type.Optional(UserFields.roles),
    orgUnitId: Type.Optional(UserFields.orgUnitId),
    locale: Type.Optional(UserFields.locale),
    active: Type.Optional(UserFields.active),
    password: Type.Optional(
      Type.String({ ...Password, description: 'Sets a new password and ends all sessions' }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);

const CreateTokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    expiresInDays: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: MAX_TOKEN_DAYS }))),
  },
  { additionalProperties: false },
);

const signedIn: { [scheme: string]: string[] }[] = [{ session: [] }, { token: [] }];

function meOf(request: FastifyRequest) {
  const user = requireUser(request);
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: [...user.roles],
    tenant: request.tenant && request.tenant.id === user.tenantId ? request.tenant.slug : null,
  };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function userJson(u: UserView) {
  return { ...u, createdAt: u.createdAt.toISOString(), passwordChangedAt: u.passwordChangedAt.toISOString() };
}

function tokenJson(t: TokenView) {
  return {
    ...t,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: iso(t.lastUsedAt),
    expiresAt: iso(t.expiresAt),
    revokedAt: iso(t.revokedAt),
  };
}

export function registerIdentityApi(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/api/v1/auth/login',
    {
      // JSON only: a cross-site HTML form cannot send application/json, so this needs no CSRF token.
      config: { csrf: false },
      preValidation: async (request) => {
        const type = request.headers['content-type'] ?? '';
        if (!/^application\/json\s*(;|$)/i.test(type)) {
          throw new AppError('unsupported-media-type', 'Send the credentials as application/json.');
        }
      },
      schema: {
        tags: ['auth'],
        summary: 'Sign in; sets the session cookie',
        description:
          'Empty or absent `tenant` signs in to the hosting operator. Use the returned `csrfToken` as header ' +
          '`x-csrf-token` on every state-changing request made with the cookie. Five failures for one user name ' +
          'within 15 minutes lock it for 15 minutes (429 with Retry-After).',
        body: LoginBody,
        response: {
          200: Type.Object({ user: Me, csrfToken: Type.String() }),
          401: problem('Wrong user name or password (one message for every cause)'),
          415: problem('Not application/json'),
          422: problem('Invalid body or unknown tenant'),
          429: problem('Too many failed sign-ins; see Retry-After'),
        },
      },
    },
    async (request, reply) => {
      const result = await authenticate(ctx, {
        tenant: request.body.tenant ?? null,
        username: request.body.username,
        password: request.body.password,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      setSessionCookie(request, reply, result.session.cookieValue);
      return {
        user: {
          id: result.user.id,
          username: result.user.username,
          displayName: result.user.displayName,
          roles: result.user.roles,
          tenant: result.tenant?.slug ?? null,
        },
        csrfToken: result.session.csrfToken,
      };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign out (ends this session)',
        security: signedIn,
        response: { 204: Type.Null({ description: 'Signed out' }), 403: problem('Missing CSRF token') },
      },
    },
    async (request, reply) => {
      if (request.session) await signOut(ctx, request.actor, request.session.id);
      clearSessionCookie(request, reply);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/logout-all',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign out everywhere (ends every session of this account)',
        security: signedIn,
        response: {
          200: Type.Object({ sessionsEnded: Type.Integer() }),
          401: problem('Not signed in'),
          403: problem('Missing CSRF token'),
        },
      },
    },
    async (request, reply) => {
      requireUser(request);
      const n = await signOutEverywhere(ctx, request.actor);
      if (request.session) clearSessionCookie(request, reply);
      return { sessionsEnded: n };
    },
  );

  app.get(
    '/api/v1/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'Who is signed in',
        security: signedIn,
        response: {
          200: Type.Object({
            user: Me,
            csrfToken: Nullable(Type.String({ description: 'For cookie sessions; null with an API token' })),
            via: Type.Union([Type.Literal('session'), Type.Literal('token')]),
          }),
          401: problem('Not signed in'),
        },
      },
    },
    async (request) => ({
      user: meOf(request),
      csrfToken: request.session?.csrfToken ?? null,
      via: request.authVia ?? 'session',
    }),
  );

  // --- own API tokens ---

  app.get(
    '/api/v1/me/tokens',
    {
      schema: {
        tags: ['auth'],
        summary: 'My API tokens',
        security: signedIn,
        response: { 200: Type.Array(Token), 401: problem('Not signed in') },
      },
    },
    async (request) => {
      requireUser(request);
      return (await listTokens(ctx, request.actor)).map(tokenJson);
    },
  );

  app.post(
    '/api/v1/me/tokens',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create an API token (the secret is returned only now)',
        security: signedIn,
        body: CreateTokenBody,
        response: {
          201: Type.Object({
            token: Token,
            secret: Type.String({ description: 'Send as Authorization: Bearer …' }),
          }),
          401: problem('Not signed in'),
          403: problem('Missing CSRF token'),
          422: problem('Invalid body'),
        },
      },
    },
    async (request, reply) => {
      requireUser(request);
      const r = await createToken(ctx, request.actor, request.body);
      return reply.code(201).send({ token: tokenJson(r.token), secret: r.secret });
    },
  );

  app.delete(
    '/api/v1/me/tokens/:id',
    {
      schema: {
        tags: ['auth'],
        summary: 'Revoke one of my API tokens',
        security: signedIn,
        params: IdParams,
        response: {
          204: Type.Null({ description: 'Revoked' }),
          401: problem('Not signed in'),
          403: problem('Missing CSRF token'),
          404: problem('No such token of yours'),
        },
      },
    },
    async (request, reply) => {
      requireUser(request);
      await revokeToken(ctx, request.actor, request.params.id);
      return reply.code(204).send(null);
    },
  );

  // --- user administration (tenant_admin; the operator for its own accounts) ---

  const scope = (request: FastifyRequest) => requireUser(request).tenantId;

  app.get(
    '/api/v1/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Accounts of my tenant',
        security: signedIn,
        response: {
          200: Type.Array(User),
          401: problem('Not signed in'),
          403: problem('Not an administrator'),
        },
      },
    },
    async (request) => (await listUsers(ctx, request.actor, scope(request))).map(userJson),
  );

  app.post(
    '/api/v1/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Create an account in my tenant',
        security: signedIn,
        body: CreateUserBody,
        response: {
          201: User,
          401: problem('Not signed in'),
          403: problem('Not an administrator, or missing CSRF token'),
          409: problem('User name taken'),
          422: problem('Invalid body or password too weak'),
        },
      },
    },
    async (request, reply) => {
      const user = await createUser(ctx, request.actor, scope(request), request.body);
      return reply.code(201).send(userJson(user));
    },
  );

  app.get(
    '/api/v1/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'One account of my tenant',
        security: signedIn,
        params: IdParams,
        response: {
          200: User,
          401: problem('Not signed in'),
          403: problem('Not an administrator'),
          404: problem('No such account in my tenant'),
        },
      },
    },
    async (request) => userJson(await getUser(ctx, request.actor, scope(request), request.params.id)),
  );

  app.patch(
    '/api/v1/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'Change an account (roles, state, name, e-mail, org unit, language) or reset its password',
        security: signedIn,
        params: IdParams,
        body: PatchUserBody,
        response: {
          200: User,
          401: problem('Not signed in'),
          403: problem('Not an administrator, or missing CSRF token'),
          404: problem('No such account in my tenant'),
          409: problem('Would lock yourself out'),
          422: problem('Invalid body or password too weak'),
        },
      },
    },
    async (request) => {
      return userJson(await updateUser(ctx, request.actor, scope(request), request.params.id, request.body));
    },
  );
}
