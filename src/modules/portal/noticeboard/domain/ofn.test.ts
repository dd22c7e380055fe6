import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BOARD_DIR, boardValidator, describeErrors } from '../testing.js';

describe('the OFN validator set-up', () => {
  it.each(['1', '2', '3', '4'])('accepts official example %s', (n) => {
    const example = JSON.parse(fs.readFileSync(path.join(BOARD_DIR, 'příklady', `${n}.jsonld`), 'utf8'));
    const v = boardValidator();
    expect(v(example), describeErrors(v).join('\n')).toBe(true);
  });

  it('refuses a board whose notice lacks its posting date', () => {
    const example = JSON.parse(fs.readFileSync(path.join(BOARD_DIR, 'příklady', '1.jsonld'), 'utf8'));
    delete example.informace[0].vyvěšení;
    expect(boardValidator()(example)).toBe(false);
  });

  it('refuses an operator IČO of 7 digits', () => {
    const example = JSON.parse(fs.readFileSync(path.join(BOARD_DIR, 'příklady', '1.jsonld'), 'utf8'));
    example.provozovatel.ičo = '1234567';
    expect(boardValidator()(example)).toBe(false);
  });
});

import { buildCatalogRecord, buildOfnBoard, type OfnNotice } from './ofn.js';

const full: OfnNotice = {
  id: '0190c1d2-0000-7000-8000-000000000001',
  title: 'Veřejná vyhláška – oznámení o zahájení řízení',
  description: 'Stavba: rekonstrukce mostu',
  agenda: 'Veřejná vyhláška',
  postingDate: '2026-03-02',
  removalDate: '2026-03-17',
  approvalDate: '2026-02-27',
  referenceNumber: 'MUHL/123/2026',
  fileNumber: 'OV/13/2026',
  originator: { name: 'Kraj Vysočina', ico: '70890749' },
  documents: [{ id: '0190c1d2-0000-7000-8000-000000000002', title: 'vyhlaska.pdf' }],
};
const bare: OfnNotice = {
  ...full,
  description: '',
  approvalDate: null,
  referenceNumber: null,
  fileNumber: null,
  originator: null,
  documents: [],
};

describe('the board we build', () => {
  it.each([
    ['a Czech town with IČO', { name: 'Město Hlučín', ico: '00300063', country: 'CZ' as const }],
    ['a Czech village without IČO', { name: 'Obec Bohuslavice', ico: null, country: 'CZ' as const }],
    ['a Polish gmina', { name: 'Gmina Przykładowo', ico: '123456785', country: 'PL' as const }],
  ])('validates for %s', (_n, op) => {
    const board = buildOfnBoard({
      boardUrl: 'https://example.org/hlucin/uredni-deska',
      operator: op,
      notices: [full, bare],
    });
    const v = boardValidator();
    expect(v(board), describeErrors(v).join('\n')).toBe(true);
  });

  it('validates an empty board', () => {
    const board = buildOfnBoard({
      boardUrl: 'http://127.0.0.1/hlucin/uredni-deska',
      operator: { name: 'Město Hlučín', ico: '00300063', country: 'CZ' },
      notices: [],
    });
    expect(boardValidator()(board)).toBe(true);
  });

  it('carries every field a harvester needs', () => {
    const board = buildOfnBoard({
      boardUrl: 'https://example.org/hlucin/uredni-deska',
      operator: { name: 'Město Hlučín', ico: '00300063', country: 'CZ' },
      notices: [full],
    });
    const item = (board.informace as Record<string, unknown>[])[0]!;
    expect(item).toMatchObject({
      iri: `https://example.org/hlucin/uredni-deska/${full.id}`,
      vyvěšení: { typ: 'Časový okamžik', datum: '2026-03-02' },
      relevantní_do: { datum: '2026-03-17' },
      číslo_jednací: 'MUHL/123/2026',
      spisová_značka: 'OV/13/2026',
      agenda: [{ typ: 'Agenda', název: { cs: 'Veřejná vyhláška' } }],
      subjekt: [{ typ: 'Osoba', ičo: '70890749' }],
    });
  });

  it('fills the NKOD catalogue template with the board URL', () => {
    const rec = buildCatalogRecord({
      dataUrl: 'https://x/hlucin/uredni-deska.jsonld',
      tenantName: 'Město Hlučín',
      contactEmail: null,
    });
    const dist = (rec.distribuce as Record<string, unknown>[])[0]!;
    expect(dist.soubor_ke_stažení).toBe('https://x/hlucin/uredni-deska.jsonld');
    expect(dist.schéma).toBe('https://ofn.gov.cz/úřední-desky/2021-07-20/schémata/úřední-deska.json');
    expect(JSON.stringify(rec)).not.toContain('zde.dejte');
  });
});
