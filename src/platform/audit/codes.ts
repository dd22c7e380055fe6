/**
 * Code lists of the NSESSS audit log ("transakční protokol"), copied verbatim and in schema order from
 * `nsesss-2023/nsesss-TrP.xsd` (complex types `tTypUdalosti` and `tTypObjektu`). `codes.test.ts` parses
 * the XSD and fails if these arrays drift from it.
 *
 * The XSD documents no labels for the individual values (only the types themselves), so none are
 * kept here; human-readable names belong to i18n.
 *
 * Both XSD types are a choice between an enumerated `…Id` and a free `…Text` element. The renderer
 * (`trp-xml.ts`) writes a value from these lists as `TypUdalostiId` / `TypObjektuId` and anything
 * else as `TypUdalostiText` / `TypObjektuText`.
 */

/** `TypUdalostiId` — event types (44 values). */
export const TYP_UDALOSTI_IDS = [
  'Zalozeni',
  'Uprava',
  'Zruseni',
  'Zobrazeni',
  'Export',
  'Prenos',
  'Storno',
  'Zniceni',
  'VlozeniDoSpisu',
  'VyjmutiZeSpisu',
  'PripojeniCJ',
  'NovaVerze',
  'VlozeniKDokumentu',
  'VyjmutiZDokumentu',
  'VlozeniKVypraveni',
  'VyjmutiZVypraveni',
  'PripojeniPodpisu',
  'PripojeniRazitka',
  'FinalniVerze',
  'PredaniVypravne',
  'Vypraveno',
  'Doruceno',
  'Vyrizeni',
  'Schvaleni',
  'Uzavreni',
  'Otevreni',
  'PostoupeniAgende',
  'VraceniZAgendy',
  'ZmenaZpracovatele',
  'PripojeniKlicovehoSlova',
  'OdebraniKlicovehoSlova',
  'PredaniNaSpisovnu',
  'PrevzetiNaSpisovnu',
  'VraceniZeSpisovny',
  'PozastaveniSkartacniOperace',
  'ZruseniPozastaveniSkartacniOperace',
  'VlozeniDoUkladaciJednotky',
  'VyjmutiZUkladaciJednotky',
  'VlozeniDoSkartacnihoNavrhu',
  'VyjmutiZeSkartacnihoNavrhu',
  'VlozeniDoSpisoveRozluky',
  'VyjmutiZeSpisoveRozluky',
  'KonverzeZMociUredni',
  'KonverzeFormatu',
] as const;

export type TypUdalostiId = (typeof TYP_UDALOSTI_IDS)[number];

/** `TypObjektuId` — object types (31 values). */
export const TYP_OBJEKTU_IDS = [
  'Komponenta',
  'Zasilka',
  'Dokument',
  'Spis',
  'Soucast',
  'Dil',
  'TypovySpis',
  'VecnaSkupina',
  'SpisovyPlan',
  'Denik',
  'KonfiguraceSystemu',
  'Osoba',
  'FunkcniMisto',
  'SpisovyUzel',
  'OrganizacniJednotka',
  'SkupinaUzivatelu',
  'KonverzeZMociUredni',
  'Obalka',
  'SkartacniRezim',
  'SkartacniNavrh',
  'SpisovaRozluka',
  'SablonaTypovehoSpisu',
  'SablonaSoucasti',
  'Subjekt',
  'DruhDokumentu',
  'TypSpisu',
  'UkladaciJednotka',
  'SchvaleniSpis',
  'SchvaleniDokument',
  'SchvaleniKomponenta',
  'ZpusobVyrizeni',
] as const;

export type TypObjektuId = (typeof TYP_OBJEKTU_IDS)[number];

/**
 * Events the platform logs that NSESSS has no code for (the XSD has no sign-in event). They are
 * exported as `TypUdalostiText`, which the schema allows; log them with object type `Osoba`.
 */
export const PLATFORM_EVENT_TYPES = ['Prihlaseni', 'NeuspesnePrihlaseni', 'Odhlaseni'] as const;

export type PlatformEventType = (typeof PLATFORM_EVENT_TYPES)[number];

/** What may be stored in `audit_event.event_type`. */
export type AuditEventType = TypUdalostiId | PlatformEventType;

/** What may be stored in `audit_event.object_type`. */
export type AuditObjectType = TypObjektuId;

const udalostiSet: ReadonlySet<string> = new Set(TYP_UDALOSTI_IDS);
const objektuSet: ReadonlySet<string> = new Set(TYP_OBJEKTU_IDS);

export function isTypUdalostiId(value: string): value is TypUdalostiId {
  return udalostiSet.has(value);
}

export function isTypObjektuId(value: string): value is TypObjektuId {
  return objektuSet.has(value);
}
