import { describe, expect, it } from 'vitest';
import {
  carryPhrases,
  checkMarks,
  findPhrase,
  graphemeBoundaries,
  type Mark,
  markedText,
  publicTexts,
  REDACTION_LABELS,
  redact,
  textSha256,
} from './redaction.js';

const N = REDACTION_LABELS.cs.name;
const A = REDACTION_LABELS.cs.address;
const B = REDACTION_LABELS.cs.birthDate;
const O = REDACTION_LABELS.cs.other;
/** "c" followed by a combining caron (U+030C): one character, two code points. */
const cCombining = 'c\u030C';
/** Family emoji: three people joined by ZWJ, five code points, one character. */
const family = '👨\u200D👩\u200D👧';

describe('redact', () => {
  const cases: { name: string; text: string; marks: Omit<Mark, 'field'>[]; out: string }[] = [
    { name: 'no marks', text: 'Jan Novák', marks: [], out: 'Jan Novák' },
    {
      name: 'Czech letters count one each',
      text: 'prodej panu Jiřímu Žďárskému, nar. 1. 2. 1960',
      marks: [
        { start: 12, end: 28, category: 'name' },
        { start: 35, end: 45, category: 'birthDate' },
      ],
      out: `prodej panu ${N}, nar. ${B}`,
    },
    {
      name: 'a letter with a combining mark stays one character',
      text: `pan ${cCombining}ermák bydlí`,
      marks: [{ start: 4, end: 11, category: 'name' }],
      out: `pan ${N} bydlí`,
    },
    {
      name: 'emoji are one code point; a ZWJ sequence is five',
      text: `😀 ${family} Eva`,
      marks: [
        { start: 0, end: 1, category: 'other' },
        { start: 2, end: 7, category: 'other' },
        { start: 8, end: 11, category: 'name' },
      ],
      out: `${O} ${O} ${N}`,
    },
    {
      name: 'adjacent spans of one category become one label',
      text: 'Jan Novák, Hlučín',
      marks: [
        { start: 0, end: 3, category: 'name' },
        { start: 3, end: 9, category: 'name' },
      ],
      out: `${N}, Hlučín`,
    },
    {
      name: 'adjacent spans of two categories keep two labels',
      text: 'Novák Ostrava',
      marks: [
        { start: 6, end: 13, category: 'address' },
        { start: 0, end: 6, category: 'name' },
      ],
      out: `${N}${A}`,
    },
    {
      name: 'the whole text',
      text: 'Marie',
      marks: [{ start: 0, end: 5, category: 'name' }],
      out: N,
    },
    {
      name: 'at the very end',
      text: 'bytem Mírová 12',
      marks: [{ start: 6, end: 15, category: 'address' }],
      out: `bytem ${A}`,
    },
  ];
  it.each(cases)('$name', ({ text, marks, out }) => {
    expect(
      checkMarks(
        { t: text },
        marks.map((m) => ({ ...m, field: 't' })),
      ),
    ).toEqual([]);
    expect(redact(text, marks)).toBe(out);
  });

  it('Polish labels for Polish tenants', () => {
    expect(redact('Anna Kowalska', [{ start: 0, end: 13, category: 'name' }], REDACTION_LABELS.pl)).toBe(
      '[imię i nazwisko]',
    );
  });
});

describe('checkMarks', () => {
  const texts = { problem: `Žádost pana ${cCombining}ady 😀`, title: 'Prodej' };
  // problem: "Žádost pana " = 12 code points, then c + caron + "ady" = 5, " " then 😀 at 18, length 19.
  const cases: { name: string; marks: Mark[]; issues: [string, string][] }[] = [
    {
      name: 'a valid mark',
      marks: [{ field: 'problem', start: 12, end: 17, category: 'name' }],
      issues: [],
    },
    {
      name: 'the emoji at the end is inside',
      marks: [{ field: 'problem', start: 18, end: 19, category: 'other' }],
      issues: [],
    },
    {
      name: 'past the end',
      marks: [{ field: 'problem', start: 18, end: 20, category: 'other' }],
      issues: [['marks/0/end', 'outside']],
    },
    {
      name: 'negative start',
      marks: [{ field: 'title', start: -1, end: 2, category: 'other' }],
      issues: [['marks/0/start', 'outside']],
    },
    {
      name: 'empty span',
      marks: [{ field: 'title', start: 2, end: 2, category: 'other' }],
      issues: [['marks/0/end', 'empty']],
    },
    {
      name: 'reversed span',
      marks: [{ field: 'title', start: 4, end: 2, category: 'other' }],
      issues: [['marks/0/end', 'empty']],
    },
    {
      name: 'not whole numbers',
      marks: [{ field: 'title', start: 0.5, end: 2, category: 'other' }],
      issues: [['marks/0/start', 'badOffset']],
    },
    {
      name: 'cuts the letter from its combining caron',
      marks: [{ field: 'problem', start: 12, end: 13, category: 'name' }],
      issues: [['marks/0/end', 'splitsCharacter']],
    },
    {
      name: 'starts on the combining caron',
      marks: [{ field: 'problem', start: 13, end: 17, category: 'name' }],
      issues: [['marks/0/start', 'splitsCharacter']],
    },
    {
      name: 'unknown field',
      marks: [{ field: 'nope', start: 0, end: 1, category: 'name' }],
      issues: [['marks/0/field', 'unknownField']],
    },
    {
      name: 'inherited property names are not fields',
      marks: [{ field: 'constructor', start: 0, end: 1, category: 'name' }],
      issues: [['marks/0/field', 'unknownField']],
    },
    {
      name: 'unknown category',
      marks: [{ field: 'title', start: 0, end: 1, category: 'phone' as 'name' }],
      issues: [['marks/0/category', 'badCategory']],
    },
    {
      name: 'overlapping spans of one text',
      marks: [
        { field: 'title', start: 0, end: 4, category: 'name' },
        { field: 'title', start: 3, end: 6, category: 'name' },
      ],
      issues: [['marks/1/start', 'overlap']],
    },
    {
      name: 'one span inside another',
      marks: [
        { field: 'title', start: 1, end: 3, category: 'name' },
        { field: 'title', start: 0, end: 6, category: 'other' },
      ],
      issues: [['marks/0/start', 'overlap']],
    },
    {
      name: 'adjacent spans do not overlap',
      marks: [
        { field: 'title', start: 0, end: 3, category: 'name' },
        { field: 'title', start: 3, end: 6, category: 'name' },
      ],
      issues: [],
    },
    {
      name: 'the same offsets in two texts do not overlap',
      marks: [
        { field: 'title', start: 0, end: 3, category: 'name' },
        { field: 'problem', start: 0, end: 3, category: 'name' },
      ],
      issues: [],
    },
  ];
  it.each(cases)('$name', ({ marks, issues }) => {
    expect(checkMarks(texts, marks).map((i) => [i.field, i.code])).toEqual(issues);
  });

  it('refuses more than 500 marks', () => {
    const many = Array.from({ length: 501 }, () => ({
      field: 'title',
      start: 0,
      end: 1,
      category: 'name' as const,
    }));
    expect(checkMarks(texts, many).map((i) => i.code)).toEqual(['tooMany']);
  });
});

describe('graphemeBoundaries', () => {
  it('puts no boundary inside a combined letter or a ZWJ emoji', () => {
    expect([...graphemeBoundaries(`a${cCombining}${family}`)]).toEqual([0, 1, 3, 8]);
  });
});

describe('publicTexts', () => {
  const texts = { title: 'Prodej p. Novákovi', problem: 'Žadatel Jan Novák', proposal: 'Schválit' };
  const mark = (field: keyof typeof texts, start: number, end: number, forText = texts[field]) => ({
    field,
    start,
    end,
    category: 'name' as const,
    textSha256: textSha256(forText),
  });

  it('redacts marked fields and leaves the others', () => {
    const r = publicTexts(texts, [mark('title', 10, 18), mark('problem', 8, 17)]);
    expect(r.texts).toEqual({ title: `Prodej p. ${N}`, problem: `Žadatel ${N}`, proposal: 'Schválit' });
    expect(r.withheld).toEqual([]);
  });

  it('withholds a field whose text changed since it was marked, never showing it unredacted', () => {
    const r = publicTexts(texts, [mark('title', 10, 18), mark('problem', 8, 17, 'Žadatel Jan Novák st.')]);
    expect(r.texts.problem).toBe(REDACTION_LABELS.cs.withheld);
    expect(r.texts.title).toBe(`Prodej p. ${N}`);
    expect(r.withheld).toEqual(['problem']);
  });

  it('ignores marks of fields that no longer exist (e.g. a clause removed)', () => {
    expect(publicTexts(texts, [{ ...mark('title', 0, 6), field: 'clauses/3/text' }]).texts).toEqual(texts);
  });
});

describe('findPhrase', () => {
  const cases: { text: string; phrase: string; spans: [number, number][] }[] = [
    {
      text: 'Jan Novák a Jan Novák ml.',
      phrase: 'Jan Novák',
      spans: [
        [0, 9],
        [12, 21],
      ],
    },
    {
      text: '😀 Eva, 😀 Eva',
      phrase: 'Eva',
      spans: [
        [2, 5],
        [9, 12],
      ],
    },
    { text: 'Novák', phrase: 'novák', spans: [] },
    { text: 'aaa', phrase: 'aa', spans: [[0, 2]] },
    { text: 'abc', phrase: '', spans: [] },
  ];
  it.each(cases)('$phrase in $text', ({ text, phrase, spans }) => {
    const found = findPhrase(text, phrase);
    expect(found.map((s) => [s.start, s.end])).toEqual(spans);
    for (const s of found) expect(markedText(text, s)).toBe(phrase);
  });
});

describe('carryPhrases (resolution marks hide the same phrases in its material)', () => {
  const source = { 'clauses/0/text': 'uzavřít smlouvu s panem Janem Novákem, nar. 1. 2. 1970' };
  const mark = (start: number, end: number, category: Mark['category'] = 'name') => ({
    field: 'clauses/0/text',
    start,
    end,
    category,
    textSha256: textSha256(source['clauses/0/text']),
  });
  const name = mark(24, 37); // "Janem Novákem"
  const born = mark(44, 54, 'birthDate'); // "1. 2. 1970"
  it.each([
    [
      'every occurrence in every field',
      { problem: 'Žádost Janem Novákem podaná. Janem Novákem podepsáno.', proposal: 'nic' },
      [name],
      [],
      { problem: `Žádost ${N} podaná. ${N} podepsáno.`, proposal: 'nic' },
    ],
    [
      'two categories',
      { problem: 'Janem Novákem (1. 2. 1970)' },
      [name, born],
      [],
      { problem: `${N} (${B})` },
    ],
    [
      'a stale source mark carries nothing',
      { problem: 'Janem Novákem' },
      [{ ...name, textSha256: 'x' }],
      [],
      {
        problem: 'Janem Novákem',
      },
    ],
    [
      'the target’s own mark is kept, no overlap added',
      { problem: 'Janem Novákem' },
      [name],
      [{ field: 'problem', start: 0, end: 5, category: 'other' as const }],
      { problem: `${O} Novákem` },
    ],
  ])('%s', (_label, target, sourceMarks, keep, expected) => {
    const carried = carryPhrases(source, sourceMarks, target, keep);
    const own = keep.map((k) => ({ ...k, textSha256: textSha256(target[k.field as keyof typeof target]!) }));
    expect(markedText(source['clauses/0/text'], name)).toBe('Janem Novákem');
    expect(publicTexts(target, [...own, ...carried]).texts).toEqual(expected);
  });
});
