import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import { isTranslated, localizeError } from './error-texts.js';
import { as, demoApp, login, type Session } from './test-helpers.js';

const ROOT = dirname(fileURLToPath(import.meta.url));
const CALLS = new Set(['conflict', 'invalid', 'forbidden', 'notFound']);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.tsx?$/.test(n) && !/\.test\.tsx?$/.test(n) && !n.startsWith('test-') ? [p] : [];
  });
}

/** Sample values for the interpolations of a template literal, by the expression's text. */
function sample(expr: string): string {
  if (/MAX_|max\b|\.length/.test(expr)) return '50';
  if (/year|Year/.test(expr)) return '2031';
  if (/status|state\b|\.state/.test(expr)) return 'registered';
  if (/method/.test(expr)) return 'post';
  if (/ref_number|refNumber|\bref\b|existing/.test(expr)) return 'MUHL/12/2026';
  if (/file_number|fileNumber/.test(expr)) return '3/2026-1';
  if (/problems\.join/.test(expr)) return 'Documents not settled: MUHL/12/2026. The file has no documents.';
  if (/notBefore|latest|registeredOn|valid_from|dueOn/.test(expr)) return '2026-03-10';
  if (/name/.test(expr)) return 'Jan Novák';
  return 'X-1';
}

interface Found {
  where: string;
  text: string;
}

/**
 * Every English text the module's sources hand to an error: `message:` properties and the
 * arguments of conflict/invalid/forbidden/notFound and `new AppError`. Template literals get sample
 * values; a message that is not a literal (a table entry, a variable) is reported as `<expr>` so a
 * new indirection is noticed — its texts are then listed in `INDIRECT` below.
 */
function extract(): { texts: Found[]; indirect: Found[] } {
  const texts: Found[] = [];
  const indirect: Found[] = [];
  const add = (n: ts.Node, where: string, wrap: (s: string) => string) => {
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n))
      texts.push({ where, text: wrap(n.text) });
    else if (ts.isTemplateExpression(n)) {
      let s = n.head.text;
      for (const sp of n.templateSpans) s += sample(sp.expression.getText()) + sp.literal.text;
      texts.push({ where, text: wrap(s) });
    } else if (ts.isConditionalExpression(n)) {
      add(n.whenTrue, where, wrap);
      add(n.whenFalse, where, wrap);
    } else if (ts.isParenthesizedExpression(n)) add(n.expression, where, wrap);
    else indirect.push({ where, text: n.getText() });
  };
  for (const f of sources(ROOT)) {
    const where = relative(ROOT, f);
    const src = ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (n: ts.Node) => {
      if (ts.isPropertyAssignment(n) && n.name.getText() === 'message') add(n.initializer, where, (s) => s);
      if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && CALLS.has(n.expression.text)) {
        const name = n.expression.text;
        const arg = n.arguments[name === 'invalid' ? 1 : 0];
        if (arg) add(arg, where, name === 'notFound' ? (s) => `${s} was not found.` : (s) => s);
      }
      if (ts.isNewExpression(n) && n.expression.getText() === 'AppError' && n.arguments?.[1])
        add(n.arguments[1], where, (s) => s);
      ts.forEachChild(n, visit);
    };
    visit(src);
  }
  return { texts, indirect };
}

/** Messages passed on through a variable or table; their texts are checked here by hand. */
const INDIRECT: Record<string, string[]> = {
  // page props and domain results passed on (their texts are extracted where they are made)
  'props.message': [],
  'state.message': [],
  'extra.message': [],
  'e.message': [],
  'refusal.message': [],
  'Type.String()': [],
  'localizeError(e.message, lng)': [],
  problem: [
    'Documents cannot be removed from a closed file.',
    'The initial document of a file formed by priorace cannot be removed from it.',
  ],
  NOT_ZFO: ['This file is not a data message (.zfo) received from a data box.'],
  'STEP_REFUSED[action]': [
    'Only the document’s handler or the head of its org unit may change it.',
    'Only the document’s handler or the head of its org unit may ask for approval.',
    'Only the head of the document’s org unit may approve it.',
    'Only the head of the document’s org unit may return it.',
  ],
  'STATE_REFUSED[action](row.state, row.ref_number)': [
    'Document MUHL/1/2026 is final (approved): its components and recipients are frozen.',
    'Document MUHL/1/2026 waits for approval; it changes only after the head returns it.',
    'Document MUHL/1/2026 is "returned"; only a draft or a returned document is submitted.',
    'Document MUHL/1/2026 is "draft"; only a submitted document is approved.',
    'Document MUHL/1/2026 is "final"; only a submitted document is returned.',
  ],
};

/** Texts built from pieces the extraction cannot see whole (domain "problem" strings, `what`). */
const MORE = [
  'Only a prepared dispatch is handed to the dispatch office. This one is post, "sent".',
  'Only a sent dispatch is recorded as delivered. This one is email, "handed_over".',
  'Only a dispatch handed to the dispatch office is sent.',
  'Only a sent dispatch comes back undeliverable.',
  'Only a dispatch in person that has not been handed over yet is recorded so.',
  'Jan Novák has no postal address in the register of persons.',
  'Jan Novák has no e-mail address in the register of persons.',
  'Jan Novák has no data-box ID in the register of persons.',
  'This .zfo file holds a delivery receipt (doručenka), not a received message.',
  'This .zfo file holds no data message, not a received message.',
  'File 3/2026-1 is already in the records office.',
  'File 3/2026-1 is not closed; only closed files go to the records office.',
  'File 3/2026-1 is already in a disposal proposal.',
  'File 3/2026-1 has left the records office (destroyed).',
  'The year of disposal of File 3/2026-1 is 2031; it has not come yet.',
  'File 3/2026-1 is on loan; it must be returned first.',
  'File 3/2026-1 is already destroyed.',
  'File 3/2026-1 is not in a decided disposal proposal.',
  "File 3/2026-1 is marked A by the archive's decision: it is transferred to the archive, never destroyed.",
  'The archive has not decided on File 3/2026-1 yet.',
  'File 3/2026-1 is on loan; it must be returned before it is destroyed.',
  'File 3/2026-1 is already transferred to the archive.',
  "File 3/2026-1 is marked S by the archive's decision; it is destroyed, not transferred.",
  'File 3/2026-1 is on loan; it must be returned before it is transferred.',
  'The file has no documents.',
  'Documents not settled: MUHL/12/2026, MUHL/13/2026.',
  'Dispatches not done: MUHL/14/2026.',
  'A document in status "accepted" cannot be accepted.',
  'A document in status "settled" cannot be returned.',
  'Proposal SN-1/2026 has no item decided A left to transfer.',
  'Proposal SN-1/2026 has no item decided S left to destroy.',
];

/** Extracted texts whose interpolation is a word, not a value: their real forms are in `MORE`. */
const COVERED_BY_MORE = new Set([
  'This .zfo file holds X-1, not a received message.',
  'X-1 This one is post, "registered".',
  'Jan Novák has no X-1 in the register of persons.',
  'A document in status "registered" cannot be X-1.',
  'Proposal X-1 has no item decided X-1 left to X-1.',
]);

describe('error texts: completeness', () => {
  const extracted = extract();
  const indirect = extracted.indirect;
  const texts = extracted.texts.filter((t) => !COVERED_BY_MORE.has(t.text));

  it('finds the module’s error texts', () => {
    expect(texts.length).toBeGreaterThan(200);
  });

  it('knows every indirect message source', () => {
    const unknown = indirect.filter((i) => !(i.text in INDIRECT)).map((i) => `${i.where}: ${i.text}`);
    expect(unknown).toEqual([]);
  });

  it('has a Czech and a Polish text, different from the English, for every text', () => {
    const all = [
      ...texts,
      ...Object.values(INDIRECT).flatMap((list) => list.map((text) => ({ where: 'INDIRECT', text }))),
      ...MORE.map((text) => ({ where: 'MORE', text })),
    ];
    const missing = all
      .filter(
        ({ text }) =>
          !isTranslated(text) || localizeError(text, 'cs') === text || localizeError(text, 'pl') === text,
      )
      .map(({ where, text }) => `${where}: ${text}`);
    expect(missing).toEqual([]);
  });
});

describe('error texts: translations', () => {
  it.each([
    ['Unknown person.', 'cs', 'Neznámá osoba.'],
    ['Unknown person.', 'pl', 'Nieznana osoba.'],
    ['Unknown person.', 'en', 'Unknown person.'],
    ['The document was not found.', 'cs', 'Dokument nebyl nalezen.'],
    ['The file was not found.', 'pl', 'Nie znaleziono sprawy.'],
    ['At most 50 characters.', 'cs', 'Nejvýše 50 znaků.'],
    ['At most 50 characters.', 'pl', 'Najwyżej 50 znaków.'],
    [
      'This is not a valid IČO (8 digits with a check digit).',
      'cs',
      'Toto není platné IČO (8 číslic s kontrolní číslicí).',
    ],
    ['File 3/2026-1 is already closed.', 'cs', 'Spis 3/2026-1 je již uzavřen.'],
    ['File 3/2026-1 is already closed.', 'en', 'File 3/2026-1 is already closed.'],
    [
      'A document in status "settled" cannot be assigned.',
      'cs',
      'Dokument ve stavu „vyřízen“ nelze předat k vyřízení.',
    ],
    [
      'File 3/2026-1 cannot be closed. Documents not settled: MUHL/12/2026. The file has no documents.',
      'cs',
      'Spis 3/2026-1 nelze uzavřít. Nevyřízené dokumenty: MUHL/12/2026. Spis nemá žádné dokumenty.',
    ],
    [
      'File 3/2026-1 cannot be closed. Documents not settled: MUHL/12/2026.',
      'pl',
      'Sprawy 3/2026-1 nie można zamknąć. Niezałatwione dokumenty: MUHL/12/2026.',
    ],
    [
      'Only a sent dispatch is recorded as delivered. This one is post, "prepared".',
      'cs',
      'Jako doručené se zapisuje jen odeslané vypravení. Toto vypravení je poštou, ve stavu „připraveno“.',
    ],
    ['The date is before 2026-03-10.', 'pl', 'Data jest wcześniejsza niż 2026-03-10.'],
    ['Something new the table does not know.', 'cs', 'Something new the table does not know.'],
  ])('%s (%s)', (text, lng, expected) => {
    expect(localizeError(text, lng)).toBe(expected);
  });
});

describe('error texts on the pages', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let manager: Session;

  beforeAll(async () => {
    ctx = await createTestContext({ now: new Date('2026-03-10T09:00:00Z') });
    app = await demoApp(ctx);
    manager = await login(app, 'hlucin', 'spisovna');
  }, 180_000);
  afterAll(async () => {
    await app.close();
    await ctx.close();
  });

  const regime = {
    identifier: 'R-V',
    name: 'Stavební řízení',
    justification: 'Zákon',
    mark: 'V',
    period: '10',
    trigger: 'settlement',
  };

  it('shows a Czech clerk the Czech texts of a refused form, the API keeps the English ones', async () => {
    const page = await as(app, manager, {
      method: 'POST',
      url: '/app/records/plan/regimes',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      payload: new URLSearchParams({ _csrf: manager.csrf, ...regime }).toString(),
    });
    expect(page.statusCode).toBe(422);
    expect(page.body).toContain('<html lang="cs"');
    expect(page.body).toContain('Údaje nejsou platné.');
    expect(page.body).toContain('Skartační znak V není pro nové entity přípustný');
    expect(page.body).not.toContain('Retention mark V is not allowed');

    const api = await as(app, manager, {
      method: 'POST',
      url: '/api/v1/records/plan/regimes',
      payload: { ...regime, period: 10 },
    });
    expect(api.statusCode).toBe(422);
    const problem = api.json();
    expect(problem.detail).toBe('The data is not valid.');
    expect(problem.errors).toEqual([
      expect.objectContaining({
        message:
          'Retention mark V is not allowed for new entities (vyhláška 259/2012 Sb. as amended in 2023).',
      }),
    ]);
  });

  it('speaks Polish to a clerk who chose Polish', async () => {
    const page = await as(app, manager, {
      method: 'POST',
      url: '/app/records/plan/regimes?lang=pl',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      payload: new URLSearchParams({ _csrf: manager.csrf, ...regime }).toString(),
    });
    expect(page.statusCode).toBe(422);
    expect(page.body).toContain('<html lang="pl"');
    expect(page.body).toContain('Kategoria V nie jest dopuszczalna dla nowych jednostek');
  });
});
