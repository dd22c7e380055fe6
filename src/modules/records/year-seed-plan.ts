/**
 * A year of Hlučín's registry for the demo, as a plan: which incoming documents arrived when, from
 * whom, how each was handled and filed, which files were closed and handed over to the records
 * office. Pure (no I/O, no clock, a seeded PRNG): the same day and count give the same plan, so
 * the demo and its test agree. `year-seed.ts` carries the plan out through the use cases.
 */
import { addDays, type IsoDate, isWorkingDay } from '../../platform/calendar/index.js';
import type { SettlementMethod } from './domain/files.js';
import type { Channel, DeliveryMethod, PersonInput } from './domain/intake.js';

export type DemoHandler = 'referent' | 'vedouci';
export type PlannedStatus = 'registered' | 'assigned' | 'accepted' | 'returned' | 'settled';

/** A local day and minute of the day in the tenant's zone (the executor makes it an instant). */
export interface Moment {
  day: IsoDate;
  minute: number;
}

export interface PlannedDocument {
  key: number;
  kind: string;
  subject: string;
  groupCode: string;
  sender: PersonInput;
  /** A follow-up from the applicant: the register's person of that earlier document. */
  sameSenderAs: number | null;
  channel: Channel;
  deliveryMethod: DeliveryMethod;
  deliveredAt: Moment;
  senderRef: string | null;
  sheets: number | null;
  attachments: number | null;
  attachmentNote: string | null;
  handler: DemoHandler;
  /** What the journal shows today. */
  status: PlannedStatus;
  file: number | null;
}

export interface PlannedFile {
  key: number;
  method: 'priorace' | 'sberny_arch';
  groupCode: string;
  /** A sběrný arch's own subject; a priorace file takes its initial document's. */
  subject: string | null;
  handler: DemoHandler;
  initialDocument: number | null;
  status: 'open' | 'closed';
  inOffice: boolean;
  onLoan: boolean;
}

interface StepBase {
  at: Moment;
}
export type PlannedStep = StepBase &
  (
    | { kind: 'register'; doc: number }
    | { kind: 'assign'; doc: number; handler: DemoHandler; deadlineDays: number | null }
    | { kind: 'accept'; doc: number }
    | { kind: 'return'; doc: number; reason: string }
    | { kind: 'createFile'; file: number }
    | { kind: 'insert'; file: number; doc: number }
    | { kind: 'settle'; doc: number; method: SettlementMethod; note: string | null }
    | { kind: 'close'; file: number }
    | { kind: 'handOver'; file: number; location: string }
    | { kind: 'lend'; file: number; borrower: DemoHandler; dueOn: IsoDate; note: string }
  );

export interface YearPlan {
  documents: PlannedDocument[];
  files: PlannedFile[];
  /** In the order they happen. */
  steps: PlannedStep[];
}

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

/** mulberry32: small, fast, good enough to vary demo data; never Math.random. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const int = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));
const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
const chance = (rng: Rng, p: number) => rng() < p;

function weighted<T extends { weight: number }>(rng: Rng, list: readonly T[]): T {
  let r = rng() * list.reduce((s, x) => s + x.weight, 0);
  for (const x of list) {
    r -= x.weight;
    if (r < 0) return x;
  }
  return list.at(-1)!;
}

/** An IČO with a correct check digit (mod 11) for the made-up firms. */
export function icoFrom(seven: number): string {
  const body = String(seven % 10_000_000).padStart(7, '0');
  const sum = [...body].reduce((acc, d, i) => acc + Number(d) * (8 - i), 0);
  return `${body}${(11 - (sum % 11)) % 10}`;
}

function hash(text: string): number {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619) >>> 0;
  return h;
}

/** A made-up data-box ID (7 letters/digits), stable per name. */
function databoxOf(name: string): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  const rng = prng(hash(name));
  return Array.from({ length: 7 }, () => pick(rng, [...alphabet])).join('');
}

// ---------------------------------------------------------------------------------------------
// Who writes to the town

interface Org {
  name: string;
  ico: string;
  address: string;
  /** Public bodies write through their data box only. */
  publicBody: boolean;
  ref: (n: number, year: number) => string | null;
  databoxId?: string;
}

// Real public bodies (IČO and seat as published); the data-box IDs are made up except Povodí Odry's,
// which the own-documents demo uses already.
const BODIES = {
  kraj: {
    name: 'Moravskoslezský kraj',
    ico: '70890692',
    address: '28. října 117, 702 18 Ostrava',
    publicBody: true,
    ref: (n, y) => `MSK ${n}/${y}`,
  },
  hzs: {
    name: 'Hasičský záchranný sbor Moravskoslezského kraje',
    ico: '70884561',
    address: 'Výškovická 40, 700 30 Ostrava-Zábřeh',
    publicBody: true,
    ref: (n, y) => `HSOS-${n}-2/${y}`,
  },
  khs: {
    name: 'Krajská hygienická stanice Moravskoslezského kraje',
    ico: '71009167',
    address: 'Na Bělidle 7, 702 00 Ostrava',
    publicBody: true,
    ref: (n, y) => `KHSMS ${n}/${y}/OP/HOK`,
  },
  povodi: {
    name: 'Povodí Odry, státní podnik',
    ico: '70890021',
    address: 'Varenská 3101/49, 702 00 Ostrava',
    publicBody: true,
    databoxId: 'b7hkg4x',
    ref: (n, y) => `POD/${n}/${y}`,
  },
  cez: {
    name: 'ČEZ Distribuce, a. s.',
    ico: '24729035',
    address: 'Teplická 874/8, 405 02 Děčín',
    publicBody: true,
    ref: (n) => `${1_100_000_000 + n * 7919}`,
  },
  smvak: {
    name: 'Severomoravské vodovody a kanalizace Ostrava a.s.',
    ico: '45193665',
    address: '28. října 1235/169, 709 00 Ostrava',
    publicBody: true,
    ref: (n, y) => `${y}/${n}/TPČ`,
  },
  gasnet: {
    name: 'GasNet, s.r.o.',
    ico: '27295567',
    address: 'Klíšská 940/96, 400 01 Ústí nad Labem',
    publicBody: true,
    ref: (n) => `${5_002_000_000 + n * 131}`,
  },
  cetin: {
    name: 'CETIN a.s.',
    ico: '04084063',
    address: 'Českomoravská 2510/19, 190 00 Praha 9',
    publicBody: true,
    ref: (n) => `${880_000_000 + n * 97}`,
  },
  silnice: {
    name: 'Správa silnic Moravskoslezského kraje, příspěvková organizace',
    ico: '00095711',
    address: 'Úprkova 795/1, 702 23 Ostrava',
    publicBody: true,
    ref: (n, y) => `SSMSK/${y}/${n}`,
  },
} satisfies Record<string, Org>;

// Made-up local firms and associations (an IČO with a valid check digit, so the register of
// persons keeps one entry for each; none of them is real).
function firm(name: string, address: string, refPrefix: string | null): Org {
  return {
    name,
    ico: icoFrom(hash(name)),
    address,
    publicBody: false,
    ref: (n, y) => (refPrefix === null ? null : `${refPrefix}${y}${String(n).padStart(4, '0')}`),
  };
}
const FIRMS = {
  kravarov: {
    ...firm('Stavitelství Kravařov s.r.o.', 'Opavská 5, Kravaře', 'SK-'),
    ico: '27635414', // as in the small demo (seed.ts), so the register holds one person
  },
  hlucinsko: firm('Stavby Hlučínsko s.r.o.', 'Celní 12, 748 01 Hlučín', 'SH/'),
  domy: firm('Rodinné domy Darkovice s.r.o.', 'Hlučínská 88, 747 17 Darkovice', 'RDD-'),
  druzstvo: firm('Bytové družstvo Hlučín', 'Dukelská 1, 748 01 Hlučín', 'BDH/'),
  elektro: firm('Elektro Ludgeřovice s.r.o.', 'Hlučínská 401, 747 14 Ludgeřovice', 'FV'),
  kancelar: firm('Kancelářské potřeby Slezsko s.r.o.', 'Nádražní 54, 746 01 Opava', 'KPS'),
  zahradnictvi: firm('Zahradnictví Bobrovníky s.r.o.', 'Hlučínská 120, 748 01 Hlučín-Bobrovníky', 'ZB'),
  geodezie: firm('Geodezie Hlučín s.r.o.', 'Zámecká 3, 748 01 Hlučín', 'GH'),
  projekce: firm('Projekce Opava s.r.o.', 'Krnovská 18, 746 01 Opava', 'PO'),
  kopirky: firm('Kopírky Ostrava s.r.o.', 'Sokolská třída 60, 702 00 Ostrava', 'KO'),
  silniceOpava: firm('Silnice a chodníky Opava a.s.', 'Těšínská 22, 746 01 Opava', 'SCO'),
  odpady: firm('Hlučínská recyklace s.r.o.', 'Průmyslová 6, 748 01 Hlučín', 'HR'),
  pila: firm('Pila Kozmice s.r.o.', 'Hlučínská 2, 747 11 Kozmice', 'PK'),
  autodoprava: firm('Autodoprava Markvartovice s.r.o.', 'Šilheřovická 30, 747 14 Markvartovice', 'AM'),
  zahradkari: firm('Spolek zahrádkářů Hlučín', 'Zahradní 1, 748 01 Hlučín', null),
  hasici: firm('SDH Hlučín-Darkovičky', 'Hlučínská 45, 748 01 Hlučín-Darkovičky', null),
} satisfies Record<string, Org>;

function orgPerson(o: Org, channel: Channel): PersonInput {
  return {
    kind: 'legal',
    name: o.name,
    ico: o.ico || null,
    address: o.address,
    databoxId: channel === 'databox' ? (o.databoxId ?? databoxOf(o.name)) : null,
    email: channel === 'email' ? `podatelna@${ascii(o.name).split(' ')[0]}.example.cz` : null,
  };
}

const MEN =
  'Jan Petr Pavel Tomáš Martin Jiří Josef Lukáš Michal David Radim Zdeněk Ondřej Marek Roman Vladimír Antonín Karel Miroslav Štěpán'.split(
    ' ',
  );
const WOMEN =
  'Marie Jana Eva Hana Lenka Petra Kateřina Lucie Martina Alena Zuzana Veronika Ludmila Monika Dagmar Ivana Gabriela Barbora'.split(
    ' ',
  );
/** Surname, its feminine form. */
const SURNAMES: [string, string][] =
  'Novák/Nováková Svoboda/Svobodová Dvořák/Dvořáková Černý/Černá Procházka/Procházková Kučera/Kučerová Veselý/Veselá Horák/Horáková Němec/Němcová Pokorný/Pokorná Pospíšil/Pospíšilová Hájek/Hájková Král/Králová Jelínek/Jelínková Beneš/Benešová Fiala/Fialová Sedláček/Sedláčková Kolář/Kolářová Lasák/Lasáková Kocián/Kociánová Stuchlík/Stuchlíková Kuchař/Kuchařová Mrkva/Mrkvová Šimeček/Šimečková Bolek/Bolková Klimeš/Klimešová Ryba/Rybová Kupka/Kupková'
    .split(' ')
    .map((p) => p.split('/') as [string, string]);
const STREETS =
  'Ostravská|Opavská|Dukelská|Čs. armády|Zahradní|Celní|Markova|Písečná|Tyršova|Pekařská|Zámecká|Bochenkova|Hornická|Severní|Jižní|Dr. Ed. Beneše|Komenského|Gen. Svobody|Cihelní|Kozmická|Hrabyňská|Darkovická|Nerudova|Školní|Lesní|U Bašty|Ručilova|Mírové náměstí'.split(
    '|',
  );
const CADASTRES = ['Hlučín', 'Bobrovníky', 'Darkovičky', 'Jasénky'];

/** Lower-case ASCII (e-mail addresses). */
function ascii(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9 ]/g, '');
}

function citizen(rng: Rng, channel: Channel): PersonInput {
  const woman = chance(rng, 0.5);
  const first = pick(rng, woman ? WOMEN : MEN);
  const [m, f] = pick(rng, SURNAMES);
  const last = woman ? f : m;
  const street = pick(rng, STREETS);
  return {
    kind: 'natural',
    name: `${first} ${last}`,
    address: `${street} ${int(rng, 1, 160)}, 748 01 Hlučín`,
    email: channel === 'email' ? `${ascii(first)}.${ascii(last)}@example.cz` : null,
  };
}

const place = (rng: Rng) =>
  chance(rng, 0.6)
    ? `${pick(rng, STREETS)} ${int(rng, 1, 160)}`
    : `parc. č. ${int(rng, 120, 3400)}/${int(rng, 1, 12)} v k. ú. ${pick(rng, CADASTRES)}`;

// ---------------------------------------------------------------------------------------------
// What arrives (kinds of documents)

interface Made {
  subject: string;
  sender: PersonInput;
  channel: Channel;
  deliveryMethod: DeliveryMethod;
  senderRef: string | null;
  sheets: number | null;
  attachments: number | null;
  attachmentNote: string | null;
  /** Where it is about, for follow-ups. */
  place: string;
}

interface Kind {
  id: string;
  weight: number;
  /** Arrives only in these months (1–12). */
  months?: number[];
  groupCode: string;
  file: 'priorace' | 'arch' | null;
  /** Probability that `referent` handles it (else `vedouci`). */
  referent: number;
  deadlineDays: number | null;
  /** Working days from acceptance to settlement. */
  lag: [number, number];
  settle: { method: SettlementMethod; notes: (string | null)[]; p?: number }[];
  /** Probability of a follow-up document joining the file before the decision. */
  followUp: number;
  make(rng: Rng, day: IsoDate, n: number): Made;
}

function fromCitizen(rng: Rng, subject: string, at: string, paperNote: string | null): Made {
  const r = rng();
  const [channel, deliveryMethod]: [Channel, DeliveryMethod] =
    r < 0.4 ? ['paper', 'in_person'] : r < 0.7 ? ['paper', 'post'] : ['email', 'email'];
  const paper = channel === 'paper';
  const attachments = paperNote ? int(rng, 1, 4) : 0;
  return {
    subject,
    sender: citizen(rng, channel),
    channel,
    deliveryMethod,
    senderRef: null,
    sheets: paper ? int(rng, 1, 4) : null,
    attachments: attachments || null,
    attachmentNote: attachments ? paperNote : null,
    place: at,
  };
}

function fromOrg(
  rng: Rng,
  o: Org,
  subject: string,
  day: IsoDate,
  n: number,
  at: string,
  note: string | null = null,
): Made {
  const r = rng();
  const [channel, deliveryMethod]: [Channel, DeliveryMethod] =
    o.publicBody || r < 0.5 ? ['databox', 'databox'] : r < 0.8 ? ['email', 'email'] : ['paper', 'post'];
  return {
    subject,
    sender: orgPerson(o, channel),
    channel,
    deliveryMethod,
    senderRef: o.ref(n, Number(day.slice(0, 4))),
    sheets: channel === 'paper' ? int(rng, 1, 3) : null,
    attachments: note ? int(rng, 1, 3) : null,
    attachmentNote: note,
    place: at,
  };
}

const BUILDERS = [FIRMS.kravarov, FIRMS.hlucinsko, FIRMS.domy, FIRMS.druzstvo];
const TREES =
  'lípa srdčitá|bříza bělokorá|smrk ztepilý|jasan ztepilý|topol černý|javor mléč|vrba bílá|ořešák královský'.split(
    '|',
  );
const INVOICES: [Org, (rng: Rng) => string][] = [
  [FIRMS.elektro, () => 'oprava veřejného osvětlení'],
  [FIRMS.kancelar, () => 'dodávka kancelářských potřeb'],
  [FIRMS.zahradnictvi, () => 'údržba městské zeleně'],
  [FIRMS.geodezie, (rng) => `geometrický plán – ${pick(rng, STREETS)}`],
  [FIRMS.projekce, (rng) => `projektová dokumentace – chodník ${pick(rng, STREETS)}`],
  [FIRMS.kopirky, () => 'servis kopírovacích strojů'],
  [FIRMS.silniceOpava, (rng) => `oprava výtluků – ${pick(rng, STREETS)}`],
];
const FOI_TOPICS = [
  (y: number) => `smlouvy na opravy místních komunikací v roce ${y}`,
  (y: number) => `počet vydaných povolení staveb v roce ${y}`,
  () => 'náklady na veřejné osvětlení',
  () => 'územní plán – lokalita Jasénky',
  () => 'veřejná zakázka na rekonstrukci chodníků',
  () => 'kácení stromů v parku na Zámecké ulici',
  () => 'dotace z rozpočtu města spolkům',
  () => 'hluková studie silnice I/56',
];

const KINDS: Kind[] = [
  {
    id: 'building',
    weight: 8,
    groupCode: '3.1',
    file: 'priorace',
    referent: 0.6,
    deadlineDays: 60,
    lag: [20, 45],
    settle: [
      {
        method: 'document',
        notes: ['Vydáno rozhodnutí o povolení záměru.', 'Vydáno povolení stavby.'],
        p: 0.9,
      },
      { method: 'other', notes: ['Žádost vzata zpět, řízení zastaveno usnesením.'] },
    ],
    followUp: 0.6,
    make(rng, day, n) {
      const what = pick(rng, [
        'rodinný dům',
        'přístavba rodinného domu',
        'garáž',
        'bytový dům',
        'změna stavby před dokončením',
      ]);
      const at = place(rng);
      const subject = `Žádost o povolení záměru – ${what}, ${at}`;
      const note = 'Projektová dokumentace, plná moc, situační výkres';
      return chance(rng, 0.35) || what === 'bytový dům'
        ? fromOrg(rng, pick(rng, BUILDERS), subject, day, n, at, note)
        : fromCitizen(rng, subject, at, note);
    },
  },
  {
    id: 'zoning',
    weight: 5,
    groupCode: '3.2',
    file: 'priorace',
    referent: 0.5,
    deadlineDays: 30,
    lag: [12, 30],
    settle: [
      {
        method: 'document',
        notes: [
          'Vydán územní souhlas.',
          'Vydáno rozhodnutí o dělení pozemku.',
          'Územně plánovací informace poskytnuta.',
        ],
      },
    ],
    followUp: 0.3,
    make(rng, day, n) {
      const parcel = `parc. č. ${int(rng, 120, 3400)}/${int(rng, 1, 12)} v k. ú. ${pick(rng, CADASTRES)}`;
      const subject = pick(rng, [
        `Žádost o vydání územního souhlasu – oplocení pozemku ${parcel}`,
        `Žádost o rozhodnutí o dělení pozemku ${parcel}`,
        `Žádost o územně plánovací informaci – pozemek ${parcel}`,
        `Žádost o změnu využití území – zpevněná plocha, ${parcel}`,
      ]);
      return chance(rng, 0.2)
        ? fromOrg(rng, FIRMS.geodezie, subject, day, n, parcel, 'Geometrický plán')
        : fromCitizen(rng, subject, parcel, 'Snímek katastrální mapy, souhlas spoluvlastníků');
    },
  },
  {
    id: 'minor',
    weight: 10,
    groupCode: '3.3',
    file: null,
    referent: 0.8,
    deadlineDays: 30,
    lag: [6, 20],
    settle: [
      { method: 'document', notes: ['Vydán souhlas s ohlášeným záměrem.'], p: 0.7 },
      { method: 'record', notes: ['Záměr nevyžaduje povolení ani ohlášení; sděleno stavebníkovi.'] },
    ],
    followUp: 0,
    make(rng) {
      const at = `${pick(rng, STREETS)} ${int(rng, 1, 160)}`;
      const subject = pick(rng, [
        `Ohlášení stavby – pergola, ${at}`,
        `Ohlášení stavby – oplocení pozemku, ${at}`,
        `Ohlášení stavby – zahradní domek, ${at}`,
        `Ohlášení udržovacích prací – výměna střešní krytiny, ${at}`,
        `Oznámení záměru odstranit stavbu – kůlna, ${at}`,
        `Ohlášení stavby – bazén do 40 m², ${at}`,
      ]);
      return fromCitizen(rng, subject, at, chance(rng, 0.6) ? 'Jednoduchý technický popis, situace' : null);
    },
  },
  {
    id: 'felling',
    weight: 6,
    groupCode: '4.1',
    file: 'priorace',
    referent: 0.7,
    deadlineDays: 30,
    lag: [8, 25],
    settle: [
      {
        method: 'document',
        notes: ['Vydáno povolení ke kácení s náhradní výsadbou.', 'Vydáno povolení ke kácení.'],
        p: 0.85,
      },
      { method: 'document', notes: ['Kácení zamítnuto – strom je zdravý a v dobré kondici.'] },
    ],
    followUp: 0.15,
    make(rng) {
      const at = `${pick(rng, STREETS)} ${int(rng, 1, 160)}`;
      const n = int(rng, 1, 4);
      const tree = pick(rng, TREES);
      const subject = `Žádost o povolení kácení dřevin – ${n === 1 ? tree : `${n} ks, ${tree}`}, ${at}`;
      return fromCitizen(rng, subject, at, 'Fotodokumentace, souhlas vlastníka pozemku');
    },
  },
  {
    id: 'waste',
    weight: 25,
    months: [1, 2],
    groupCode: '4.1',
    file: null,
    referent: 1,
    deadlineDays: null,
    lag: [2, 8],
    settle: [{ method: 'acknowledgement', notes: [null] }],
    followUp: 0,
    make(rng, day, n) {
      const o = pick(rng, [FIRMS.odpady, FIRMS.pila, FIRMS.autodoprava, FIRMS.hlucinsko, FIRMS.zahradnictvi]);
      const year = Number(day.slice(0, 4)) - 1;
      return fromOrg(rng, o, `Hlášení o produkci a nakládání s odpady za rok ${year}`, day, n, '');
    },
  },
  {
    id: 'complaint',
    weight: 8,
    groupCode: '1.3',
    file: 'priorace',
    referent: 0.4,
    deadlineDays: 60,
    lag: [6, 25],
    settle: [
      {
        method: 'document',
        notes: ['Stěžovateli odpovězeno dopisem.', 'Podnět prošetřen, závada odstraněna.'],
        p: 0.8,
      },
      { method: 'forwarding', notes: ['Postoupeno Městské policii Hlučín.'] },
    ],
    followUp: 0,
    make(rng) {
      const street = pick(rng, STREETS);
      const subject = pick(rng, [
        `Stížnost na hluk z provozovny, ${street}`,
        `Podnět k opravě výtluků v komunikaci, ${street}`,
        `Stížnost na parkování vozidel na zeleni, ${street}`,
        `Podnět k ořezu stromů u chodníku, ${street}`,
        `Stížnost na zápach z chovu hospodářských zvířat, ${street}`,
        'Podnět k odstranění černé skládky u cyklostezky do Kozmic',
        `Petice za zřízení přechodu pro chodce, ${street}`,
      ]);
      return fromCitizen(rng, subject, street, chance(rng, 0.3) ? 'Fotodokumentace' : null);
    },
  },
  {
    id: 'foi',
    weight: 6,
    groupCode: '1.4',
    file: null,
    referent: 0.3,
    deadlineDays: 15,
    lag: [3, 9],
    settle: [
      {
        method: 'document',
        notes: ['Informace poskytnuta.', 'Informace poskytnuta odkazem na zveřejněné údaje.'],
        p: 0.9,
      },
      { method: 'document', notes: ['Žádost částečně odmítnuta rozhodnutím.'] },
    ],
    followUp: 0,
    make(rng, day, n) {
      const topic = pick(rng, FOI_TOPICS)(Number(day.slice(0, 4)) - 1);
      const subject = `Žádost o poskytnutí informace podle zákona č. 106/1999 Sb. – ${topic}`;
      return chance(rng, 0.25)
        ? fromOrg(rng, pick(rng, [FIRMS.hlucinsko, FIRMS.silniceOpava]), subject, day, n, '')
        : fromCitizen(rng, subject, '', null);
    },
  },
  {
    id: 'invoice',
    weight: 17,
    groupCode: '2.2',
    file: 'arch',
    referent: 0,
    deadlineDays: 14,
    lag: [3, 8],
    settle: [{ method: 'record', notes: ['Faktura věcně zkontrolována a předána k úhradě.'] }],
    followUp: 0,
    make(rng, day, n) {
      const [o, item] = pick(rng, INVOICES);
      const made = fromOrg(rng, o, '', day, n, '');
      return { ...made, subject: `Faktura č. ${made.senderRef} – ${item(rng)}` };
    },
  },
  {
    id: 'notice',
    weight: 14,
    groupCode: '5.1',
    file: null,
    referent: 0.5,
    deadlineDays: null,
    lag: [1, 4],
    settle: [{ method: 'acknowledgement', notes: [null] }],
    followUp: 0,
    make(rng, day, n) {
      const street = pick(rng, STREETS);
      const options: [Org, string][] = [
        [BODIES.cez, `Oznámení o přerušení dodávky elektřiny – ${street}`],
        [BODIES.smvak, `Oznámení o plánované odstávce pitné vody – ${street}`],
        [BODIES.silnice, `Oznámení o uzavírce silnice II/469 – oprava mostu`],
        [BODIES.kraj, 'Pozvánka na poradu vedoucích stavebních úřadů'],
        [BODIES.khs, 'Informace o kvalitě pitné vody ve veřejném vodovodu Hlučín'],
        [BODIES.hzs, 'Pozvánka na taktické cvičení jednotek požární ochrany'],
        [FIRMS.zahradkari, 'Pozvánka na výroční členskou schůzi'],
        [FIRMS.hasici, 'Oznámení o konání hasičské soutěže na hřišti v Darkovičkách'],
      ];
      const [o, subject] = pick(rng, options);
      return fromOrg(rng, o, subject, day, n, '');
    },
  },
];

// ---------------------------------------------------------------------------------------------
// The plan

function workingDaysBetween(from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) if (isWorkingDay('CZ', d)) out.push(d);
  return out;
}

function addWorkingDays(day: IsoDate, n: number): IsoDate {
  let d = day;
  for (let i = 0; i < n; ) {
    d = addDays(d, 1);
    if (isWorkingDay('CZ', d)) i++;
  }
  return d;
}

const firstWorkingDayFrom = (day: IsoDate) => (isWorkingDay('CZ', day) ? day : addWorkingDays(day, 1));

function quarterOf(day: IsoDate): { label: string; end: IsoDate } {
  const y = Number(day.slice(0, 4));
  const q = Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1;
  const endMonth = q * 3;
  const end = addDays(
    `${endMonth === 12 ? y + 1 : y}-${String((endMonth % 12) + 1).padStart(2, '0')}-01` as IsoDate,
    -1,
  );
  return { label: `${q}/${y}`, end };
}

const RETURN_REASON = 'Nepatří do mé agendy – jde o řízení, které vede vedoucí odboru.';

/**
 * Plans `count` incoming documents over the working days of the 365 days before `today` (plus
 * the follow-ups that join their files), each handled as far as its age allows: the last
 * working day's post still at the registry, the day before assigned but not taken over, one
 * returned; older ones accepted and mostly settled, a few forgotten (overdue). Files are closed
 * some days after their last settlement; closed files go to the records office in two batches.
 */
export function planDemoYear(input: { today: IsoDate; count: number; seed?: number }): YearPlan {
  const { today } = input;
  const count = Math.max(0, Math.floor(input.count));
  const rng = prng(input.seed ?? 0x5a3d2026);
  const plan: YearPlan = { documents: [], files: [], steps: [] };
  if (count === 0) return plan;
  const days = workingDaysBetween(addDays(today, -365), addDays(today, -1));
  const w = (i: number) => days[days.length - i]!; // w(1) = the last working day before today
  const older = days.slice(0, -5);

  // Registration days: the recent ones first fixed (so every state appears), the rest spread.
  const nRecent = Math.min(count, Math.max(8, Math.round(count * 0.08)));
  const regDays: IsoDate[] = [];
  const nW1 = Math.max(2, Math.round(nRecent * 0.25));
  const nW2 = Math.max(2, Math.round(nRecent * 0.25));
  for (let i = 0; i < nRecent; i++) regDays.push(i < nW1 ? w(1) : i < nW1 + nW2 ? w(2) : w(3 + (i % 3)));
  for (let i = nRecent; i < count; i++) regDays.push(pick(rng, older));
  regDays.sort();

  interface Life {
    doc: PlannedDocument;
    reg: IsoDate;
    assign: IsoDate | null;
    returned: IsoDate | null;
    reassigned: boolean;
    accept: IsoDate | null;
    settle: IsoDate | null;
    settleWith: { method: SettlementMethod; note: string | null } | null;
    deadlineDays: number | null;
  }
  const lives: Life[] = [];
  const archByQuarter = new Map<string, PlannedFile>();
  let returnedRecent = false;
  let returnedOld = false;
  let anyForgotten = false;
  const counters = new Map<string, number>();
  const nextN = (kind: string) => {
    const n = (counters.get(kind) ?? 0) + 1;
    counters.set(kind, n);
    return n * 37 + int(rng, 0, 30);
  };

  const newDoc = (kind: Kind, made: Made, reg: IsoDate, handler: DemoHandler): PlannedDocument => {
    const doc: PlannedDocument = {
      key: plan.documents.length,
      kind: kind.id,
      subject: made.subject,
      groupCode: kind.groupCode,
      sender: made.sender,
      sameSenderAs: null,
      channel: made.channel,
      deliveryMethod: made.deliveryMethod,
      deliveredAt: { day: reg, minute: 0 },
      senderRef: made.senderRef,
      sheets: made.sheets,
      attachments: made.attachments,
      attachmentNote: made.attachmentNote,
      handler,
      status: 'registered',
      file: null,
    };
    plan.documents.push(doc);
    return doc;
  };

  const chooseSettlement = (kind: Kind) => {
    let r = rng();
    for (const s of kind.settle) {
      const p = s.p ?? 1;
      if (r < p || s === kind.settle.at(-1)) return { method: s.method, note: pick(rng, s.notes) };
      r -= p;
    }
    throw new Error('unreachable');
  };

  const followUps: Life[] = [];
  for (const reg of regDays) {
    const month = Number(reg.slice(5, 7));
    const kinds = KINDS.filter((k) => !k.months || k.months.includes(month));
    const kind = weighted(rng, kinds);
    const made = kind.make(rng, reg, nextN(kind.id));
    const handler: DemoHandler = chance(rng, kind.referent) ? 'referent' : 'vedouci';
    const doc = newDoc(kind, made, reg, handler);
    const life: Life = {
      doc,
      reg,
      assign: null,
      returned: null,
      reassigned: false,
      accept: null,
      settle: null,
      settleWith: null,
      deadlineDays: kind.deadlineDays,
    };
    lives.push(life);
    if (reg === w(1)) continue; // at the registry still
    life.assign = reg;
    if (reg === w(2)) continue; // assigned, not taken over yet
    if (!returnedRecent && reg === w(3) && kind.file !== 'arch') {
      // Returned by the referent the next day: back at the registry.
      returnedRecent = true;
      doc.handler = 'referent';
      life.returned = w(2);
      continue;
    }
    let accept = addWorkingDays(reg, 1);
    if (!returnedOld && kind.id === 'complaint' && reg < addDays(today, -90)) {
      // Once the referent got a complaint the head deals with: returned, reassigned, accepted.
      returnedOld = true;
      doc.handler = 'vedouci';
      life.returned = accept;
      life.reassigned = true;
      accept = addWorkingDays(accept, 1);
    }
    life.accept = accept;
    // A few are forgotten: accepted, never settled, overdue by now.
    const eligible = kind.deadlineDays !== null && kind.file !== 'arch' && reg < addDays(today, -45);
    const forgotten: boolean =
      eligible && (chance(rng, 0.035) || (!anyForgotten && reg >= addDays(today, -120)));
    anyForgotten ||= forgotten;
    const settle = addWorkingDays(accept, int(rng, kind.lag[0], kind.lag[1]));
    if (!forgotten && settle < today) {
      life.settle = settle;
      life.settleWith = chooseSettlement(kind);
    }
    // Files: a priorace file grows from the document when it is accepted; invoices go into the
    // quarter's sběrný arch.
    if (kind.file === 'priorace') {
      const file: PlannedFile = {
        key: plan.files.length,
        method: 'priorace',
        groupCode: kind.groupCode,
        subject: null,
        handler: doc.handler,
        initialDocument: doc.key,
        status: 'open',
        inOffice: false,
        onLoan: false,
      };
      plan.files.push(file);
      doc.file = file.key;
      if (chance(rng, kind.followUp)) {
        // The applicant completes the request, or an authority gives its statement.
        const fReg = addWorkingDays(accept, int(rng, 3, 12));
        const fAccept = addWorkingDays(fReg, 1);
        const before = life.settle ?? w(5);
        if (fAccept < before && fAccept < w(5)) {
          const fromApplicant = chance(rng, 0.5) || kind.id !== 'building';
          const fMade: Made = fromApplicant
            ? {
                ...made,
                subject: made.subject.replace(/^Žádost o /, 'Doplnění žádosti o '),
                senderRef: null,
                attachmentNote: made.attachmentNote ? 'Doplněné podklady' : null,
              }
            : (() => {
                const o = pick(rng, [
                  BODIES.hzs,
                  BODIES.khs,
                  BODIES.cez,
                  BODIES.smvak,
                  BODIES.gasnet,
                  BODIES.cetin,
                ]);
                const what =
                  o === BODIES.hzs || o === BODIES.khs
                    ? 'Závazné stanovisko k záměru'
                    : 'Vyjádření k existenci sítí';
                return fromOrg(rng, o, `${what} – ${made.place}`, fReg, nextN('statement'), made.place);
              })();
          const fDoc = newDoc({ ...kind, id: `${kind.id}-follow-up` }, fMade, fReg, doc.handler);
          if (fromApplicant) fDoc.sameSenderAs = doc.key;
          fDoc.file = file.key;
          followUps.push({
            doc: fDoc,
            reg: fReg,
            assign: fReg,
            returned: null,
            reassigned: false,
            accept: fAccept,
            settle: life.settle,
            settleWith: life.settle
              ? { method: 'acknowledgement', note: 'Podklad pro rozhodnutí ve věci.' }
              : null,
            deadlineDays: null,
          });
        }
      }
    } else if (kind.file === 'arch') {
      const q = quarterOf(accept);
      let arch = archByQuarter.get(q.label);
      if (!arch) {
        arch = {
          key: plan.files.length,
          method: 'sberny_arch',
          groupCode: kind.groupCode,
          subject: `Došlé faktury odboru výstavby – ${q.label.replace('/', '. čtvrtletí ')}`,
          handler: 'vedouci',
          initialDocument: null,
          status: 'open',
          inOffice: false,
          onLoan: false,
        };
        plan.files.push(arch);
        archByQuarter.set(q.label, arch);
      }
      doc.file = arch.key;
    }
  }
  lives.push(...followUps);
  lives.sort((a, b) => (a.reg < b.reg ? -1 : a.reg > b.reg ? 1 : a.doc.key - b.doc.key));

  // Minutes: registrations from 8:00 in the order of the day, deliveries half an hour before
  // (in person: at the counter), assignments from 13:00, acceptance from 9:00 the next working
  // day, settlements from 10:00, closing from 15:00.
  const steps: (PlannedStep & { order: number })[] = [];
  const push = (s: PlannedStep) => steps.push({ ...s, order: steps.length });
  const counter = () => {
    const perDay = new Map<IsoDate, number>();
    return (day: IsoDate) => {
      const n = perDay.get(day) ?? 0;
      perDay.set(day, n + 1);
      return n;
    };
  };
  const regSlot = counter();
  const slot = counter();
  const fileCreated = new Set<number>();
  for (const life of lives) {
    const d = life.doc;
    const k = regSlot(life.reg);
    const regMinute = 480 + 4 * k;
    d.deliveredAt = { day: life.reg, minute: d.deliveryMethod === 'in_person' ? regMinute : regMinute - 30 };
    push({ at: { day: life.reg, minute: regMinute }, kind: 'register', doc: d.key });
    if (!life.assign) continue;
    const first: DemoHandler = life.returned ? 'referent' : d.handler;
    push({
      at: { day: life.assign, minute: 780 + k },
      kind: 'assign',
      doc: d.key,
      handler: first,
      deadlineDays: life.deadlineDays,
    });
    d.status = 'assigned';
    if (life.returned) {
      push({
        at: { day: life.returned, minute: 510 + k },
        kind: 'return',
        doc: d.key,
        reason: RETURN_REASON,
      });
      d.status = 'returned';
      if (!life.reassigned) continue;
      push({
        at: { day: life.returned, minute: 660 + k },
        kind: 'assign',
        doc: d.key,
        handler: d.handler,
        deadlineDays: life.deadlineDays,
      });
      d.status = 'assigned';
    }
    if (!life.accept) continue;
    const acceptAt = { day: life.accept, minute: 540 + k };
    push({ at: acceptAt, kind: 'accept', doc: d.key });
    d.status = 'accepted';
    if (d.file !== null) {
      const f = plan.files[d.file]!;
      if (!fileCreated.has(f.key)) {
        fileCreated.add(f.key);
        push({ at: acceptAt, kind: 'createFile', file: f.key });
      }
      if (f.initialDocument !== d.key) push({ at: acceptAt, kind: 'insert', file: f.key, doc: d.key });
    }
    if (life.settle && life.settleWith) {
      push({
        at: { day: life.settle, minute: 600 + Math.min(slot(life.settle), 280) },
        kind: 'settle',
        doc: d.key,
        ...life.settleWith,
      });
      d.status = 'settled';
    }
  }

  // Closing: a file whose documents are all settled is closed a few working days after the last
  // settlement (a sběrný arch after its quarter), unless that day has not come; a few stay open.
  const closedOn = new Map<number, IsoDate>();
  for (const f of plan.files) {
    const members = lives.filter((l) => l.doc.file === f.key);
    if (!fileCreated.has(f.key) || members.some((l) => !l.settle)) continue;
    const last = members.reduce((m, l) => (l.settle! > m ? l.settle! : m), members[0]!.settle!);
    let close = addWorkingDays(last, int(rng, 2, 8));
    if (f.method === 'sberny_arch') {
      const end = quarterOf(members[0]!.accept!).end;
      const afterQuarter = addWorkingDays(end, int(rng, 8, 15));
      if (afterQuarter > close) close = afterQuarter;
    } else if (chance(rng, 0.1)) continue;
    if (close >= today) continue;
    closedOn.set(f.key, close);
    f.status = 'closed';
    push({ at: { day: close, minute: 900 + Math.min(slot(close), 100) }, kind: 'close', file: f.key });
  }

  // The records office takes over files closed at least two weeks before each hand-over day.
  let box = 0;
  let firstInOffice: PlannedFile | null = null;
  for (const back of [182, 35]) {
    const day = firstWorkingDayFrom(addDays(today, -back));
    const due = [...closedOn.entries()]
      .filter(([key, c]) => !plan.files[key]!.inOffice && c <= addDays(day, -14))
      .sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[0] - b[0]));
    for (const [key] of due) {
      const f = plan.files[key]!;
      f.inOffice = true;
      firstInOffice ??= f;
      const shelf = 2 + Math.floor(box / 30);
      const location = `Spisovna MěÚ Hlučín, regál ${shelf}, krabice ${1 + Math.floor(box / 6)}`;
      box++;
      push({ at: { day, minute: 600 + Math.min(slot(day), 200) }, kind: 'handOver', file: key, location });
    }
  }
  if (firstInOffice) {
    // One of them is out on loan to the referent (a related case is being decided).
    const day = firstWorkingDayFrom(addDays(today, -10));
    firstInOffice.onLoan = true;
    push({
      at: { day, minute: 690 },
      kind: 'lend',
      file: firstInOffice.key,
      borrower: 'referent',
      dueOn: addDays(day, 30),
      note: 'Podklad pro navazující řízení.',
    });
  }

  steps.sort((a, b) =>
    a.at.day !== b.at.day ? (a.at.day < b.at.day ? -1 : 1) : a.at.minute - b.at.minute || a.order - b.order,
  );
  plan.steps = steps.map(({ order: _, ...s }) => s as PlannedStep);
  return plan;
}
