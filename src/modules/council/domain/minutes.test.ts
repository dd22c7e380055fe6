import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../../../platform/calendar/index.js';
import { ofnValidator } from '../testing.js';
import {
  buildMinutes,
  finalisationBlockers,
  type MinutesInput,
  type MinutesState,
  minutesDigest,
  minutesDue,
  minutesState,
} from './minutes.js';
import { buildResolutionsJsonLd, CSV_COLUMNS, resolutionsCsvRows, resolutionText } from './opendata.js';

describe('minutes due date (10 days, platform calendar)', () => {
  it.each<[string, IsoDate, 'CZ' | 'PL', IsoDate, string]>([
    ['weekday to weekday', '2026-02-16', 'CZ', '2026-02-26', 'Thursday'],
    ['last day a Saturday → Monday', '2026-03-04', 'CZ', '2026-03-16', 'moved over the weekend'],
    ['Saturday, Sunday, then Easter Monday → Tuesday', '2026-03-25', 'CZ', '2026-04-07', 'Easter'],
    ['8 May is a holiday in CZ (Friday) → Monday', '2026-04-28', 'CZ', '2026-05-11', 'Den vítězství'],
    ['8 May is a working day in PL', '2026-04-28', 'PL', '2026-05-08', 'no move'],
    ['over the turn of the year', '2026-12-28', 'CZ', '2027-01-07', 'new year'],
  ])('%s: meeting %s (%s) → due %s', (_case, meeting, country, due) => {
    const d = minutesDue(meeting, country);
    expect(d.due).toBe(due);
    // The explanation starts with the count of 10 days after the meeting.
    expect(d.explanation.steps[0]).toMatchObject({ kind: 'count', days: 10, from: meeting });
  });
});

describe('minutes state', () => {
  const meetingDate = '2026-02-16' as IsoDate;
  const due = '2026-02-26' as IsoDate;
  it.each<[string, IsoDate, IsoDate | null, MinutesState]>([
    ['before the meeting', '2026-02-15', null, 'upcoming'],
    ['the meeting day', '2026-02-16', null, 'open'],
    ['the due day itself is still in time', '2026-02-26', null, 'open'],
    ['the day after the due day', '2026-02-27', null, 'overdue'],
    ['final on the due day', '2026-03-10', '2026-02-26', 'final'],
    ['final the day after', '2026-03-10', '2026-02-27', 'final_late'],
    ['final early', '2026-02-20', '2026-02-17', 'final'],
  ])('%s (today %s, final on %s) → %s', (_case, today, finalOn, state) => {
    expect(minutesState({ meetingDate, due, today, finalOn })).toBe(state);
  });
});

const input = (): MinutesInput => ({
  tenantName: 'Město Hlučín',
  body: { code: 'ZM', name: 'Zastupitelstvo města', seats: 5, majority: 3 },
  meeting: { number: 2, year: 2026, date: '2026-02-16', place: 'Hlučín' },
  members: [
    { id: 'a', name: 'Anna Adamová', role: 'chair', votes: true },
    { id: 'b', name: 'Bohumil Bárta', role: 'member', votes: true },
    { id: 'c', name: 'Cyril Čech', role: 'verifier', votes: true },
    { id: 'd', name: 'Dana Dvořáková', role: 'member', votes: true },
    { id: 'e', name: 'Emil Eliáš', role: 'member', votes: true },
    { id: 's', name: 'Sekretářka', role: 'secretary', votes: false },
  ],
  attendance: [
    { memberId: 'c', kind: 'arrive', fromItem: 1 },
    { memberId: 'a', kind: 'arrive', fromItem: 1 },
    { memberId: 'b', kind: 'arrive', fromItem: 1 },
    { memberId: 's', kind: 'arrive', fromItem: 1 },
    { memberId: 'd', kind: 'arrive', fromItem: 2 },
    { memberId: 'b', kind: 'leave', fromItem: 3 },
  ],
  items: [
    {
      position: 1,
      section: 'main',
      title: 'Rozpočet',
      reference: 'ZM-2-2026-1',
      submitter: 'starosta',
      note: '  Bez připomínek.  ',
      vote: {
        kind: 'named',
        present: 3,
        tally: { for: 2, against: 1, abstain: 0, notVoting: 0 },
        ballots: [
          { memberId: 'c', choice: 'against' },
          { memberId: 'a', choice: 'for' },
          { memberId: 'b', choice: 'for' },
        ],
        adopted: false,
      },
      outcome: 'rejected',
      resolution: null,
    },
    {
      position: 2,
      section: 'main',
      title: 'Dotace',
      reference: null,
      submitter: null,
      note: '',
      vote: null,
      outcome: null,
      resolution: null,
    },
    {
      position: 3,
      section: 'misc',
      title: 'Různé',
      reference: null,
      submitter: null,
      note: '',
      vote: null,
      outcome: null,
      resolution: null,
    },
  ],
  opening: 'Zahájeno v 16:00.',
  closing: '',
});

describe('minutes content', () => {
  const doc = buildMinutes(input());

  it('attendance: present at the start in member order, absent, arrivals and departures', () => {
    expect(doc.presentAtStart).toEqual(['Anna Adamová', 'Bohumil Bárta', 'Cyril Čech']);
    expect(doc.absent).toEqual(['Emil Eliáš']);
    expect(doc.quorumAtStart).toBe(true);
    expect(doc.movements).toEqual([
      { name: 'Dana Dvořáková', kind: 'arrive', fromItem: 2 },
      { name: 'Bohumil Bárta', kind: 'leave', fromItem: 3 },
    ]);
    // The secretary is not counted among those present.
    expect(doc.items.map((i) => i.presentCount)).toEqual([3, 4, 3]);
  });

  it('chair, verifiers, trimmed notes and named ballots by name in member order', () => {
    expect(doc.chair).toBe('Anna Adamová');
    expect(doc.verifiers).toEqual(['Cyril Čech']);
    expect(doc.items[0]!.note).toBe('Bez připomínek.');
    expect(doc.items[0]!.vote!.ballots).toEqual([
      { name: 'Anna Adamová', choice: 'for' },
      { name: 'Bohumil Bárta', choice: 'for' },
      { name: 'Cyril Čech', choice: 'against' },
    ]);
  });

  it('no quorum at the start when fewer than a majority of all seats are present', () => {
    const i = input();
    i.attendance = i.attendance.filter((a) => a.memberId !== 'b');
    expect(buildMinutes(i).quorumAtStart).toBe(false);
  });

  it('the digest is stable for the same data and changes with any note, vote or decision', () => {
    expect(minutesDigest(buildMinutes(input()))).toBe(minutesDigest(doc));
    const changes: ((i: MinutesInput) => void)[] = [
      (i) => {
        i.items[1]!.note = 'Nová poznámka';
      },
      (i) => {
        i.items[1]!.outcome = 'withdrawn';
      },
      (i) => {
        i.items[0]!.vote!.tally.against = 2;
      },
      (i) => {
        i.attendance.push({ memberId: 'e', kind: 'arrive', fromItem: 3 });
      },
      (i) => {
        i.closing = 'Konec v 18:00.';
      },
    ];
    const digests = changes.map((change) => {
      const i = input();
      change(i);
      return minutesDigest(buildMinutes(i));
    });
    for (const d of digests) expect(d).not.toBe(minutesDigest(doc));
    expect(new Set(digests).size).toBe(digests.length);
  });
});

describe('finalisation blockers', () => {
  const base = {
    meetingDate: '2026-02-16' as IsoDate,
    today: '2026-02-20' as IsoDate,
    undecided: [] as number[],
    verifiers: [{ name: 'Cyril Čech', approvedDigest: 'x' as string | null }],
    digest: 'x',
  };
  it.each<[string, Partial<typeof base>, RegExp[]]>([
    ['all approved, all decided', {}, []],
    ['no verifiers at all (a council)', { verifiers: [] }, []],
    ['meeting in the future', { today: '2026-02-15' as IsoDate }, [/not taken place/]],
    ['undecided items', { undecided: [2, 4] }, [/2, 4/]],
    ['approval of an older text', { digest: 'y' }, [/Cyril Čech/]],
    [
      'one verifier missing',
      {
        verifiers: [
          { name: 'Cyril Čech', approvedDigest: 'x' },
          { name: 'Eva Malá', approvedDigest: null },
        ],
      },
      [/Eva Malá/],
    ],
  ])('%s', (_case, patch, expected) => {
    const out = finalisationBlockers({ ...base, ...patch });
    expect(out).toHaveLength(expected.length);
    expected.forEach((re, i) => {
      expect(out[i]).toMatch(re);
    });
    if (patch.verifiers === undefined && patch.digest === undefined) expect(out.join()).not.toMatch(/Cyril/);
  });
});

// --- open data ---------------------------------------------------------------------------------------

describe('open data', () => {
  const resolutions = [
    {
      id: '0190a1b2-0000-7000-8000-000000000001',
      number: '0001/01/2026/ZM',
      bodyCode: 'ZM',
      bodyName: 'Zastupitelstvo města Hlučína',
      title: 'Rozpočtové opatření',
      adoptedOn: '2026-02-16',
      clauses: [
        { verb: 'schvaluje' as const, text: 'rozpočtové opatření, "s uvozovkami", a čárkou' },
        { verb: 'uklada' as const, text: 'zapracovat je', responsible: 'odbor finanční', due: '2026-03-31' },
      ],
      meetingId: '0190a1b2-0000-7000-8000-0000000000aa',
      meetingNumber: 1,
      minutesPdf: true,
    },
  ];

  it('the resolution text names the body and each clause, tasks with responsible and deadline', () => {
    expect(resolutionText('Zastupitelstvo', resolutions[0]!.clauses)).toBe(
      'Zastupitelstvo\nschvaluje rozpočtové opatření, "s uvozovkami", a čárkou\nukládá zapracovat je (zodpovídá: odbor finanční, termín: 2026-03-31)',
    );
  });

  it('JSON-LD: each resolution is an OFN Věc with Časový okamžik and a Digitální objekt for the minutes', () => {
    const doc = buildResolutionsJsonLd({
      tenantUrl: 'https://obec.example/hlucin',
      tenantName: 'Město Hlučín',
      resolutions,
    });
    expect(doc['@context']).toContain('https://ofn.gov.cz/věc/2020-07-01/kontexty/věc.jsonld');
    const items = doc.usnesení as Record<string, unknown>[];
    expect(items[0]).toMatchObject({
      typ: ['Věc', 'Usnesení'],
      iri: `https://obec.example/hlucin/usneseni/${resolutions[0]!.id}`,
      vytvořeno: { typ: 'Časový okamžik', datum: '2026-02-16' },
      číslo: '0001/01/2026/ZM',
    });
    const vec = ofnValidator('https://ofn.gov.cz/věc/2020-07-01/schémata/věc.json');
    expect(vec(doc), JSON.stringify(vec.errors)).toBe(true);
    expect(vec(items[0]), JSON.stringify(vec.errors)).toBe(true);
    const obj = ofnValidator(
      'https://ofn.gov.cz/digitální-objekty/2020-07-01/schémata/digitální-objekt.json',
    );
    const file = (items[0]!.příloha as unknown[])[0];
    expect(obj(file), JSON.stringify(obj.errors)).toBe(true);
    // A wrong type is caught by the same validator (the check can fail).
    expect(vec({ ...items[0], vytvořeno: { typ: 'Časový okamžik', datum: 'včera' } })).toBe(false);
  });

  it('CSV rows follow the header', () => {
    const rows = resolutionsCsvRows('https://obec.example/hlucin', resolutions);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveLength(CSV_COLUMNS.length);
    expect(rows[0]![0]).toBe('0001/01/2026/ZM');
    expect(rows[0]![3]).toBe('2026-02-16');
  });
});
