/**
 * Pages of own documents and dispatch: the list with the form for a new draft (/app/records/own),
 * an own document's page (/app/records/own/:id: components and their versions, recipients,
 * approval, dispatches, audit history) and the dispatch office's queue (/app/records/dispatch).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../platform/context.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { AppError } from '../../../platform/errors.js';
import { Layout, type PageEnv, pageEnv } from '../../../platform/http/layout.js';
import { HiddenCsrf, sendPage } from '../../../platform/http/render.js';
import { formatDateTime, registerMessages } from '../../../platform/i18n/index.js';
import { csrfAction } from '../../../platform/identity/index.js';
import { standsInFor } from '../delegation.js';
import {
  deliverInPerson,
  handOverDispatch,
  listDispatchQueue,
  prepareDispatch,
  recordDelivery,
  recordUndeliverable,
  sendDispatch,
} from '../dispatch-service.js';
import { DISPATCH_METHODS, DISPATCH_STATES, type DispatchMethod } from '../domain/dispatch.js';
import { ACCESS_LEVELS } from '../domain/intake.js';
import { tenantOf } from '../http-common.js';
import { readMultipart } from '../multipart.js';
import { otx } from '../own-schema.js';
import {
  addOwnComponents,
  addOwnRecipient,
  approveOwnDocument,
  createOwnDocument,
  type DispatchView,
  getOwnDocument,
  listOwnDocuments,
  type OwnDetail,
  removeOwnRecipient,
  returnOwnDocument,
  submitOwnDocument,
} from '../own-service.js';
import { recordsPolicy } from '../policy.js';
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
  zoneOf,
} from './ui.js';

registerMessages('records-own', {
  cs: {
    nav: 'Vlastní dokumenty',
    ownPage: 'Stránka vlastního dokumentu (verze, schválení, vypravení)',
    draftReply: 'Připravit odpověď (vlastní dokument)',
    navDispatch: 'Výpravna',
    title: 'Vlastní dokumenty',
    waiting: 'Ke schválení',
    nothingWaiting: 'Nic nečeká na vaše schválení.',
    mine: 'Dokumenty',
    none: 'Žádné vlastní dokumenty.',
    new: 'Nový vlastní dokument (koncept)',
    newHint:
      'Koncept se zaeviduje hned při založení: dostane PID a číslo jednací. Odpovídá-li na dokument ve spisu, vloží se do téhož spisu.',
    answers: 'Odpovídá na dokument (č. j.)',
    answersHint: 'Bez vyplněných adresátů dostane odpověď odesílatel tohoto dokumentu.',
    recipient: 'Adresát',
    newRecipient: 'Nový adresát (z evidence osob se dohledá podle IČO nebo ID datové schránky)',
    kind: { natural: 'Fyzická osoba', legal: 'Právnická osoba' },
    create: 'Založit koncept',
    state: {
      draft: 'Koncept',
      submitted: 'Ke schválení',
      returned: 'Vrácen k přepracování',
      final: 'Finální verze',
    },
    stateLabel: 'Stav schválení',
    answersDoc: 'Odpověď na',
    file: 'Spis',
    recipients: 'Adresáti',
    noRecipients: 'Zatím žádní adresáti.',
    remove: 'Odebrat',
    addRecipient: 'Přidat adresáta',
    components: 'Komponenty a jejich verze',
    noComponents: 'Zatím žádné komponenty.',
    version: 'Verze',
    versions: 'Verze',
    upload: 'Nahrát soubory',
    uploadAs: 'Nahrát jako',
    asNew: 'nové komponenty',
    asVersion: 'novou verzi: {{name}}',
    files: 'Soubory',
    submit: 'Požádat vedoucího o schválení',
    approve: 'Schválit (finální verze)',
    returnTitle: 'Vrátit k přepracování',
    reason: 'Co upravit',
    returnedBecause: 'Vráceno s důvodem',
    submittedBy: 'Předloženo ke schválení',
    decidedBy: 'Rozhodl(a)',
    frozen: 'Dokument je schválen: komponenty a adresáti jsou zmrazeni.',
    dispatches: 'Vypravení',
    noDispatches: 'Dokument zatím nebyl vypraven.',
    prepare: 'Připravit vypravení',
    method: 'Způsob vypravení',
    methods: { post: 'Pošta', email: 'E-mail', databox: 'Datová schránka', in_person: 'Osobně' },
    dstate: {
      prepared: 'Připraveno',
      handed_over: 'Předáno výpravně',
      sent: 'Vypraveno',
      delivered: 'Doručeno',
      undeliverable: 'Nedoručeno (vráceno)',
    },
    address: 'Adresa',
    handOver: 'Předat výpravně',
    inPerson: 'Předáno osobně dne',
    inPersonSubmit: 'Zaznamenat osobní předání',
    envelope: 'Obálka a dodejka (PDF)',
    date: 'Datum',
    sentOn: 'Vypraveno',
    deliveredOn: 'Doručeno',
    queue: 'Výpravna – fronta vypravení',
    queueIntro:
      'Zásilky předané výpravně. Pošta: vytiskněte obálku s dodejkou, po podání na poště označte jako vypravenou a po návratu dodejky zapište doručení. E-mail se odešle sám; při chybě ho lze odeslat znovu. Datové zprávy čekají na konektor datových schránek.',
    filterState: 'Stav',
    filterMethod: 'Způsob',
    open: 'Předáno nebo vypraveno',
    all: 'Vše',
    any: 'Jakýkoli',
    filter: 'Filtrovat',
    empty: 'Ve frontě nic není.',
    send: 'Označit jako vypravené',
    sendEmail: 'Odeslat e-mailem',
    sendAgain: 'Odeslat znovu',
    sending: 'Čeká na odeslání (pokus {{n}})',
    lastError: 'Poslední chyba',
    waitsForConnector: 'Čeká na konektor datových schránek.',
    delivered: 'Zapsat doručení',
    undeliverable: 'Nedoručeno',
    undeliverableReason: 'Důvod nedoručení',
    actions: 'Úkony',
    document: 'Dokument',
    history: 'Transakční protokol',
    open_: 'Otevřít',
    event: {
      Schvaleni: 'Schválení',
      FinalniVerze: 'Finální verze',
      NovaVerze: 'Nová verze komponenty',
      VlozeniKVypraveni: 'Příprava vypravení',
      PredaniVypravne: 'Předání výpravně',
      Vypraveno: 'Vypraveno',
      Doruceno: 'Doručeno',
    },
    done: {
      created: 'Koncept je založen a zaevidován.',
      components: 'Soubory jsou nahrány.',
      recipient: 'Adresáti jsou upraveni.',
      submitted: 'Dokument je předložen ke schválení.',
      approved: 'Dokument je schválen; jeho verze je finální.',
      returned: 'Dokument je vrácen k přepracování.',
      prepared: 'Vypravení je připraveno.',
      handedOver: 'Vypravení je předáno výpravně.',
      sent: 'Hotovo.',
      delivered: 'Doručení je zapsáno.',
      undeliverable: 'Nedoručení je zapsáno.',
      inPerson: 'Osobní předání je zapsáno.',
    },
  },
  en: {
    nav: 'Own documents',
    ownPage: 'The own document’s page (versions, approval, dispatch)',
    draftReply: 'Draft a reply (own document)',
    navDispatch: 'Dispatch office',
    title: 'Own documents',
    waiting: 'Waiting for approval',
    nothingWaiting: 'Nothing waits for your approval.',
    mine: 'Documents',
    none: 'No own documents.',
    new: 'New own document (draft)',
    newHint:
      'The draft is registered when it is created: it gets a PID and a reference number. If it answers a document in a file, it joins that file.',
    answers: 'Answers the document (ref. no.)',
    answersHint: 'Without recipients, the sender of that document becomes the recipient.',
    recipient: 'Recipient',
    newRecipient: 'New recipient (found in the register of persons by IČO or data-box ID)',
    kind: { natural: 'Natural person', legal: 'Legal person' },
    create: 'Create the draft',
    state: {
      draft: 'Draft',
      submitted: 'Waiting for approval',
      returned: 'Returned for rework',
      final: 'Final version',
    },
    stateLabel: 'Approval',
    answersDoc: 'Answers',
    file: 'File',
    recipients: 'Recipients',
    noRecipients: 'No recipients yet.',
    remove: 'Remove',
    addRecipient: 'Add a recipient',
    components: 'Components and their versions',
    noComponents: 'No components yet.',
    version: 'Version',
    versions: 'Versions',
    upload: 'Upload files',
    uploadAs: 'Upload as',
    asNew: 'new components',
    asVersion: 'a new version of {{name}}',
    files: 'Files',
    submit: 'Ask the head for approval',
    approve: 'Approve (final version)',
    returnTitle: 'Return for rework',
    reason: 'What to change',
    returnedBecause: 'Returned because',
    submittedBy: 'Submitted for approval',
    decidedBy: 'Decided by',
    frozen: 'The document is approved: its components and recipients are frozen.',
    dispatches: 'Dispatches',
    noDispatches: 'The document has not been dispatched yet.',
    prepare: 'Prepare a dispatch',
    method: 'Method',
    methods: { post: 'Post', email: 'E-mail', databox: 'Data box', in_person: 'In person' },
    dstate: {
      prepared: 'Prepared',
      handed_over: 'Handed to the dispatch office',
      sent: 'Sent',
      delivered: 'Delivered',
      undeliverable: 'Undeliverable (returned)',
    },
    address: 'Address',
    handOver: 'Hand to the dispatch office',
    inPerson: 'Handed over in person on',
    inPersonSubmit: 'Record the hand-over',
    envelope: 'Envelope and delivery note (PDF)',
    date: 'Date',
    sentOn: 'Sent',
    deliveredOn: 'Delivered',
    queue: 'Dispatch office – queue',
    queueIntro:
      'Dispatches handed to the dispatch office. Post: print the envelope with the delivery note, mark it sent once posted and record delivery when the note comes back. E-mail is sent by itself; after a failure it can be sent again. Data messages wait for the data-box connector.',
    filterState: 'State',
    filterMethod: 'Method',
    open: 'Handed over or sent',
    all: 'All',
    any: 'Any',
    filter: 'Filter',
    empty: 'The queue is empty.',
    send: 'Mark as sent',
    sendEmail: 'Send by e-mail',
    sendAgain: 'Send again',
    sending: 'Waiting to be sent (attempt {{n}})',
    lastError: 'Last error',
    waitsForConnector: 'Waits for the data-box connector.',
    delivered: 'Record delivery',
    undeliverable: 'Undeliverable',
    undeliverableReason: 'Why it was not delivered',
    actions: 'Actions',
    document: 'Document',
    history: 'Audit log',
    open_: 'Open',
    event: {
      Schvaleni: 'Approval',
      FinalniVerze: 'Final version',
      NovaVerze: 'New component version',
      VlozeniKVypraveni: 'Dispatch prepared',
      PredaniVypravne: 'Handed to dispatch office',
      Vypraveno: 'Sent',
      Doruceno: 'Delivered',
    },
    done: {
      created: 'The draft is created and registered.',
      components: 'The files are uploaded.',
      recipient: 'The recipients are updated.',
      submitted: 'The document is submitted for approval.',
      approved: 'The document is approved; its version is final.',
      returned: 'The document is returned for rework.',
      prepared: 'The dispatch is prepared.',
      handedOver: 'The dispatch is handed to the dispatch office.',
      sent: 'Done.',
      delivered: 'Delivery is recorded.',
      undeliverable: 'Non-delivery is recorded.',
      inPerson: 'The hand-over in person is recorded.',
    },
  },
  pl: {
    nav: 'Dokumenty własne',
    ownPage: 'Strona dokumentu własnego (wersje, zatwierdzenie, wysyłka)',
    draftReply: 'Przygotuj odpowiedź (dokument własny)',
    navDispatch: 'Ekspedycja',
    title: 'Dokumenty własne',
    waiting: 'Do zatwierdzenia',
    nothingWaiting: 'Nic nie czeka na Twoje zatwierdzenie.',
    mine: 'Dokumenty',
    none: 'Brak dokumentów własnych.',
    new: 'Nowy dokument własny (projekt)',
    newHint:
      'Projekt jest rejestrowany przy utworzeniu: otrzymuje PID i znak sprawy. Jeśli odpowiada na dokument w aktach sprawy, trafia do tych samych akt.',
    answers: 'Odpowiada na dokument (znak)',
    answersHint: 'Bez adresatów odpowiedź otrzyma nadawca tego dokumentu.',
    recipient: 'Adresat',
    newRecipient: 'Nowy adresat (wyszukiwany w ewidencji osób po IČO lub ID skrzynki)',
    kind: { natural: 'Osoba fizyczna', legal: 'Osoba prawna' },
    create: 'Utwórz projekt',
    state: {
      draft: 'Projekt',
      submitted: 'Do zatwierdzenia',
      returned: 'Zwrócony do poprawy',
      final: 'Wersja ostateczna',
    },
    stateLabel: 'Zatwierdzenie',
    answersDoc: 'Odpowiedź na',
    file: 'Akta sprawy',
    recipients: 'Adresaci',
    noRecipients: 'Brak adresatów.',
    remove: 'Usuń',
    addRecipient: 'Dodaj adresata',
    components: 'Komponenty i ich wersje',
    noComponents: 'Brak komponentów.',
    version: 'Wersja',
    versions: 'Wersje',
    upload: 'Prześlij pliki',
    uploadAs: 'Prześlij jako',
    asNew: 'nowe komponenty',
    asVersion: 'nową wersję: {{name}}',
    files: 'Pliki',
    submit: 'Poproś kierownika o zatwierdzenie',
    approve: 'Zatwierdź (wersja ostateczna)',
    returnTitle: 'Zwróć do poprawy',
    reason: 'Co poprawić',
    returnedBecause: 'Zwrócono z powodu',
    submittedBy: 'Przedłożono do zatwierdzenia',
    decidedBy: 'Zdecydował(a)',
    frozen: 'Dokument jest zatwierdzony: komponenty i adresaci są zamrożeni.',
    dispatches: 'Wysyłki',
    noDispatches: 'Dokument nie został jeszcze wysłany.',
    prepare: 'Przygotuj wysyłkę',
    method: 'Sposób wysyłki',
    methods: { post: 'Poczta', email: 'E-mail', databox: 'Skrzynka danych', in_person: 'Osobiście' },
    dstate: {
      prepared: 'Przygotowano',
      handed_over: 'Przekazano do ekspedycji',
      sent: 'Wysłano',
      delivered: 'Doręczono',
      undeliverable: 'Niedoręczono (zwrot)',
    },
    address: 'Adres',
    handOver: 'Przekaż do ekspedycji',
    inPerson: 'Doręczono osobiście dnia',
    inPersonSubmit: 'Zapisz doręczenie osobiste',
    envelope: 'Koperta i potwierdzenie odbioru (PDF)',
    date: 'Data',
    sentOn: 'Wysłano',
    deliveredOn: 'Doręczono',
    queue: 'Ekspedycja – kolejka wysyłek',
    queueIntro:
      'Wysyłki przekazane do ekspedycji. Poczta: wydrukuj kopertę z potwierdzeniem odbioru, oznacz jako wysłaną po nadaniu i zapisz doręczenie po zwrocie potwierdzenia. E-mail wysyła się sam; po błędzie można go wysłać ponownie. Wiadomości do skrzynek czekają na konektor.',
    filterState: 'Stan',
    filterMethod: 'Sposób',
    open: 'Przekazane lub wysłane',
    all: 'Wszystkie',
    any: 'Dowolny',
    filter: 'Filtruj',
    empty: 'Kolejka jest pusta.',
    send: 'Oznacz jako wysłane',
    sendEmail: 'Wyślij e-mailem',
    sendAgain: 'Wyślij ponownie',
    sending: 'Czeka na wysłanie (próba {{n}})',
    lastError: 'Ostatni błąd',
    waitsForConnector: 'Czeka na konektor skrzynek danych.',
    delivered: 'Zapisz doręczenie',
    undeliverable: 'Niedoręczono',
    undeliverableReason: 'Powód niedoręczenia',
    actions: 'Czynności',
    document: 'Dokument',
    history: 'Dziennik zdarzeń',
    open_: 'Otwórz',
    event: {
      Schvaleni: 'Zatwierdzenie',
      FinalniVerze: 'Wersja ostateczna',
      NovaVerze: 'Nowa wersja komponentu',
      VlozeniKVypraveni: 'Przygotowanie wysyłki',
      PredaniVypravne: 'Przekazanie do ekspedycji',
      Vypraveno: 'Wysłano',
      Doruceno: 'Doręczono',
    },
    done: {
      created: 'Projekt został utworzony i zarejestrowany.',
      components: 'Pliki zostały przesłane.',
      recipient: 'Adresaci zostali zmienieni.',
      submitted: 'Dokument przedłożono do zatwierdzenia.',
      approved: 'Dokument zatwierdzono; jego wersja jest ostateczna.',
      returned: 'Dokument zwrócono do poprawy.',
      prepared: 'Wysyłka jest przygotowana.',
      handedOver: 'Wysyłkę przekazano do ekspedycji.',
      sent: 'Gotowe.',
      delivered: 'Doręczenie zapisano.',
      undeliverable: 'Niedoręczenie zapisano.',
      inPerson: 'Doręczenie osobiste zapisano.',
    },
  },
});

type State = { values?: Values; errors?: Errors; message?: string };

function eventLabel(env: PageEnv, type: string): string {
  return (
    env.t(`records-own:event.${type}`, { defaultValue: '' }) ||
    env.t(`records:event.${type}`, { defaultValue: type })
  );
}

function personFields(env: PageEnv, values: Values, errors: Errors, prefix: string) {
  const { t } = env;
  return (
    <>
      <Select
        name={`${prefix}kind`}
        label={t('records:doc.senderKind')}
        values={values}
        errors={errors}
        options={[
          ['natural', t('records-own:kind.natural')],
          ['legal', t('records-own:kind.legal')],
        ]}
      />
      <TextInput
        name={`${prefix}name`}
        label={t('records:doc.senderName')}
        values={values}
        errors={errors}
        maxLength={255}
      />
      <TextInput
        name={`${prefix}address`}
        label={t('records:doc.address')}
        values={values}
        errors={errors}
        maxLength={500}
      />
      <TextInput
        name={`${prefix}email`}
        type="email"
        label={t('records:doc.email')}
        values={values}
        errors={errors}
      />
      <TextInput
        name={`${prefix}databoxId`}
        label={t('records:doc.databoxId')}
        values={values}
        errors={errors}
      />
      <TextInput name={`${prefix}ico`} label={t('records:doc.ico')} values={values} errors={errors} />
    </>
  );
}

/** A new person from form fields named `<prefix>name` …, or null when no name was given. */
function personFrom(v: Values, prefix: string) {
  const name = (v[`${prefix}name`] ?? '').trim();
  if (!name) return null;
  const opt = (k: string) => (v[`${prefix}${k}`] ?? '').trim() || null;
  return {
    kind: v[`${prefix}kind`] === 'legal' ? ('legal' as const) : ('natural' as const),
    name,
    address: opt('address'),
    email: opt('email'),
    databoxId: opt('databoxId'),
    ico: opt('ico'),
  };
}

// ---------------------------------------------------------------------------------------------
// List and new draft

async function renderList(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  state: State = {},
  status = 200,
) {
  const env = pageEnv(request, ctx);
  const { t } = env;
  const tenantId = tenantOf(request);
  const canWrite = recordsPolicy.can(request.actor, 'own.write', { tenantId });
  const isHead = recordsPolicy.can(request.actor, 'own.approve', { tenantId });
  const items = await listOwnDocuments(ctx, request.actor, tenantId);
  const waiting = isHead ? await listOwnDocuments(ctx, request.actor, tenantId, { waiting: true }) : [];
  const q = request.query as Record<string, string | undefined>;
  const v: Values = {
    accessLevel: 'internal',
    ...(q.answers ? { answersRefNumber: q.answers } : {}),
    ...state.values,
  };
  const e = state.errors ?? {};
  const zone = zoneOf(request);
  const table = (rows: typeof items, caption: string) => (
    <table class="data">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('records:doc.refNumber')}</th>
          <th scope="col">{t('records:doc.subject')}</th>
          <th scope="col">{t('records-own:stateLabel')}</th>
          <th scope="col">{t('records:doc.handler')}</th>
          <th scope="col">{t('records:doc.registeredAt')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr>
            <td>
              <a href={`/app/records/own/${r.id}`}>{r.refNumber}</a>
            </td>
            <td>{r.subject}</td>
            <td>{t(`records-own:state.${r.state}`)}</td>
            <td>{r.handlerName ?? '—'}</td>
            <td>{formatDateTime(env.locale, r.registeredAt, zone)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return sendPage(
    reply,
    <Layout env={env} title={t('records-own:title')}>
      <ErrorSummary t={t} message={state.message} errors={e} />
      {isHead && (
        <section aria-labelledby="h-waiting">
          <h2 id="h-waiting">{t('records-own:waiting')}</h2>
          {waiting.length ? (
            table(waiting, t('records-own:waiting'))
          ) : (
            <p>{t('records-own:nothingWaiting')}</p>
          )}
        </section>
      )}
      <h2>{t('records-own:mine')}</h2>
      {items.length ? table(items, t('records-own:mine')) : <p>{t('records-own:none')}</p>}
      {canWrite && (
        <section aria-labelledby="h-new">
          <h2 id="h-new">{t('records-own:new')}</h2>
          <p>{t('records-own:newHint')}</p>
          <form method="post" action="/app/records/own">
            <HiddenCsrf token={env.csrfToken} />
            <TextInput
              name="subject"
              label={t('records:doc.subject')}
              required
              values={v}
              errors={e}
              maxLength={255}
            />
            <Select
              name="accessLevel"
              label={t('records:doc.accessLevel')}
              values={v}
              errors={e}
              options={ACCESS_LEVELS.map((a): [string, string] => [a, t(`records:access.${a}`)])}
            />
            <TextInput
              name="answersRefNumber"
              label={t('records-own:answers')}
              hint={t('records-own:answersHint')}
              values={v}
              errors={e}
              maxLength={50}
            />
            <fieldset>
              <legend>{t('records-own:newRecipient')}</legend>
              {personFields(env, v, e, 'recipient.')}
            </fieldset>
            <button class="gov-button gov-button--primary" type="submit">
              {t('records-own:create')}
            </button>
          </form>
        </section>
      )}
    </Layout>,
    status,
  );
}

// ---------------------------------------------------------------------------------------------
// One own document

function DispatchTable(props: { env: PageEnv; items: DispatchView[]; zone: string; own: boolean }) {
  const { env, items } = props;
  const { t } = env;
  return (
    <table class="data">
      <caption>{t('records-own:dispatches')}</caption>
      <thead>
        <tr>
          {!props.own && <th scope="col">{t('records-own:document')}</th>}
          <th scope="col">{t('records-own:recipient')}</th>
          <th scope="col">{t('records-own:method')}</th>
          <th scope="col">{t('records-own:address')}</th>
          <th scope="col">{t('records:doc.state')}</th>
          <th scope="col">{t('records-own:actions')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((x) => (
          <tr>
            {!props.own && (
              <td>
                <a href={`/app/records/own/${x.documentId}`}>{x.refNumber}</a> {x.subject}
              </td>
            )}
            <td>{x.recipient.name}</td>
            <td>{t(`records-own:methods.${x.method}`)}</td>
            <td>{x.address}</td>
            <td>
              {t(`records-own:dstate.${x.state}`)}
              {x.sentOn ? ` · ${t('records-own:sentOn')} ${x.sentOn}` : ''}
              {x.deliveredOn ? ` · ${t('records-own:deliveredOn')} ${x.deliveredOn}` : ''}
              {x.undeliverableReason ? ` · ${x.undeliverableOn}: ${x.undeliverableReason}` : ''}
              {x.lastError && x.state === 'handed_over' && (
                <p>
                  <strong>{t('records-own:lastError')}:</strong> {x.lastError}
                </p>
              )}
            </td>
            <td>
              {x.hasEnvelope && (
                <p>
                  <a href={`/api/v1/records/dispatches/${x.id}/envelope.pdf`}>{t('records-own:envelope')}</a>
                </p>
              )}
              {props.own ? <HandlerActions env={env} x={x} /> : <OfficeActions env={env} x={x} />}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DateField(props: { env: PageEnv; id: string; label: string }) {
  return (
    <div class="gov-form-control">
      <label class="gov-form-label" for={props.id}>
        {props.label}
      </label>
      <input id={props.id} name="date" type="date" />
    </div>
  );
}

function HandlerActions(props: { env: PageEnv; x: DispatchView }) {
  const { env, x } = props;
  const { t } = env;
  if (x.method === 'in_person' && (x.state === 'prepared' || x.state === 'handed_over'))
    return (
      <form method="post" action={`/app/records/dispatches/${x.id}/in-person`}>
        <HiddenCsrf token={env.csrfToken} />
        <DateField env={env} id={`d-ip-${x.id}`} label={t('records-own:inPerson')} />
        <button class="gov-button gov-button--secondary" type="submit">
          {t('records-own:inPersonSubmit')}
        </button>
      </form>
    );
  if (x.state === 'prepared')
    return (
      <form method="post" action={`/app/records/dispatches/${x.id}/hand-over`}>
        <HiddenCsrf token={env.csrfToken} />
        <button class="gov-button gov-button--secondary" type="submit">
          {t('records-own:handOver')}
        </button>
      </form>
    );
  return null;
}

function OfficeActions(props: { env: PageEnv; x: DispatchView }) {
  const { env, x } = props;
  const { t } = env;
  if (x.state === 'handed_over') {
    if (x.method === 'databox') return <p>{t('records-own:waitsForConnector')}</p>;
    if (x.method === 'email')
      return (
        <>
          {x.sendPending && <p>{t('records-own:sending', { n: x.sendAttempts + 1 })}</p>}
          {!x.sendPending && (
            <form method="post" action={`/app/records/dispatches/${x.id}/send`}>
              <HiddenCsrf token={env.csrfToken} />
              <button class="gov-button gov-button--primary" type="submit">
                {x.sendRequestedAt ? t('records-own:sendAgain') : t('records-own:sendEmail')}
              </button>
            </form>
          )}
        </>
      );
    return (
      <form method="post" action={`/app/records/dispatches/${x.id}/send`}>
        <HiddenCsrf token={env.csrfToken} />
        <DateField env={env} id={`d-send-${x.id}`} label={t('records-own:sentOn')} />
        <button class="gov-button gov-button--primary" type="submit">
          {t('records-own:send')}
        </button>
      </form>
    );
  }
  if (x.state === 'sent')
    return (
      <>
        <form method="post" action={`/app/records/dispatches/${x.id}/delivered`}>
          <HiddenCsrf token={env.csrfToken} />
          <DateField env={env} id={`d-del-${x.id}`} label={t('records-own:deliveredOn')} />
          <button class="gov-button gov-button--secondary" type="submit">
            {t('records-own:delivered')}
          </button>
        </form>
        <form method="post" action={`/app/records/dispatches/${x.id}/undeliverable`}>
          <HiddenCsrf token={env.csrfToken} />
          <DateField env={env} id={`d-und-${x.id}`} label={t('records-own:date')} />
          <div class="gov-form-control">
            <label class="gov-form-label" for={`r-und-${x.id}`}>
              {t('records-own:undeliverableReason')} *
            </label>
            <input id={`r-und-${x.id}`} name="reason" type="text" required maxLength={1000} />
          </div>
          <button class="gov-button gov-button--secondary" type="submit">
            {t('records-own:undeliverable')}
          </button>
        </form>
      </>
    );
  return null;
}

function OwnPage(props: { env: PageEnv; o: OwnDetail; zone: string; notice: string | null } & State) {
  const { env, o, zone } = props;
  const { t } = env;
  const d = o.document;
  const v = props.values ?? {};
  const e = props.errors ?? {};
  const base = `/app/records/own/${d.id}`;
  return (
    <Layout env={env} title={`${d.refNumber} – ${d.subject}`}>
      <Notice text={props.notice} />
      <ErrorSummary t={t} message={props.message} errors={e} />
      <dl>
        <dt>{t('records:doc.refNumber')}</dt>
        <dd>{d.refNumber}</dd>
        <dt>{t('records:doc.pid')}</dt>
        <dd>{d.pid}</dd>
        <dt>{t('records-own:stateLabel')}</dt>
        <dd>{t(`records-own:state.${o.state}`)}</dd>
        <dt>{t('records:doc.accessLevel')}</dt>
        <dd>{t(`records:access.${d.accessLevel}`)}</dd>
        <dt>{t('records:doc.handler')}</dt>
        <dd>
          {d.handler?.name ?? '—'} ({d.orgUnit?.name ?? '—'})
        </dd>
        {o.answers && (
          <>
            <dt>{t('records-own:answersDoc')}</dt>
            <dd>
              <a href={`/app/records/documents/${o.answers.id}`}>{o.answers.refNumber}</a> {o.answers.subject}
            </dd>
          </>
        )}
        {o.file && (
          <>
            <dt>{t('records-own:file')}</dt>
            <dd>
              <a href={`/app/records/files/${o.file.id}`}>{o.file.fileNumber}</a>
            </dd>
          </>
        )}
        {o.submittedAt && (
          <>
            <dt>{t('records-own:submittedBy')}</dt>
            <dd>
              {o.submittedBy ?? '—'}, {formatDateTime(env.locale, o.submittedAt, zone)}
            </dd>
          </>
        )}
        {o.decidedAt && (
          <>
            <dt>{t('records-own:decidedBy')}</dt>
            <dd>
              {o.decidedBy ?? '—'}, {formatDateTime(env.locale, o.decidedAt, zone)}
            </dd>
          </>
        )}
      </dl>
      {o.state === 'returned' && o.returnReason && (
        <p>
          <strong>{t('records-own:returnedBecause')}:</strong> {o.returnReason}
        </p>
      )}
      {o.state === 'final' && <p>{t('records-own:frozen')}</p>}

      <h2>{t('records-own:components')}</h2>
      {o.components.length === 0 && <p>{t('records-own:noComponents')}</p>}
      {o.components.length > 0 && (
        <table class="data">
          <caption>{t('records-own:components')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('records:doc.file')}</th>
              <th scope="col">{t('records-own:version')}</th>
              <th scope="col">{t('records-own:versions')}</th>
            </tr>
          </thead>
          <tbody>
            {o.components.map((c) => (
              <tr>
                <td>{c.filename}</td>
                <td>{c.version}</td>
                <td>
                  <ul>
                    {c.versions.map((ver) => (
                      <li>
                        <a
                          href={`/api/v1/records/own-documents/${d.id}/components/${c.id}/versions/${ver.version}`}
                        >
                          {ver.version}: {ver.filename}
                        </a>{' '}
                        ({ver.createdBy ?? '—'}, {formatDateTime(env.locale, ver.createdAt, zone)})
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {o.can.edit && (
        <form
          method="post"
          action={csrfAction(`${base}/components`, env.csrfToken)}
          enctype="multipart/form-data"
        >
          <Select
            name="componentId"
            label={t('records-own:uploadAs')}
            values={v}
            errors={e}
            options={[
              ['', t('records-own:asNew')],
              ...o.components.map((c): [string, string] => [
                c.id,
                t('records-own:asVersion', { name: c.filename }),
              ]),
            ]}
          />
          <div class="gov-form-control">
            <label class="gov-form-label" for="f-files">
              {t('records-own:files')}
            </label>
            <input id="f-files" name="files" type="file" multiple required />
          </div>
          <button class="gov-button gov-button--secondary" type="submit">
            {t('records-own:upload')}
          </button>
        </form>
      )}

      <h2>{t('records-own:recipients')}</h2>
      {o.recipients.length === 0 && <p>{t('records-own:noRecipients')}</p>}
      <ul>
        {o.recipients.map((p) => (
          <li>
            {p.name}
            {[p.address, p.email, p.databoxId].filter(Boolean).length
              ? ` – ${[p.address, p.email, p.databoxId].filter(Boolean).join(', ')}`
              : ''}
            {o.can.edit && (
              <form method="post" action={`${base}/recipients/${p.id}/remove`} class="inline">
                <HiddenCsrf token={env.csrfToken} />
                <button class="gov-button gov-button--secondary gov-button--small" type="submit">
                  {t('records-own:remove')} {p.name}
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
      {o.can.edit && (
        <form method="post" action={`${base}/recipients`}>
          <HiddenCsrf token={env.csrfToken} />
          <fieldset>
            <legend>{t('records-own:addRecipient')}</legend>
            {personFields(env, v, e, 'recipient.')}
          </fieldset>
          <button class="gov-button gov-button--secondary" type="submit">
            {t('records-own:addRecipient')}
          </button>
        </form>
      )}

      {o.can.submit && (
        <form method="post" action={`${base}/submit`}>
          <HiddenCsrf token={env.csrfToken} />
          <button class="gov-button gov-button--primary" type="submit">
            {t('records-own:submit')}
          </button>
        </form>
      )}
      {o.can.approve && (
        <form method="post" action={`${base}/approve`}>
          <HiddenCsrf token={env.csrfToken} />
          <button class="gov-button gov-button--primary" type="submit">
            {t('records-own:approve')}
          </button>
        </form>
      )}
      {o.can.return && (
        <section aria-labelledby="h-return">
          <h2 id="h-return">{t('records-own:returnTitle')}</h2>
          <form method="post" action={`${base}/return`}>
            <HiddenCsrf token={env.csrfToken} />
            <TextArea name="reason" label={t('records-own:reason')} required values={v} errors={e} />
            <button class="gov-button gov-button--secondary" type="submit">
              {t('records-own:returnTitle')}
            </button>
          </form>
        </section>
      )}

      <h2>{t('records-own:dispatches')}</h2>
      {o.dispatches.length === 0 ? (
        <p>{t('records-own:noDispatches')}</p>
      ) : (
        <DispatchTable env={env} items={o.dispatches} zone={zone} own={true} />
      )}
      {o.can.dispatch && o.recipients.length > 0 && (
        <section aria-labelledby="h-prepare">
          <h3 id="h-prepare">{t('records-own:prepare')}</h3>
          <form method="post" action={`${base}/dispatches`}>
            <HiddenCsrf token={env.csrfToken} />
            <Select
              name="recipientId"
              label={t('records-own:recipient')}
              required
              values={v}
              errors={e}
              options={o.recipients.map((p): [string, string] => [p.id, p.name])}
            />
            <Select
              name="method"
              label={t('records-own:method')}
              required
              values={v}
              errors={e}
              options={DISPATCH_METHODS.map((m): [string, string] => [m, t(`records-own:methods.${m}`)])}
            />
            <button class="gov-button gov-button--primary" type="submit">
              {t('records-own:prepare')}
            </button>
          </form>
        </section>
      )}

      <h2>{t('records-own:history')}</h2>
      <table class="data">
        <thead>
          <tr>
            <th scope="col">{t('records:doc.when')}</th>
            <th scope="col">{t('records:doc.who')}</th>
            <th scope="col">{t('records:doc.event')}</th>
            <th scope="col">{t('records:doc.object')}</th>
          </tr>
        </thead>
        <tbody>
          {o.history.map((h) => (
            <tr>
              <td>{formatDateTime(env.locale, h.at, zone)}</td>
              <td>{h.actorLabel}</td>
              <td>{eventLabel(env, h.eventType)}</td>
              <td>{h.objectType}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <a href={`/app/records/documents/${d.id}`}>
          {t('records-own:document')} {d.refNumber}
        </a>{' '}
        · <a href="/app/records/own">{t('records-own:title')}</a>
      </p>
    </Layout>
  );
}

async function renderOwn(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  id: string,
  state: State = {},
  status = 200,
) {
  const env = pageEnv(request, ctx);
  const o = await getOwnDocument(ctx, request.actor, tenantOf(request), id);
  const q = request.query as Record<string, string | undefined>;
  const notice = q.done ? env.t(`records-own:done.${q.done}`, { defaultValue: '' }) || null : null;
  return sendPage(
    reply,
    <OwnPage env={env} o={o} zone={zoneOf(request)} notice={status === 200 ? notice : null} {...state} />,
    status,
  );
}

// ---------------------------------------------------------------------------------------------
// The dispatch office's queue

async function renderQueue(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  state: State = {},
  status = 200,
) {
  const env = pageEnv(request, ctx);
  const { t } = env;
  const q = request.query as Record<string, string | undefined>;
  const fv: Values = { state: q.state ?? 'open', method: q.method ?? '' };
  const items = await listDispatchQueue(ctx, request.actor, tenantOf(request), {
    state: fv.state,
    ...(fv.method ? { method: fv.method } : {}),
  });
  const notice = q.done ? t(`records-own:done.${q.done}`, { defaultValue: '' }) || null : null;
  return sendPage(
    reply,
    <Layout env={env} title={t('records-own:queue')}>
      <Notice text={status === 200 ? notice : null} />
      <ErrorSummary t={t} message={state.message} errors={state.errors ?? {}} />
      <p>{t('records-own:queueIntro')}</p>
      <form method="get" action="/app/records/dispatch" aria-label={t('records-own:filter')}>
        <Select
          name="state"
          label={t('records-own:filterState')}
          values={fv}
          errors={{}}
          options={[
            ['open', t('records-own:open')],
            ...DISPATCH_STATES.map((s): [string, string] => [s, t(`records-own:dstate.${s}`)]),
            ['all', t('records-own:all')],
          ]}
        />
        <Select
          name="method"
          label={t('records-own:filterMethod')}
          values={fv}
          errors={{}}
          options={[
            ['', t('records-own:any')],
            ...DISPATCH_METHODS.map((m): [string, string] => [
              m,
              t(`records-own:methods.${m as DispatchMethod}`),
            ]),
          ]}
        />
        <button class="gov-button gov-button--secondary" type="submit">
          {t('records-own:filter')}
        </button>
      </form>
      {items.length === 0 ? (
        <p role="status">{t('records-own:empty')}</p>
      ) : (
        <DispatchTable env={env} items={items} zone={zoneOf(request)} own={false} />
      )}
    </Layout>,
    status,
  );
}

export function registerOwnPages(app: FastifyInstance, ctx: AppContext): void {
  app.get('/app/records/own', { schema: { hide: true } }, (request, reply) =>
    renderList(ctx, request, reply),
  );

  app.post('/app/records/own', { schema: { hide: true } }, async (request, reply) => {
    const v = formValues(request.body);
    try {
      const person = personFrom(v, 'recipient.');
      const o = await createOwnDocument(ctx, request.actor, tenantOf(request), {
        subject: v.subject ?? '',
        accessLevel: v.accessLevel || 'internal',
        answersRefNumber: v.answersRefNumber || null,
        recipients: person ? [person] : [],
      });
      return reply.redirect(`/app/records/own/${o.document.id}?done=created`, 303);
    } catch (e) {
      const { errors, message } = errorsOf(e, request.locale);
      return renderList(ctx, request, reply, { values: v, errors, message }, statusOf(e));
    }
  });

  app.get('/app/records/own/:id', { schema: { hide: true } }, (request, reply) =>
    renderOwn(ctx, request, reply, (request.params as { id: string }).id),
  );

  app.post('/app/records/own/:id/components', { schema: { hide: true } }, async (request, reply) => {
    const id = (request.params as { id: string }).id;
    try {
      const form = await readMultipart(request, ctx);
      await addOwnComponents(ctx, request.actor, tenantOf(request), id, form.files, {
        componentId: form.fields.componentId || null,
      });
    } catch (e) {
      if (e instanceof AppError && e.code === 'too-large') throw e;
      const { errors, message } = errorsOf(e, request.locale);
      return renderOwn(ctx, request, reply, id, { errors, message }, statusOf(e));
    }
    return reply.redirect(`/app/records/own/${id}?done=components`, 303);
  });

  const step = (
    path: string,
    done: string,
    back: (id: string) => string,
    fn: (request: FastifyRequest, id: string, v: Values, sub: Record<string, string>) => Promise<unknown>,
    rerender: (request: FastifyRequest, reply: FastifyReply, id: string, s: State, status: number) => unknown,
  ) =>
    app.post(path, { schema: { hide: true } }, async (request, reply) => {
      const params = request.params as Record<string, string>;
      const id = params.id!;
      const v = formValues(request.body);
      try {
        await fn(request, id, v, params);
      } catch (e) {
        const { errors, message } = errorsOf(e, request.locale);
        return rerender(request, reply, id, { values: v, errors, message }, statusOf(e));
      }
      return reply.redirect(`${back(id)}?done=${done}`, 303);
    });

  const ownPage = (id: string) => `/app/records/own/${id}`;
  const again = (request: FastifyRequest, reply: FastifyReply, id: string, s: State, status: number) =>
    renderOwn(ctx, request, reply, id, s, status);
  step(
    '/app/records/own/:id/recipients',
    'recipient',
    ownPage,
    (request, id, v) =>
      addOwnRecipient(ctx, request.actor, tenantOf(request), id, { person: personFrom(v, 'recipient.') }),
    again,
  );
  step(
    '/app/records/own/:id/recipients/:personId/remove',
    'recipient',
    ownPage,
    (request, id, _v, p) => removeOwnRecipient(ctx, request.actor, tenantOf(request), id, p.personId ?? ''),
    again,
  );
  step(
    '/app/records/own/:id/submit',
    'submitted',
    ownPage,
    (request, id) => submitOwnDocument(ctx, request.actor, tenantOf(request), id),
    again,
  );
  step(
    '/app/records/own/:id/approve',
    'approved',
    ownPage,
    (request, id) => approveOwnDocument(ctx, request.actor, tenantOf(request), id),
    again,
  );
  step(
    '/app/records/own/:id/return',
    'returned',
    ownPage,
    (request, id, v) => returnOwnDocument(ctx, request.actor, tenantOf(request), id, v.reason ?? ''),
    again,
  );
  step(
    '/app/records/own/:id/dispatches',
    'prepared',
    ownPage,
    (request, id, v) =>
      prepareDispatch(ctx, request.actor, tenantOf(request), id, {
        recipientId: v.recipientId ?? '',
        method: v.method ?? '',
      }),
    again,
  );

  // Dispatch steps: the handler's go back to the document, the office's to the queue.
  const handlerStep = (
    path: string,
    done: string,
    fn: (request: FastifyRequest, id: string, v: Values) => Promise<DispatchView>,
  ) =>
    app.post(path, { schema: { hide: true } }, async (request, reply) => {
      const id = (request.params as { id: string }).id;
      const v = formValues(request.body);
      let x: DispatchView;
      try {
        x = await fn(request, id, v);
      } catch (e) {
        if (!(e instanceof AppError && (e.code === 'validation' || e.code === 'conflict'))) throw e;
        const { errors, message } = errorsOf(e, request.locale);
        return renderQueueOrOwn(request, reply, { errors, message }, statusOf(e));
      }
      const back =
        recordsPolicy.can(request.actor, 'dispatch.run', { tenantId: tenantOf(request) }) &&
        done !== 'handedOver'
          ? '/app/records/dispatch'
          : `/app/records/own/${x.documentId}`;
      return reply.redirect(`${back}?done=${done}`, 303);
    });
  const renderQueueOrOwn = (request: FastifyRequest, reply: FastifyReply, s: State, status: number) =>
    recordsPolicy.can(request.actor, 'dispatch.run', { tenantId: tenantOf(request) })
      ? renderQueue(ctx, request, reply, s, status)
      : renderList(ctx, request, reply, s, status);
  handlerStep('/app/records/dispatches/:id/hand-over', 'handedOver', (request, id) =>
    handOverDispatch(ctx, request.actor, tenantOf(request), id),
  );
  handlerStep('/app/records/dispatches/:id/in-person', 'inPerson', (request, id, v) =>
    deliverInPerson(ctx, request.actor, tenantOf(request), id, { date: v.date || null }),
  );
  handlerStep('/app/records/dispatches/:id/send', 'sent', (request, id, v) =>
    sendDispatch(ctx, request.actor, tenantOf(request), id, { date: v.date || null }),
  );
  handlerStep('/app/records/dispatches/:id/delivered', 'delivered', (request, id, v) =>
    recordDelivery(ctx, request.actor, tenantOf(request), id, { date: v.date || null }),
  );
  handlerStep('/app/records/dispatches/:id/undeliverable', 'undeliverable', (request, id, v) =>
    recordUndeliverable(ctx, request.actor, tenantOf(request), id, {
      date: v.date || null,
      reason: v.reason ?? '',
    }),
  );

  app.get('/app/records/dispatch', { schema: { hide: true } }, (request, reply) =>
    renderQueue(ctx, request, reply),
  );
}

export interface OwnLinkOptions {
  /** The own document's page, when this document is an own document. */
  ownHref: string | null;
  /** "Draft a reply": the new-draft form with this document as the answered one. */
  replyHref: string | null;
}

/** Links for the document page: to the own document's page, or to draft a reply to this document. */
export async function ownLinkOptions(
  ctx: AppContext,
  request: FastifyRequest,
  doc: { id: string; refNumber: string; handler: { id: string } | null; status: string },
): Promise<OwnLinkOptions> {
  const tenantId = tenantOf(request);
  const [isOwn, reach] = await withTenant(
    ctx.db,
    tenantId,
    request.actor,
    async (tx) =>
      [
        Boolean(
          await otx(tx)
            .selectFrom('records_own_document')
            .select('document_id')
            .where('document_id', '=', doc.id)
            .executeTakeFirst(),
        ),
        await standsInFor(tx),
      ] as const,
    { now: ctx.clock.now() },
  );
  // The handler, their stand-in today, or a head.
  const writes =
    recordsPolicy.can(request.actor, 'own.write', { tenantId }) &&
    (doc.handler?.id === request.actor.userId ||
      (doc.handler !== null && reach.includes(doc.handler.id)) ||
      recordsPolicy.can(request.actor, 'own.approve', { tenantId }));
  return {
    ownHref: isOwn ? `/app/records/own/${doc.id}` : null,
    replyHref:
      !isOwn && writes && doc.status !== 'registered'
        ? `/app/records/own?${new URLSearchParams({ answers: doc.refNumber }).toString()}`
        : null,
  };
}

export function OwnLinks(props: { env: PageEnv; options: OwnLinkOptions }) {
  const { t } = props.env;
  if (!props.options.ownHref && !props.options.replyHref) return null;
  return (
    <p>
      {props.options.ownHref && <a href={props.options.ownHref}>{t('records-own:ownPage')}</a>}
      {props.options.replyHref && <a href={props.options.replyHref}>{t('records-own:draftReply')}</a>}
    </p>
  );
}
