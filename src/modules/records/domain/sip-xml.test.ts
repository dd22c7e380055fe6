import { describe, expect, it } from 'vitest';
import { validateXml } from '../../../platform/audit/xsd.js';
import { unzipSync } from '../office-test-unzip.js';
import { zip } from '../zip.js';
import { SIP_LABEL } from './office.js';
import {
  archiveListXml,
  parseArchiveList,
  type SipDocument,
  type SipGroup,
  type SipInput,
  sipMetsXml,
} from './sip-xml.js';

const regime = {
  identifier: 'S5',
  name: 'Skartace po 5 letech',
  justification: 'Spisový a skartační řád',
  mark: 'S' as const,
  period: 5,
  trigger: 'closing' as const,
};
const top: SipGroup = {
  id: 'g-5',
  code: '5',
  fullCode: '5',
  title: 'Vnitřní věci',
  openedOn: '2026-01-01',
  regime: null,
  parent: null,
};
const group: SipGroup = {
  id: 'g-5-1',
  code: '1',
  fullCode: '5.1',
  title: 'Sbírky & <akce>',
  openedOn: '2026-01-01',
  regime,
  parent: top,
};
const handler = { id: 'u-1', name: 'Petra Vedoucí', orgUnit: 'Odbor výstavby', position: 'vedoucí odboru' };

function doc(over: Partial<SipDocument> = {}): SipDocument {
  return {
    id: 'd-1',
    pid: 'MUHL00000001',
    refNumber: 'MUHL/1/2020',
    seq: 1,
    year: 2020,
    subject: 'Oznámení o konání veřejné sbírky',
    direction: 'incoming',
    analog: true,
    registeredOn: '2020-02-03',
    deliveredOn: '2020-02-03',
    sender: {
      id: 'p-1',
      kind: 'natural',
      name: 'Marie Svobodová',
      ico: null,
      address: 'Ostravská 12, Hlučín',
      email: null,
    },
    senderRef: null,
    author: null,
    group,
    regime,
    settlement: { date: '2020-02-10', method: 'acknowledgement', note: null, by: handler },
    components: [
      {
        id: 'c-1',
        filename: 'oznámení.pdf',
        mime: 'application/pdf',
        size: 1234,
        sha256: 'a'.repeat(64),
        createdAt: new Date('2020-02-03T08:00:00Z'),
        path: 'komponenty/1-oznameni.pdf',
        scan: true,
      },
    ],
    ...over,
  };
}

function input(kind: 'disposal' | 'transfer', documents: SipDocument[] = [doc()]): SipInput {
  return {
    kind,
    id: 'MUHL-SN-1-2026-1',
    createdAt: new Date('2026-03-10T09:00:00.123Z'),
    originator: { ico: '00300063', name: 'Město Hlučín', address: 'Mírové náměstí 23, 748 01 Hlučín' },
    plan: { id: 'plan-1', identifier: 'SP-2026', name: 'Spisový plán', validFrom: '2026-01-01' },
    file: {
      id: 'f-1',
      pid: 'MUHL00000002',
      fileNumber: 'MUHL/1/2020',
      seq: null,
      year: 2020,
      subject: 'Oznámení o konání veřejné sbírky',
      createdOn: '2020-02-04',
      closedOn: '2020-02-11',
      triggerYear: 2020,
      disposalYear: 2026,
      group,
      regime,
      handler,
      location: 'Regál 3, krabice 12',
      documents,
    },
  };
}

/** The nsesss:Spis element as a document of its own (to validate against nsesss.xsd alone). */
function spisOf(mets: string): string {
  const m = /<nsesss:Spis [\s\S]*<\/nsesss:Spis>/.exec(mets);
  if (!m) throw new Error('no Spis');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${m[0].replace('<nsesss:Spis ', '<nsesss:Spis xmlns:nsesss="http://www.mvcr.cz/nsesss/v4" ')}`;
}

describe('SIP mets.xml', () => {
  it('for the disposal procedure: LABEL, Spis with documents, valid against mets.xsd and nsesss.xsd, no fileSec', async () => {
    const xml = sipMetsXml(input('disposal'));
    expect(xml).toContain(`LABEL="${SIP_LABEL.disposal}"`);
    expect(xml).not.toContain('mets:fileSec');
    expect(xml).not.toContain('nsesss:Komponenty');
    expect(xml).toContain('<nsesss:EvidencniCislo>MUHL/1/2020</nsesss:EvidencniCislo>');
    expect(xml).toContain('<nsesss:SkartacniZnak>S</nsesss:SkartacniZnak>');
    expect(xml).toContain('<nsesss:RokSkartacniOperace>2026</nsesss:RokSkartacniOperace>');
    expect(xml).toContain('<nsesss:Zpusob>vzetí na vědomí</nsesss:Zpusob>');
    expect(xml).toContain('Sbírky &amp; &lt;akce&gt;');
    expect(await validateXml(xml, 'mets')).toEqual({ valid: true, errors: [] });
    expect(await validateXml(spisOf(xml), 'nsesss')).toEqual({ valid: true, errors: [] });
  });

  it('for the transfer: LABEL, components in the metadata and the fileSec, valid', async () => {
    const xml = sipMetsXml(input('transfer'));
    expect(xml).toContain(`LABEL="${SIP_LABEL.transfer}"`);
    expect(xml).toMatch(/<mets:file ID="F-KOMP\d+" MIMETYPE="application\/pdf" SIZE="1234"/);
    expect(xml).toContain('CHECKSUMTYPE="SHA-256"');
    expect(xml).toContain('xlink:href="komponenty/1-oznameni.pdf"');
    expect(xml).toContain('forma_uchovani="digitalizát"');
    expect(await validateXml(xml, 'mets')).toEqual({ valid: true, errors: [] });
    expect(await validateXml(spisOf(xml), 'nsesss')).toEqual({ valid: true, errors: [] });
  });

  it.each([
    [
      'a legal sender with IČO',
      {
        sender: {
          id: 'p',
          kind: 'legal' as const,
          name: 'Stavitelství s.r.o.',
          ico: '27635414',
          address: null,
          email: 'a@b.cz',
        },
      },
    ],
    [
      'a legal sender without IČO',
      {
        sender: {
          id: 'p',
          kind: 'legal' as const,
          name: 'Spolek',
          ico: null,
          address: 'Hlučín',
          email: null,
        },
      },
    ],
    ['no sender', { sender: null }],
    ['an own document', { direction: 'own' as const, sender: null, author: handler }],
    [
      'settled "jiný způsob"',
      {
        settlement: { date: '2020-02-10', method: 'other' as const, note: 'Vyřízeno telefonicky.', by: null },
      },
    ],
    ['not settled, no group', { settlement: null, group: null, regime: null }],
  ])('stays valid with %s', async (_label, over) => {
    const xml = sipMetsXml(
      input('transfer', [doc(over), doc({ id: 'd-2', pid: 'MUHL00000003', components: [] })]),
    );
    expect(await validateXml(xml, 'mets')).toEqual({ valid: true, errors: [] });
    expect(await validateXml(spisOf(xml), 'nsesss')).toEqual({ valid: true, errors: [] });
  });

  it('the XSD check is real: a broken package fails', async () => {
    const xml = sipMetsXml(input('disposal')).replace('<nsesss:SkartacniZnak>S<', '<nsesss:SkartacniZnak>X<');
    expect((await validateXml(xml, 'mets')).valid).toBe(false);
  });

  it('refuses an empty file (NSESSS has no SIP for it)', () => {
    expect(() => sipMetsXml(input('disposal', []))).toThrow(/no documents/);
  });
});

describe("the archive's decision (nsesss-DA.xsd)", () => {
  const list = {
    id: 'SR-2026-17',
    archive: 'ZAO',
    originator: '00300063',
    procedure: 'SN 1/2026',
    createdAt: '2026-04-02T10:00:00+02:00',
    entries: [
      { identifier: 'MUHL00000002', operation: 'zničit' },
      { identifier: 'MUHL00000005', operation: 'vybrat za archiválii' },
      { identifier: 'MUHL00000009', operation: 'předložit k výběru' },
    ],
  };

  it('a list we write validates and reads back with the decisions', async () => {
    const xml = archiveListXml(list);
    expect(await validateXml(xml, 'nsesss-DA')).toEqual({ valid: true, errors: [] });
    const parsed = parseArchiveList(xml);
    expect(parsed).toMatchObject({ id: 'SR-2026-17', archive: 'ZAO', procedure: 'SN 1/2026' });
    expect(parsed.entries.map((e) => [e.identifier, e.decision])).toEqual([
      ['MUHL00000002', 'S'],
      ['MUHL00000005', 'A'],
      ['MUHL00000009', null],
    ]);
  });

  it('an unknown operation does not validate', async () => {
    const xml = archiveListXml({ ...list, entries: [{ identifier: 'X', operation: 'spálit' }] });
    expect((await validateXml(xml, 'nsesss-DA')).valid).toBe(false);
  });
});

describe('zip', () => {
  it('writes entries that read back byte for byte (deflated or stored), names in UTF-8', () => {
    const text = Buffer.from('<?xml version="1.0"?>\n'.repeat(50));
    const random = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 7919) % 251));
    const z = zip(
      [
        { name: 'SIP-1/mets.xml', data: text },
        { name: 'SIP-1/komponenty/1-žádost.pdf', data: random },
        { name: 'empty.txt', data: Buffer.alloc(0) },
      ],
      new Date('2026-03-10T09:00:00Z'),
    );
    const back = unzipSync(z);
    expect([...back.keys()]).toEqual(['SIP-1/mets.xml', 'SIP-1/komponenty/1-žádost.pdf', 'empty.txt']);
    expect(back.get('SIP-1/mets.xml')!.equals(text)).toBe(true);
    expect(back.get('SIP-1/komponenty/1-žádost.pdf')!.equals(random)).toBe(true);
    expect(back.get('empty.txt')!.length).toBe(0);
  });

  it.each([['../x'], ['/abs'], ['']])('refuses the entry name %j', (name) => {
    expect(() => zip([{ name, data: Buffer.from('x') }], new Date())).toThrow(/bad entry name/);
  });
});
