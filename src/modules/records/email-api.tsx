/**
 * E-mail intake over HTTP: upload of an .eml file (API: multipart or a raw message/rfc822 body;
 * page: /app/records/intake/email). Live delivery comes through the SMTP listener instead.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../platform/context.js';
import { AppError, invalid } from '../../platform/errors.js';
import { Layout, pageEnv } from '../../platform/http/layout.js';
import { sendPage } from '../../platform/http/render.js';
import { registerMessages } from '../../platform/i18n/index.js';
import { csrfAction } from '../../platform/identity/index.js';
import { registerEmail } from './email-intake.js';
import { commonErrors, problem, security, tenantOf } from './http-common.js';
import { Document, documentJson } from './intake-api.js';
import { readMultipart } from './multipart.js';
import { ErrorSummary, errorsOf } from './pages/ui.js';
import { recordsPolicy } from './policy.js';

registerMessages('records-email', {
  cs: {
    title: 'Podatelna – e-mail (.eml)',
    intro:
      'Nahrajte zprávu uloženou z poštovního programu jako soubor .eml. Tělo zprávy se zaeviduje jako PDF, přílohy jako komponenty a původní zpráva se uchová. Tatáž zpráva (Message-ID) se zaeviduje jen jednou.',
    address: 'Zprávy zaslané na adresu podatelny {{address}} se evidují samy.',
    noAddress: 'Adresa elektronické podatelny není v nastavení úřadu (settings.intakeEmail) vyplněna.',
    file: 'Soubor .eml',
    submit: 'Zaevidovat e-mail',
    link: 'Zaevidovat e-mail (.eml)',
  },
  en: {
    title: 'Registry – e-mail (.eml)',
    intro:
      'Upload a message saved from a mail program as an .eml file. The body is registered as a PDF, the attachments as components, and the original message is kept. The same message (Message-ID) is registered only once.',
    address: 'Messages sent to the registry address {{address}} are registered automatically.',
    noAddress: 'The e-mail registry address is not set in the office settings (settings.intakeEmail).',
    file: '.eml file',
    submit: 'Register the e-mail',
    link: 'Register an e-mail (.eml)',
  },
  pl: {
    title: 'Kancelaria – e-mail (.eml)',
    intro:
      'Prześlij wiadomość zapisaną z programu pocztowego jako plik .eml. Treść zostanie zarejestrowana jako PDF, załączniki jako komponenty, a oryginalna wiadomość zostanie zachowana. Ta sama wiadomość (Message-ID) jest rejestrowana tylko raz.',
    address: 'Wiadomości wysłane na adres kancelarii {{address}} są rejestrowane automatycznie.',
    noAddress: 'Adres elektronicznej kancelarii nie jest ustawiony (settings.intakeEmail).',
    file: 'Plik .eml',
    submit: 'Zarejestruj e-mail',
    link: 'Zarejestruj e-mail (.eml)',
  },
});

const EmailIntake = Type.Object({
  document: Document,
  problems: Type.Array(Type.String()),
  messageId: Type.String(),
});

/** The message bytes of an upload: the first file part of a form, or a raw message/rfc822 body. */
async function uploadedMessage(request: FastifyRequest, ctx: AppContext): Promise<Buffer> {
  if (Buffer.isBuffer(request.body)) return request.body;
  const form = await readMultipart(request, ctx, { maxFiles: 1 });
  const file = form.files[0];
  if (!file) throw invalid([{ field: 'file', message: 'Choose an .eml file.' }]);
  return ctx.blobs.read(file.blob.sha256);
}

function renderEmailPage(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  state: { message?: string; errors?: Record<string, string> } = {},
  status = 200,
) {
  const env = pageEnv(request, ctx);
  const { t } = env;
  recordsPolicy.require(request.actor, 'document.register', { tenantId: tenantOf(request) });
  const address = (request.tenant?.settings as { intakeEmail?: string } | undefined)?.intakeEmail;
  return sendPage(
    reply,
    <Layout env={env} title={t('records-email:title')}>
      <ErrorSummary t={t} message={state.message} errors={state.errors ?? {}} />
      <p>{t('records-email:intro')}</p>
      <p>{address ? t('records-email:address', { address }) : t('records-email:noAddress')}</p>
      <form
        method="post"
        action={csrfAction('/app/records/intake/email', env.csrfToken)}
        enctype="multipart/form-data"
      >
        <div class={`gov-form-control${state.errors?.file ? ' field-error' : ''}`}>
          <label class="gov-form-label" for="file">
            {t('records-email:file')}
          </label>
          <input
            id="file"
            name="file"
            type="file"
            accept=".eml,message/rfc822"
            required
            aria-describedby={state.errors?.file ? 'file-error' : undefined}
          />
          {state.errors?.file && (
            <p class="gov-form-message error-message" id="file-error">
              {state.errors.file}
            </p>
          )}
        </div>
        <button type="submit" class="gov-button gov-button--primary">
          {t('records-email:submit')}
        </button>
      </form>
      <p>
        <a href="/app/records/intake">{t('records:intake.title')}</a>
      </p>
    </Layout>,
    status,
  );
}

export function registerEmailIntake(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  // Raw messages for API clients; the limit is the upload limit, not the JSON body limit.
  app.addContentTypeParser(
    'message/rfc822',
    { parseAs: 'buffer', bodyLimit: ctx.config.uploadLimitBytes },
    (_req, body, done) => done(null, body),
  );

  app.post(
    '/api/v1/records/documents/intake-email',
    {
      schema: {
        tags: ['records'],
        summary: 'Register an e-mail message (.eml as multipart file part, or a message/rfc822 body)',
        description:
          'The body becomes a PDF component, the attachments components (PDF, JPEG, PNG, TIFF accepted; others kept and the consignment needs attention), the original message is kept. ' +
          'A message whose Message-ID this tenant already registered is refused with 409 and the reference number it got.',
        security,
        consumes: ['multipart/form-data', 'message/rfc822'],
        response: {
          201: EmailIntake,
          ...commonErrors,
          409: problem('Already registered'),
          413: problem('Too large'),
          415: problem('Neither multipart nor message/rfc822'),
          422: problem('Not an e-mail message'),
        },
      },
    },
    async (request, reply) => {
      const tenantId = tenantOf(request);
      recordsPolicy.require(request.actor, 'document.register', { tenantId });
      const raw = await uploadedMessage(request, ctx);
      const r = await registerEmail(ctx, request.actor, tenantId, raw);
      return reply
        .code(201)
        .send({ document: documentJson(r.document), problems: r.problems, messageId: r.messageId });
    },
  );

  app.get('/app/records/intake/email', { schema: { hide: true } }, (request, reply) =>
    renderEmailPage(ctx, request, reply),
  );

  app.post('/app/records/intake/email', { schema: { hide: true } }, async (request, reply) => {
    const tenantId = tenantOf(request);
    recordsPolicy.require(request.actor, 'document.register', { tenantId });
    try {
      const raw = await uploadedMessage(request, ctx);
      const r = await registerEmail(ctx, request.actor, tenantId, raw);
      return reply.redirect(
        `/app/records/documents/${r.document.id}?done=registered${r.problems.length ? '&problems=1' : ''}`,
        303,
      );
    } catch (e) {
      if (e instanceof AppError && e.code === 'too-large') throw e;
      const { errors, message } = errorsOf(e);
      return renderEmailPage(ctx, request, reply, { errors, message }, 422);
    }
  });
}
