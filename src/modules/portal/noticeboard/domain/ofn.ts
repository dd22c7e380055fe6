/**
 * The notice board as open data: OFN Úřední desky 2021-07-20 (JSON-LD, schema
 * `schémata/úřední-deska.json`), and its record for the national catalogue (NKOD) made from
 * the official template `metadata/úřední-desky.jsonld`. Pure: the caller passes absolute URLs.
 */

export const OFN_CONTEXT = 'https://ofn.gov.cz/úřední-desky/2021-07-20/kontexty/úřední-deska.jsonld';
export const OFN_SCHEMA = 'https://ofn.gov.cz/úřední-desky/2021-07-20/schémata/úřední-deska.json';
export const CATALOG_CONTEXT =
  'https://ofn.gov.cz/rozhraní-katalogů-otevřených-dat/2021-01-11/kontexty/rozhraní-katalogů-otevřených-dat.jsonld';

export interface OfnOperator {
  name: string;
  /** Czech IČO or Polish REGON, as the tenant register holds it. */
  ico: string | null;
  country: 'CZ' | 'PL';
}

export interface OfnNotice {
  id: string;
  title: string;
  description: string;
  /** Category label in Czech (OFN agenda). */
  agenda: string;
  postingDate: string;
  removalDate: string;
  approvalDate: string | null;
  referenceNumber: string | null;
  fileNumber: string | null;
  originator: { name: string; ico: string | null } | null;
  documents: { id: string; title: string }[];
}

const instant = (date: string) => ({ typ: 'Časový okamžik', datum: date });

/**
 * OFN identifies a board's operator as an "Osoba" by its 8-digit IČO. A Czech tenant without one
 * and a Polish gmina (REGON, not IČO) are described as a foreign-registered person instead, which
 * the schema allows (name + country of registration).
 */
function operator(o: OfnOperator): Record<string, unknown> {
  if (o.country === 'CZ' && o.ico && /^\d{8}$/.test(o.ico)) return { typ: 'Osoba', ičo: o.ico };
  return {
    typ: 'Zahraniční osoba',
    název: { cs: o.name },
    stát_registrace: `http://publications.europa.eu/resource/authority/country/${o.country === 'PL' ? 'POL' : 'CZE'}`,
  };
}

/** The board document; `boardUrl` is the public page, e.g. https://host/hlucin/uredni-deska. */
export function buildOfnBoard(input: {
  boardUrl: string;
  operator: OfnOperator;
  notices: readonly OfnNotice[];
}): Record<string, unknown> {
  const { boardUrl } = input;
  return {
    '@context': OFN_CONTEXT,
    typ: 'Úřední deska',
    iri: boardUrl,
    stránka: boardUrl,
    provozovatel: operator(input.operator),
    informace: input.notices.map((n) => {
      const url = `${boardUrl}/${n.id}`;
      const item: Record<string, unknown> = {
        typ: ['Digitální objekt', 'Informace na úřední desce'],
        iri: url,
        url,
        název: { cs: n.title },
      };
      if (n.description) item.popis = { cs: n.description };
      item.vyvěšení = instant(n.postingDate);
      item.relevantní_do = instant(n.removalDate);
      if (n.approvalDate) item.schválení = instant(n.approvalDate);
      if (n.referenceNumber) item.číslo_jednací = n.referenceNumber;
      if (n.fileNumber) item.spisová_značka = n.fileNumber;
      item.agenda = [{ typ: 'Agenda', název: { cs: n.agenda } }];
      if (n.originator?.ico) {
        item.subjekt = [{ typ: 'Osoba', název: { cs: n.originator.name }, ičo: n.originator.ico }];
      }
      if (n.documents.length > 0) {
        item.dokument = n.documents.map((d) => ({
          typ: 'Digitální objekt',
          název: { cs: d.title },
          url: `${url}/dokumenty/${d.id}`,
          typ_média: 'http://www.iana.org/assignments/media-types/application/pdf',
        }));
      }
      return item;
    }),
  };
}

/** The NKOD catalogue record (Datová sada) for one tenant's board, from the official template. */
export function buildCatalogRecord(input: {
  dataUrl: string;
  tenantName: string;
  contactEmail: string | null;
}): Record<string, unknown> {
  return {
    '@context': CATALOG_CONTEXT,
    iri: `${input.dataUrl}#datová-sada`,
    typ: 'Datová sada',
    název: { cs: `Úřední deska – ${input.tenantName}`, en: `Official bulletin board – ${input.tenantName}` },
    popis: {
      cs: `Tato datová sada obsahuje data z úřední desky (${input.tenantName}) dle Otevřené formální normy Úřední desky (https://ofn.gov.cz/úřední-desky/2021-07-20/).`,
      en: `This dataset contains information from the official bulletin board of ${input.tenantName} according to the formal open standard.`,
    },
    prvek_rúian: ['https://linked.cuzk.cz/resource/ruian/stat/1'],
    geografické_území: ['http://publications.europa.eu/resource/authority/country/CZE'],
    prostorové_pokrytí: [],
    klíčové_slovo: { cs: ['úřední deska'], en: ['bulletin board'] },
    periodicita_aktualizace: 'http://publications.europa.eu/resource/authority/frequency/DAILY',
    dokumentace: 'https://ofn.gov.cz/úřední-desky/2021-07-20/',
    téma: ['http://publications.europa.eu/resource/authority/data-theme/GOVE'],
    koncept_euroVoc: ['http://eurovoc.europa.eu/492'],
    specifikace: ['https://ofn.gov.cz/úřední-desky/', 'https://ofn.gov.cz/úřední-desky/2021-07-20/'],
    kontaktní_bod: input.contactEmail
      ? { typ: 'Organizace', jméno: { cs: input.tenantName }, 'e-mail': `mailto:${input.contactEmail}` }
      : {},
    distribuce: [
      {
        typ: 'Distribuce',
        podmínky_užití: {
          typ: 'Specifikace podmínek užití',
          autorské_dílo: 'https://data.gov.cz/podmínky-užití/neobsahuje-autorská-díla/',
          databáze_jako_autorské_dílo:
            'https://data.gov.cz/podmínky-užití/není-autorskoprávně-chráněnou-databází/',
          databáze_chráněná_zvláštními_právy:
            'https://data.gov.cz/podmínky-užití/není-chráněna-zvláštním-právem-pořizovatele-databáze/',
          osobní_údaje: 'https://data.gov.cz/podmínky-užití/neobsahuje-osobní-údaje/',
        },
        soubor_ke_stažení: input.dataUrl,
        přístupové_url: input.dataUrl,
        typ_média: 'http://www.iana.org/assignments/media-types/application/ld+json',
        formát: 'http://publications.europa.eu/resource/authority/file-type/JSON_LD',
        schéma: OFN_SCHEMA,
      },
    ],
  };
}
