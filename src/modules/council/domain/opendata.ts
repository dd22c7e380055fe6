/**
 * Resolutions as open data. JSON-LD reuses the OFN base types (Věc with název, popis, vytvořeno;
 * Časový okamžik; Digitální objekt for linked files) from ofn.gov.cz, and adds the few terms an
 * OFN has not defined yet (number, body, meeting) in a small vocabulary of our own. CSV has one
 * row per resolution. Pure: values in, values out.
 */
import { type Clause, VERB_TEXT } from './material.js';

export const OFN_CONTEXT = [
  'https://ofn.gov.cz/věc/2020-07-01/kontexty/věc.jsonld',
  'https://ofn.gov.cz/digitální-objekty/2020-07-01/kontexty/digitální-objekt.jsonld',
];

export interface OpenResolution {
  id: string;
  number: string;
  bodyCode: string;
  bodyName: string;
  title: string;
  adoptedOn: string;
  clauses: Clause[];
  meetingId: string;
  meetingNumber: number;
  /** The public minutes PDF, when final. */
  minutesPdf: boolean;
}

/** The resolution's operative text in Czech: one clause a line. */
export function resolutionText(bodyName: string, clauses: readonly Clause[]): string {
  const lines = clauses.map((c) => {
    const tail = c.verb === 'uklada' ? ` (zodpovídá: ${c.responsible ?? ''}, termín: ${c.due ?? ''})` : '';
    return `${VERB_TEXT[c.verb]} ${c.text}${tail}`;
  });
  return [bodyName, ...lines].join('\n');
}

const day = (date: string) => ({ typ: 'Časový okamžik', datum: date });

export function buildResolutionsJsonLd(input: {
  /** e.g. https://obec.example/hlucin */
  tenantUrl: string;
  tenantName: string;
  resolutions: readonly OpenResolution[];
}): Record<string, unknown> {
  const vocab = `${input.tenantUrl}/usneseni.jsonld#`;
  return {
    '@context': [
      ...OFN_CONTEXT,
      {
        '@version': 1.1,
        samosprava: vocab,
        Usnesení: 'samosprava:Usnesení',
        usnesení: { '@id': 'samosprava:usnesení', '@container': '@set' },
        číslo: 'samosprava:číslo-usnesení',
        orgán: 'samosprava:orgán',
        zasedání: { '@id': 'samosprava:zasedání', '@type': '@id' },
      },
    ],
    typ: 'Věc',
    iri: `${input.tenantUrl}/usneseni`,
    název: { cs: `Usnesení – ${input.tenantName}` },
    usnesení: input.resolutions.map((r) => {
      const iri = `${input.tenantUrl}/usneseni/${r.id}`;
      const meeting = `${input.tenantUrl}/zasedani/${r.meetingId}`;
      const item: Record<string, unknown> = {
        typ: ['Věc', 'Usnesení'],
        iri,
        název: { cs: `${r.number} – ${r.title}` },
        popis: { cs: resolutionText(r.bodyName, r.clauses) },
        vytvořeno: day(r.adoptedOn),
        číslo: r.number,
        orgán: r.bodyName,
        zasedání: meeting,
      };
      if (r.minutesPdf)
        item.příloha = [
          {
            typ: 'Digitální objekt',
            iri: `${meeting}/zapis.pdf`,
            název: { cs: `Zápis z ${r.meetingNumber}. zasedání – ${r.bodyName}` },
            url: `${meeting}/zapis.pdf`,
          },
        ];
      return item;
    }),
  };
}

export const CSV_COLUMNS = [
  'cislo',
  'organ',
  'organ_nazev',
  'datum_prijeti',
  'zasedani',
  'nazev',
  'text',
  'url',
] as const;

export function resolutionsCsvRows(tenantUrl: string, resolutions: readonly OpenResolution[]): string[][] {
  return resolutions.map((r) => [
    r.number,
    r.bodyCode,
    r.bodyName,
    r.adoptedOn,
    String(r.meetingNumber),
    r.title,
    resolutionText(r.bodyName, r.clauses),
    `${tenantUrl}/usneseni/${r.id}`,
  ]);
}
