/**
 * Intake of container files over HTTP — an e-mail message (.eml) or a data message (.zfo) — as an
 * upload: API (multipart, or the raw file as the body) and a page each. Live e-mail delivery comes
 * through the SMTP listener instead; data boxes through the data-box connector (later).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../platform/context.js';
import type { Actor } from '../../platform/db/tenant.js';
import { AppError, invalid } from '../../platform/errors.js';
import { Layout, pageEnv } from '../../platform/http/layout.js';
import { sendPage } from '../../platform/http/render.js';
import { registerMessages } from '../../platform/i18n/index.js';
import { csrfAction } from '../../platform/identity/index.js';
import { registerDataMessage } from './databox-intake.js';
import { registerEmail } from './email-intake.js';
import { commonErrors, problem, security, tenantOf } from './http-common.js';
import { Document, documentJson } from './intake-api.js';
import { readMultipart } from './multipart.js';
import { ErrorSummary, errorsOf } from './pages/ui.js';
import { recordsPolicy } from './policy.js';

registerMessages('records-email', {
  cs: {
    email: {
      title: 'Podatelna – e-mail (.eml)',
      intro:
        'Nahrajte zprávu uloženou z poštovního programu jako soubor .eml. Tělo zprávy se zaeviduje jako PDF, přílohy jako komponenty a původní zpráva se uchová. Tatáž zpráva (Message-ID) se zaeviduje jen jednou.',
      file: 'Soubor .eml',
      submit: 'Zaevidovat e-mail',
      link: 'Zaevidovat e-mail (.eml)',
    },
    zfo: {
      title: 'Podatelna – datová zpráva (.zfo)',
      intro:
        'Nahrajte přijatou datovou zprávu uloženou z datové schránky jako soubor .zfo. Z obálky se převezme odesílatel s ID datové schránky, věc, jeho číslo jednací a čas dodání; písemnosti zprávy se zaevidují jako komponenty a soubor .zfo se uchová. Ověří se elektronická pečeť zprávy. Tatáž zpráva (ID zprávy) se zaeviduje jen jednou.',
      file: 'Soubor .zfo',
      submit: 'Zaevidovat datovou zprávu',
      link: 'Zaevidovat datovou zprávu (.zfo)',
    },
    address: 'Zprávy zaslané na adresu podatelny {{address}} se evidují samy.',
    noAddress: 'Adresa elektronické podatelny není v nastavení úřadu (settings.intakeEmail) vyplněna.',
  },
  en: {
    email: {
      title: 'Registry – e-mail (.eml)',
      intro:
        'Upload a message saved from a mail program as an .eml file. The body is registered as a PDF, the attachments as components, and the original message is kept. The same message (Message-ID) is registered only once.',
      file: '.eml file',
      submit: 'Register the e-mail',
      link: 'Register an e-mail (.eml)',
    },
    zfo: {
      title: 'Registry – data message (.zfo)',
      intro:
        'Upload a received data message saved from the data box as a .zfo file. The sender with the data-box ID, the subject, the sender’s reference number and the delivery time come from the envelope; the message’s files become components and the .zfo file is kept. The message’s electronic seal is checked. The same message (message ID) is registered only once.',
      file: '.zfo file',
      submit: 'Register the data message',
      link: 'Register a data message (.zfo)',
    },
    address: 'Messages sent to the registry address {{address}} are registered automatically.',
    noAddress: 'The e-mail registry address is not set in the office settings (settings.intakeEmail).',
  },
  pl: {
    email: {
      title: 'Kancelaria – e-mail (.eml)',
      intro:
        'Prześlij wiadomość zapisaną z programu pocztowego jako plik .eml. Treść zostanie zarejestrowana jako PDF, załączniki jako komponenty, a oryginalna wiadomość zostanie zachowana. Ta sama wiadomość (Message-ID) jest rejestrowana tylko raz.',
      file: 'Plik .eml',
      submit: 'Zarejestruj e-mail',
      link: 'Zarejestruj e-mail (.eml)',
    },
    zfo: {
      title: 'Kancelaria – wiadomość ze skrzynki danych (.zfo)',
      intro:
        'Prześlij odebraną wiadomość zapisaną ze skrzynki danych jako plik .zfo. Nadawca z identyfikatorem skrzynki, sprawa, jego znak i czas doręczenia pochodzą z koperty; pliki wiadomości stają się komponentami, a plik .zfo zostaje zachowany. Pieczęć elektroniczna jest sprawdzana. Ta sama wiadomość (ID) jest rejestrowana tylko raz.',
      file: 'Plik .zfo',
      submit: 'Zarejestruj wiadomość',
      link: 'Zarejestruj wiadomość ze skrzynki danych (.zfo)',
    },
    address: 'Wiadomości wysłane na adres kancelarii {{address}} są rejestrowane automatycznie.',
    noAddress: 'Adres elektronicznej kancelarii nie jest ustawiony (settings.intakeEmail).',
  },
});

type Kind = 'email' | 'zfo';

/** The two container kinds: where they are uploaded and which use case registers them. */
const KINDS: Record<
  Kind,
  {
    page: string;
    api: string;
    accept: string;
    rawTypes: string[];
    summary: string;
    description: string;
    register: (
      ctx: AppContext,
      actor: Actor,
      tenantId: string,
      raw: Buffer,
    ) => Promise<Record<string, unknown>>;
  }
> = {
  email: {
    page: '/app/records/intake/email',
    api: '/api/v1/records/documents/intake-email',
    accept: '.eml,message/rfc822',
    rawTypes: ['message/rfc822'],
    summary: 'Register an e-mail message (.eml as multipart file part, or a message/rfc822 body)',
    description:
      'The body becomes a PDF component, the attachments components (PDF, JPEG, PNG, TIFF accepted; others kept and the consignment needs attention), the original message is kept. ' +
      'A message whose Message-ID this tenant already registered is refused with 409 and the reference number it got.',
    register: async (ctx, actor, tenantId, raw) => {
      const r = await registerEmail(ctx, actor, tenantId, raw);
      return { document: documentJson(r.document), problems: r.problems, messageId: r.messageId };
    },
  },
  zfo: {
    page: '/app/records/intake/zfo',
    api: '/api/v1/records/documents/intake-zfo',
    accept: '.zfo',
    rawTypes: ['application/octet-stream', 'application/pkcs7-mime'],
    summary:
      'Register a received data message (.zfo as multipart file part, or the raw file as application/octet-stream)',
    description:
      'Sender (with data-box ID), subject, sender’s reference number and delivery time come from the envelope; the files become components; the .zfo is kept; its CMS signature is verified (a failed check marks the consignment as needing attention). ' +
      'A message for another data box than the tenant’s is refused (422); a message ID this tenant already registered is refused with 409 and the reference number.',
    register: async (ctx, actor, tenantId, raw) => {
      const r = await registerDataMessage(ctx, actor, tenantId, raw);
      return {
        document: documentJson(r.document),
        problems: r.problems,
        dmId: r.dmId,
        signatureValid: r.signatureValid,
      };
    },
  },
};

const Responses: Record<Kind, ReturnType<typeof Type.Object>> = {
  email: Type.Object({ document: Document, problems: Type.Array(Type.String()), messageId: Type.String() }),
  zfo: Type.Object({
    document: Document,
    problems: Type.Array(Type.String()),
    dmId: Type.String(),
    signatureValid: Type.Boolean(),
  }),
};

/** The file's bytes: the first file part of a form, or the raw body. */
async function uploadedFile(request: FastifyRequest, ctx: AppContext): Promise<Buffer> {
  if (Buffer.isBuffer(request.body)) return request.body;
  const form = await readMultipart(request, ctx, { maxFiles: 1 });
  const file = form.files[0];
  if (!file) throw invalid([{ field: 'file', message: 'Choose a file.' }]);
  return ctx.blobs.read(file.blob.sha256);
}

function renderUploadPage(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  kind: Kind,
  state: { message?: string; errors?: Record<string, string> } = {},
  status = 200,
) {
  const env = pageEnv(request, ctx);
  const { t } = env;
  recordsPolicy.require(request.actor, 'document.register', { tenantId: tenantOf(request) });
  const address = (request.tenant?.settings as { intakeEmail?: string } | undefined)?.intakeEmail;
  const error = state.errors?.file;
  return sendPage(
    reply,
    <Layout env={env} title={t(`records-email:${kind}.title`)}>
      <ErrorSummary t={t} message={state.message} errors={state.errors ?? {}} />
      <p>{t(`records-email:${kind}.intro`)}</p>
      {kind === 'email' && (
        <p>{address ? t('records-email:address', { address }) : t('records-email:noAddress')}</p>
      )}
      <form method="post" action={csrfAction(KINDS[kind].page, env.csrfToken)} enctype="multipart/form-data">
        <div class={`gov-form-control${error ? ' field-error' : ''}`}>
          <label class="gov-form-label" for="file">
            {t(`records-email:${kind}.file`)}
          </label>
          <input
            id="file"
            name="file"
            type="file"
            accept={KINDS[kind].accept}
            required
            aria-describedby={error ? 'file-error' : undefined}
          />
          {error && (
            <p class="gov-form-message error-message" id="file-error">
              {error}
            </p>
          )}
        </div>
        <button type="submit" class="gov-button gov-button--primary">
          {t(`records-email:${kind}.submit`)}
        </button>
      </form>
      <p>
        <a href="/app/records/intake">{t('records:intake.title')}</a>
      </p>
    </Layout>,
    status,
  );
}

export async function registerContainerIntake(root: FastifyInstance, ctx: AppContext): Promise<void> {
  // An encapsulated plugin: the raw-body parsers below apply to these routes only.
  await root.register(async (scope) => containerRoutes(scope, ctx));
}

function containerRoutes(scope: FastifyInstance, ctx: AppContext): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  // Raw files for API clients; the limit is the upload limit, not the JSON body limit.
  app.addContentTypeParser(
    [...new Set(Object.values(KINDS).flatMap((k) => k.rawTypes))],
    { parseAs: 'buffer', bodyLimit: ctx.config.uploadLimitBytes },
    (_req, body, done) => done(null, body),
  );

  for (const kind of Object.keys(KINDS) as Kind[]) {
    const k = KINDS[kind];
    app.post(
      k.api,
      {
        schema: {
          tags: ['records'],
          summary: k.summary,
          description: k.description,
          security,
          consumes: ['multipart/form-data', ...k.rawTypes],
          response: {
            201: Responses[kind],
            ...commonErrors,
            409: problem('Already registered'),
            413: problem('Too large'),
            415: problem('Unsupported body type'),
            422: problem('Not such a file, or not for this office'),
          },
        },
      },
      async (request, reply) => {
        const tenantId = tenantOf(request);
        recordsPolicy.require(request.actor, 'document.register', { tenantId });
        const raw = await uploadedFile(request, ctx);
        return reply.code(201).send(await k.register(ctx, request.actor, tenantId, raw));
      },
    );

    app.get(k.page, { schema: { hide: true } }, (request, reply) =>
      renderUploadPage(ctx, request, reply, kind),
    );

    app.post(k.page, { schema: { hide: true } }, async (request, reply) => {
      const tenantId = tenantOf(request);
      recordsPolicy.require(request.actor, 'document.register', { tenantId });
      try {
        const raw = await uploadedFile(request, ctx);
        const r = (await k.register(ctx, request.actor, tenantId, raw)) as {
          document: { id: string };
          problems: string[];
        };
        return reply.redirect(
          `/app/records/documents/${r.document.id}?done=registered${r.problems.length ? '&problems=1' : ''}`,
          303,
        );
      } catch (e) {
        if (e instanceof AppError && e.code === 'too-large') throw e;
        const { errors, message } = errorsOf(e, request.locale);
        return renderUploadPage(ctx, request, reply, kind, { errors, message }, 422);
      }
    });
  }
}
