/**
 * Records office pages (records manager): /app/records/office (list with filters, hand-over of a
 * closed file), /app/records/office/:id (loans), /app/records/proposals (disposal proposals) and
 * /app/records/proposals/:id (SIP download, the archive's decision, destruction, transfer).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../platform/context.js';
import { Layout, pageEnv } from '../../../platform/http/layout.js';
import { HiddenCsrf, sendPage } from '../../../platform/http/render.js';
import { registerMessages } from '../../../platform/i18n/index.js';
import { tenantOf } from '../http-common.js';
import {
  createProposal,
  destroyItems,
  filesReadyForOffice,
  getOfficeEntry,
  getProposal,
  handOverFile,
  importDecision,
  lendEntry,
  listOffice,
  listProposals,
  type OfficeFilter,
  returnLoan,
  staffList,
  transferItems,
} from '../office-service.js';
import {
  ErrorSummary,
  type Errors,
  errorsOf,
  formValues,
  Notice,
  Select,
  statusOf,
  TextArea,
  TextInput,
  type Values,
} from './ui.js';

registerMessages('records-office', {
  cs: {
    nav: 'Spisovna',
    title: 'Spisovna',
    filters: 'Filtry spisovny',
    disposalYear: 'Rok vyřazení',
    mark: 'Skartační znak',
    any: 'vše',
    due: 'Jen položky, jejichž rok vyřazení nastal',
    filter: 'Filtrovat',
    count: 'Položek: {{count}}',
    file: 'Spis',
    subject: 'Věc',
    regime: 'Skartační režim',
    status: 'Stav',
    location: 'Umístění (ukládací jednotka)',
    loan: 'Výpůjčka',
    state: {
      stored: 'uložen',
      proposed: 've skartačním návrhu',
      destroyed: 'zničen',
      archived: 'předán do archivu',
    },
    handOver: 'Předat uzavřený spis do spisovny',
    handOverHint:
      'Rok vyřazení = rok spouštěcí události + skartační lhůta + 1 (podle režimu zaznamenaného při uzavření).',
    handOverSubmit: 'Předat do spisovny',
    noneReady: 'Žádný uzavřený spis nečeká na předání.',
    proposals: 'Skartační návrhy',
    entry: 'Položka spisovny',
    lend: 'Zapůjčit',
    borrower: 'Vypůjčitel',
    dueOn: 'Vrátit do',
    note: 'Poznámka',
    returnLoan: 'Vrátit do spisovny',
    loans: 'Výpůjčky',
    lentOn: 'Zapůjčeno',
    returnedOn: 'Vráceno',
    overdue: 'po termínu',
    destroyed: 'Zničené komponenty (metadata ponechána)',
    newProposal: 'Sestavit skartační návrh ze všech položek, jejichž rok vyřazení nastal',
    newProposalSubmit: 'Sestavit návrh',
    proposal: 'Skartační návrh',
    items: 'Položky',
    decision: 'Rozhodnutí archivu',
    sip: 'Stáhnout datové balíčky SIP pro skartační řízení (ZIP)',
    decisionXml: 'Rozhodnutí archivu (XML podle nsesss-DA.xsd)',
    decisionSubmit: 'Načíst rozhodnutí',
    destroy: 'Zničit položky se znakem S',
    transfer: 'Předat položky se znakem A do archivu',
    transferZip: 'Stáhnout balíček pro předání do archivu (ZIP)',
    proposalState: { open: 'čeká na rozhodnutí archivu', decided: 'rozhodnuto', done: 'provedeno' },
    done: {
      handed: 'Spis byl předán do spisovny.',
      lent: 'Spis byl zapůjčen.',
      returned: 'Spis byl vrácen do spisovny.',
      created: 'Skartační návrh byl sestaven.',
      decided: 'Rozhodnutí archivu bylo načteno.',
      destroyed: 'Položky se znakem S byly zničeny.',
      transferred: 'Položky se znakem A byly předány do archivu.',
    },
  },
  en: {
    nav: 'Records office',
    title: 'Records office',
    filters: 'Records office filters',
    disposalYear: 'Year of disposal',
    mark: 'Retention mark',
    any: 'any',
    due: 'Only items whose year of disposal has come',
    filter: 'Filter',
    count: 'Items: {{count}}',
    file: 'File',
    subject: 'Subject',
    regime: 'Retention regime',
    status: 'Status',
    location: 'Location (storage unit)',
    loan: 'Loan',
    state: {
      stored: 'stored',
      proposed: 'in a disposal proposal',
      destroyed: 'destroyed',
      archived: 'transferred to the archive',
    },
    handOver: 'Hand a closed file over to the records office',
    handOverHint:
      'Year of disposal = trigger year + retention period + 1 (from the regime recorded at closing).',
    handOverSubmit: 'Hand over',
    noneReady: 'No closed file is waiting to be handed over.',
    proposals: 'Disposal proposals',
    entry: 'Records office item',
    lend: 'Lend',
    borrower: 'Borrower',
    dueOn: 'Due on',
    note: 'Note',
    returnLoan: 'Take back',
    loans: 'Loans',
    lentOn: 'Lent on',
    returnedOn: 'Returned on',
    overdue: 'overdue',
    destroyed: 'Destroyed components (metadata kept)',
    newProposal: 'Build a disposal proposal of every item whose year of disposal has come',
    newProposalSubmit: 'Build proposal',
    proposal: 'Disposal proposal',
    items: 'Items',
    decision: "Archive's decision",
    sip: 'Download the SIP packages for the disposal procedure (ZIP)',
    decisionXml: "The archive's decision (XML per nsesss-DA.xsd)",
    decisionSubmit: 'Import decision',
    destroy: 'Destroy the items marked S',
    transfer: 'Transfer the items marked A to the archive',
    transferZip: 'Download the transfer package (ZIP)',
    proposalState: { open: "waiting for the archive's decision", decided: 'decided', done: 'done' },
    done: {
      handed: 'The file was handed over to the records office.',
      lent: 'The file was lent.',
      returned: 'The file is back in the records office.',
      created: 'The disposal proposal was built.',
      decided: "The archive's decision was imported.",
      destroyed: 'The items marked S were destroyed.',
      transferred: 'The items marked A were transferred to the archive.',
    },
  },
  pl: {
    nav: 'Archiwum zakładowe',
    title: 'Archiwum zakładowe',
    filters: 'Filtry archiwum',
    disposalYear: 'Rok brakowania',
    mark: 'Kategoria archiwalna',
    any: 'wszystkie',
    due: 'Tylko pozycje, których rok brakowania nadszedł',
    filter: 'Filtruj',
    count: 'Pozycji: {{count}}',
    file: 'Sprawa',
    subject: 'Tytuł',
    regime: 'Kategoria i okres przechowywania',
    status: 'Stan',
    location: 'Miejsce (jednostka przechowywania)',
    loan: 'Wypożyczenie',
    state: {
      stored: 'przechowywana',
      proposed: 'we wniosku o brakowanie',
      destroyed: 'zniszczona',
      archived: 'przekazana do archiwum',
    },
    handOver: 'Przekaż zamkniętą sprawę do archiwum zakładowego',
    handOverHint: 'Rok brakowania = rok zdarzenia + okres przechowywania + 1.',
    handOverSubmit: 'Przekaż',
    noneReady: 'Żadna zamknięta sprawa nie czeka na przekazanie.',
    proposals: 'Wnioski o brakowanie',
    entry: 'Pozycja archiwum',
    lend: 'Wypożycz',
    borrower: 'Wypożyczający',
    dueOn: 'Zwrot do',
    note: 'Uwaga',
    returnLoan: 'Przyjmij zwrot',
    loans: 'Wypożyczenia',
    lentOn: 'Wypożyczono',
    returnedOn: 'Zwrócono',
    overdue: 'po terminie',
    destroyed: 'Zniszczone składniki (metadane zachowane)',
    newProposal: 'Utwórz wniosek ze wszystkich pozycji, których rok brakowania nadszedł',
    newProposalSubmit: 'Utwórz wniosek',
    proposal: 'Wniosek o brakowanie',
    items: 'Pozycje',
    decision: 'Decyzja archiwum',
    sip: 'Pobierz paczki SIP (ZIP)',
    decisionXml: 'Decyzja archiwum (XML wg nsesss-DA.xsd)',
    decisionSubmit: 'Wczytaj decyzję',
    destroy: 'Zniszcz pozycje oznaczone S',
    transfer: 'Przekaż pozycje oznaczone A do archiwum',
    transferZip: 'Pobierz paczkę do przekazania (ZIP)',
    proposalState: { open: 'czeka na decyzję archiwum', decided: 'zdecydowano', done: 'wykonano' },
    done: {
      handed: 'Sprawa została przekazana do archiwum zakładowego.',
      lent: 'Sprawa została wypożyczona.',
      returned: 'Sprawa wróciła do archiwum zakładowego.',
      created: 'Wniosek o brakowanie został utworzony.',
      decided: 'Decyzja archiwum została wczytana.',
      destroyed: 'Pozycje oznaczone S zostały zniszczone.',
      transferred: 'Pozycje oznaczone A zostały przekazane do archiwum.',
    },
  },
});

const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;
const doneOf = (request: FastifyRequest) => (request.query as { done?: string }).done;
type State = { values?: Values; errors?: Errors; message?: string };

async function renderOffice(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  state: State = {},
  status = 200,
) {
  const env = pageEnv(request, ctx);
  const { t } = env;
  const tenantId = tenantOf(request);
  const q = request.query as Record<string, string | undefined>;
  const fv: Values = {};
  const filter: OfficeFilter = { pageSize: 200 };
  if (q.disposalYear && /^\d{4}$/.test(q.disposalYear)) {
    fv.disposalYear = q.disposalYear;
    filter.disposalYear = Number(q.disposalYear);
  }
  if (q.mark === 'A' || q.mark === 'S') fv.mark = filter.mark = q.mark;
  if (q.due === '1') {
    fv.due = '1';
    filter.due = true;
  }
  const list = await listOffice(ctx, request.actor, tenantId, filter);
  const ready = await filesReadyForOffice(ctx, request.actor, tenantId);
  const done = doneOf(request);
  return sendPage(
    reply,
    <Layout env={env} title={t('records-office:title')}>
      <Notice text={done ? t(`records-office:done.${done}`, { defaultValue: '' }) || null : null} />
      <ErrorSummary t={t} message={state.message} errors={state.errors ?? {}} />
      <p>
        <a href="/app/records/proposals">{t('records-office:proposals')}</a>
      </p>
      <form method="get" action="/app/records/office" aria-label={t('records-office:filters')}>
        <TextInput
          name="disposalYear"
          label={t('records-office:disposalYear')}
          maxLength={4}
          values={fv}
          errors={{}}
        />
        <Select
          name="mark"
          label={t('records-office:mark')}
          values={fv}
          errors={{}}
          options={[
            ['', t('records-office:any')],
            ['A', 'A'],
            ['S', 'S'],
          ]}
        />
        <div class="gov-form-control">
          <input id="f-due" type="checkbox" name="due" value="1" checked={fv.due === '1'} />{' '}
          <label for="f-due">{t('records-office:due')}</label>
        </div>
        <button class="gov-button gov-button--secondary" type="submit">
          {t('records-office:filter')}
        </button>
      </form>
      <p role="status">{t('records-office:count', { count: list.total })}</p>
      {list.items.length > 0 && (
        <table class="data">
          <caption>{t('records-office:title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('records-office:file')}</th>
              <th scope="col">{t('records-office:subject')}</th>
              <th scope="col">{t('records-office:regime')}</th>
              <th scope="col">{t('records-office:disposalYear')}</th>
              <th scope="col">{t('records-office:status')}</th>
              <th scope="col">{t('records-office:loan')}</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((i) => (
              <tr>
                <td>
                  <a href={`/app/records/office/${i.id}`}>{i.file.fileNumber}</a>
                </td>
                <td>{i.file.subject}</td>
                <td>{`${i.regime.identifier} (${i.regime.mark}/${i.regime.period})`}</td>
                <td>{i.disposalYear}</td>
                <td>{t(`records-office:state.${i.status}`)}</td>
                <td>{i.loan ? `${i.loan.borrower.name}, ${i.loan.dueOn}` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section aria-labelledby="h-hand-over">
        <h2 id="h-hand-over">{t('records-office:handOver')}</h2>
        <p class="hint">{t('records-office:handOverHint')}</p>
        {ready.length === 0 ? (
          <p>{t('records-office:noneReady')}</p>
        ) : (
          <form method="post" action="/app/records/office">
            <HiddenCsrf token={env.csrfToken} />
            <Select
              name="fileId"
              label={t('records-office:file')}
              required
              values={state.values ?? {}}
              errors={state.errors ?? {}}
              options={ready.map((f): [string, string] => [
                f.id,
                `${f.fileNumber} – ${f.subject} (${f.closedOn})`,
              ])}
            />
            <TextInput
              name="location"
              label={t('records-office:location')}
              maxLength={100}
              values={state.values ?? {}}
              errors={state.errors ?? {}}
            />
            <button class="gov-button gov-button--primary" type="submit">
              {t('records-office:handOverSubmit')}
            </button>
          </form>
        )}
      </section>
    </Layout>,
    status,
  );
}

async function renderEntry(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  id: string,
  state: State = {},
  status = 200,
) {
  const env = pageEnv(request, ctx);
  const { t } = env;
  const tenantId = tenantOf(request);
  const d = await getOfficeEntry(ctx, request.actor, tenantId, id);
  const e = d.entry;
  const staff = await staffList(ctx, request.actor, tenantId);
  const done = doneOf(request);
  const rows: [string, string][] = [
    [t('records-office:file'), `${e.file.fileNumber} (${e.file.pid})`],
    [t('records-office:subject'), e.file.subject],
    [t('records-office:regime'), `${e.regime.identifier} (${e.regime.mark}/${e.regime.period})`],
    [t('records-office:disposalYear'), `${e.disposalYear} (${e.triggerYear} + ${e.regime.period} + 1)`],
    [t('records-office:status'), t(`records-office:state.${e.status}`)],
    [t('records-office:location'), e.location ?? '—'],
  ];
  const canLend = e.status === 'stored' || e.status === 'proposed';
  return sendPage(
    reply,
    <Layout env={env} title={`${t('records-office:entry')} ${e.file.fileNumber}`}>
      <Notice text={done ? t(`records-office:done.${done}`, { defaultValue: '' }) || null : null} />
      <ErrorSummary t={t} message={state.message} errors={state.errors ?? {}} />
      <p>
        <a href="/app/records/office">{t('records-office:title')}</a> ·{' '}
        <a href={`/app/records/files/${e.file.id}`}>{t('records-office:file')}</a>
      </p>
      <dl class="facts">
        {rows.map(([k, v]) => (
          <>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </>
        ))}
      </dl>
      {e.loan ? (
        <form method="post" action={`/app/records/office/${e.id}/return`}>
          <HiddenCsrf token={env.csrfToken} />
          <p>
            {`${t('records-office:loan')}: ${e.loan.borrower.name}, ${t('records-office:dueOn')} ${e.loan.dueOn}`}
            {e.loan.overdue ? ` (${t('records-office:overdue')})` : ''}
          </p>
          <button class="gov-button gov-button--primary" type="submit">
            {t('records-office:returnLoan')}
          </button>
        </form>
      ) : (
        canLend && (
          <section aria-labelledby="h-lend">
            <h2 id="h-lend">{t('records-office:lend')}</h2>
            <form method="post" action={`/app/records/office/${e.id}/loan`}>
              <HiddenCsrf token={env.csrfToken} />
              <Select
                name="borrowerId"
                label={t('records-office:borrower')}
                required
                values={state.values ?? {}}
                errors={state.errors ?? {}}
                options={staff.map((s): [string, string] => [s.id, s.name])}
              />
              <TextInput
                name="dueOn"
                type="date"
                label={t('records-office:dueOn')}
                required
                values={state.values ?? {}}
                errors={state.errors ?? {}}
              />
              <TextArea
                name="note"
                label={t('records-office:note')}
                values={state.values ?? {}}
                errors={state.errors ?? {}}
              />
              <button class="gov-button gov-button--primary" type="submit">
                {t('records-office:lend')}
              </button>
            </form>
          </section>
        )
      )}
      {d.loans.length > 0 && (
        <table class="data">
          <caption>{t('records-office:loans')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('records-office:borrower')}</th>
              <th scope="col">{t('records-office:lentOn')}</th>
              <th scope="col">{t('records-office:dueOn')}</th>
              <th scope="col">{t('records-office:returnedOn')}</th>
            </tr>
          </thead>
          <tbody>
            {d.loans.map((l) => (
              <tr>
                <td>{l.borrower.name}</td>
                <td>{l.lentOn}</td>
                <td>{l.dueOn}</td>
                <td>{l.returnedOn ?? (l.overdue ? t('records-office:overdue') : '—')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {d.destroyed.length > 0 && (
        <section aria-labelledby="h-destroyed">
          <h2 id="h-destroyed">{t('records-office:destroyed')}</h2>
          <ul>
            {d.destroyed.map((x) => (
              <li>{`${x.filename} (${x.mime}, ${x.size} B, SHA-256 ${x.sha256})`}</li>
            ))}
          </ul>
        </section>
      )}
    </Layout>,
    status,
  );
}

async function renderProposals(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  state: State = {},
  status = 200,
) {
  const env = pageEnv(request, ctx);
  const { t } = env;
  const list = await listProposals(ctx, request.actor, tenantOf(request));
  return sendPage(
    reply,
    <Layout env={env} title={t('records-office:proposals')}>
      <ErrorSummary t={t} message={state.message} errors={state.errors ?? {}} />
      <p>
        <a href="/app/records/office">{t('records-office:title')}</a>
      </p>
      {list.length > 0 && (
        <table class="data">
          <caption>{t('records-office:proposals')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('records-office:proposal')}</th>
              <th scope="col">{t('records-office:status')}</th>
              <th scope="col">{t('records-office:items')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((p) => (
              <tr>
                <td>
                  <a href={`/app/records/proposals/${p.id}`}>{p.number}</a>
                </td>
                <td>{t(`records-office:proposalState.${p.status}`)}</td>
                <td>{p.items}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form method="post" action="/app/records/proposals">
        <HiddenCsrf token={env.csrfToken} />
        <p>{t('records-office:newProposal')}</p>
        <button class="gov-button gov-button--primary" type="submit">
          {t('records-office:newProposalSubmit')}
        </button>
      </form>
    </Layout>,
    status,
  );
}

async function renderProposal(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  id: string,
  state: State = {},
  status = 200,
) {
  const env = pageEnv(request, ctx);
  const { t } = env;
  const p = await getProposal(ctx, request.actor, tenantOf(request), id);
  const done = doneOf(request);
  const left = (d: 'A' | 'S') => p.items.some((i) => i.decision === d && i.entry.status === 'proposed');
  return sendPage(
    reply,
    <Layout env={env} title={`${t('records-office:proposal')} ${p.number}`}>
      <Notice text={done ? t(`records-office:done.${done}`, { defaultValue: '' }) || null : null} />
      <ErrorSummary t={t} message={state.message} errors={state.errors ?? {}} />
      <p>
        <a href="/app/records/proposals">{t('records-office:proposals')}</a>
      </p>
      <p>{`${t('records-office:status')}: ${t(`records-office:proposalState.${p.status}`)}`}</p>
      <table class="data">
        <caption>{t('records-office:items')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('records-office:file')}</th>
            <th scope="col">{t('records-office:subject')}</th>
            <th scope="col">{t('records-office:regime')}</th>
            <th scope="col">{t('records-office:decision')}</th>
            <th scope="col">{t('records-office:status')}</th>
          </tr>
        </thead>
        <tbody>
          {p.items.map((i) => (
            <tr>
              <td>
                <a href={`/app/records/office/${i.entry.id}`}>{i.entry.file.fileNumber}</a>
              </td>
              <td>{i.entry.file.subject}</td>
              <td>{`${i.entry.regime.identifier} (${i.entry.regime.mark}/${i.entry.regime.period})`}</td>
              <td>{i.decision ?? '—'}</td>
              <td>{t(`records-office:state.${i.entry.status}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <a href={`/api/v1/records/disposal-proposals/${p.id}/sip.zip`}>{t('records-office:sip')}</a>
      </p>
      {p.status === 'open' && (
        <form method="post" action={`/app/records/proposals/${p.id}/decision`}>
          <HiddenCsrf token={env.csrfToken} />
          <TextArea
            name="xml"
            label={t('records-office:decisionXml')}
            rows={10}
            required
            values={state.values ?? {}}
            errors={state.errors ?? {}}
          />
          <button class="gov-button gov-button--primary" type="submit">
            {t('records-office:decisionSubmit')}
          </button>
        </form>
      )}
      {left('S') && (
        <form method="post" action={`/app/records/proposals/${p.id}/destroy`}>
          <HiddenCsrf token={env.csrfToken} />
          <button class="gov-button gov-button--primary" type="submit">
            {t('records-office:destroy')}
          </button>
        </form>
      )}
      {left('A') && (
        <form method="post" action={`/app/records/proposals/${p.id}/transfer`}>
          <HiddenCsrf token={env.csrfToken} />
          <button class="gov-button gov-button--primary" type="submit">
            {t('records-office:transfer')}
          </button>
        </form>
      )}
      {p.hasTransfer && (
        <p>
          <a href={`/api/v1/records/disposal-proposals/${p.id}/transfer.zip`}>
            {t('records-office:transferZip')}
          </a>
        </p>
      )}
    </Layout>,
    status,
  );
}

export function registerOfficePages(app: FastifyInstance, ctx: AppContext): void {
  app.get('/app/records/office', { schema: { hide: true } }, (request, reply) =>
    renderOffice(ctx, request, reply),
  );
  app.post('/app/records/office', { schema: { hide: true } }, async (request, reply) => {
    const v = formValues(request.body);
    try {
      const d = await handOverFile(ctx, request.actor, tenantOf(request), v.fileId ?? '', {
        location: v.location ?? null,
      });
      return reply.redirect(`/app/records/office/${d.entry.id}?done=handed`, 303);
    } catch (e) {
      const { errors, message } = errorsOf(e, request.locale);
      return renderOffice(ctx, request, reply, { values: v, errors, message }, statusOf(e));
    }
  });
  app.get('/app/records/office/:id', { schema: { hide: true } }, (request, reply) =>
    renderEntry(ctx, request, reply, idOf(request)),
  );
  app.post('/app/records/office/:id/loan', { schema: { hide: true } }, async (request, reply) => {
    const id = idOf(request);
    const v = formValues(request.body);
    try {
      await lendEntry(ctx, request.actor, tenantOf(request), id, {
        borrowerId: v.borrowerId,
        dueOn: v.dueOn,
        note: v.note ?? null,
      });
    } catch (e) {
      const { errors, message } = errorsOf(e, request.locale);
      return renderEntry(ctx, request, reply, id, { values: v, errors, message }, statusOf(e));
    }
    return reply.redirect(`/app/records/office/${id}?done=lent`, 303);
  });
  app.post('/app/records/office/:id/return', { schema: { hide: true } }, async (request, reply) => {
    const id = idOf(request);
    try {
      await returnLoan(ctx, request.actor, tenantOf(request), id);
    } catch (e) {
      const { errors, message } = errorsOf(e, request.locale);
      return renderEntry(ctx, request, reply, id, { errors, message }, statusOf(e));
    }
    return reply.redirect(`/app/records/office/${id}?done=returned`, 303);
  });

  app.get('/app/records/proposals', { schema: { hide: true } }, (request, reply) =>
    renderProposals(ctx, request, reply),
  );
  app.post('/app/records/proposals', { schema: { hide: true } }, async (request, reply) => {
    try {
      const p = await createProposal(ctx, request.actor, tenantOf(request));
      return reply.redirect(`/app/records/proposals/${p.id}?done=created`, 303);
    } catch (e) {
      const { errors, message } = errorsOf(e, request.locale);
      return renderProposals(ctx, request, reply, { errors, message }, statusOf(e));
    }
  });
  app.get('/app/records/proposals/:id', { schema: { hide: true } }, (request, reply) =>
    renderProposal(ctx, request, reply, idOf(request)),
  );
  const step = (
    path: string,
    done: string,
    act: (request: FastifyRequest, id: string, v: Values) => Promise<unknown>,
  ) =>
    app.post(path, { schema: { hide: true } }, async (request, reply) => {
      const id = idOf(request);
      const v = formValues(request.body);
      try {
        await act(request, id, v);
      } catch (e) {
        const { errors, message } = errorsOf(e, request.locale);
        // Field errors of the XML check name the file; show them at the text area.
        const shown = Object.fromEntries(
          Object.entries(errors).map(([k, m]) => [k === 'file' ? 'xml' : k, m]),
        );
        return renderProposal(ctx, request, reply, id, { values: v, errors: shown, message }, statusOf(e));
      }
      return reply.redirect(`/app/records/proposals/${id}?done=${done}`, 303);
    });
  step('/app/records/proposals/:id/decision', 'decided', (request, id, v) =>
    importDecision(ctx, request.actor, tenantOf(request), id, v.xml ?? ''),
  );
  step('/app/records/proposals/:id/destroy', 'destroyed', (request, id) =>
    destroyItems(ctx, request.actor, tenantOf(request), id),
  );
  step('/app/records/proposals/:id/transfer', 'transferred', (request, id) =>
    transferItems(ctx, request.actor, tenantOf(request), id),
  );
}
