/**
 * Pre-filled page trees: the Czech structure of vyhláška č. 442/2006 Sb. (povinně zveřejňované
 * informace) and, for Polish tenants, the usual BIP menu. Pure: built from the tenant's register
 * entry; staff then complete and correct the text.
 */
export interface TemplateTenant {
  slug: string;
  name: string;
  country: 'CZ' | 'PL';
  ico: string | null;
  address: { street?: string; city?: string; postcode?: string };
  contacts: { email?: string; phone?: string; web?: string };
  officeHours: { days: string; hours: string }[];
  databoxId?: string | null;
}

export interface TemplatePage {
  slug: string;
  title: string;
  body: string;
  parent?: string;
  producedBy: string;
}

/** Paths on the portal the information pages must not take (FOI pages live beside them). */
export const RESERVED_INFO_SLUGS = ['zadost', 'poskytnute', 'vyrocni-zprava', 'new', 'template'];

function addressLine(t: TemplateTenant): string {
  const a = t.address;
  return [a.street, [a.postcode, a.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
}

function hours(t: TemplateTenant): string {
  return t.officeHours.map((h) => `- ${h.days}: ${h.hours}`).join('\n');
}

const fill = (v: string | null | undefined, placeholder: string) => (v && v.trim() !== '' ? v : placeholder);

export function czechTemplate(t: TemplateTenant): TemplatePage[] {
  const office = 'Úřad';
  const addr = fill(addressLine(t), '[doplňte adresu]');
  return [
    { slug: 'nazev', title: '1. Název', body: t.name, producedBy: office },
    {
      slug: 'duvod-a-zpusob-zalozeni',
      title: '2. Důvod a způsob založení',
      body: `${t.name} je územním samosprávným celkem podle zákona č. 128/2000 Sb., o obcích (obecní zřízení). Vykonává samostatnou působnost a v rozsahu stanoveném zákony i přenesenou působnost.`,
      producedBy: office,
    },
    {
      slug: 'organizacni-struktura',
      title: '3. Organizační struktura',
      body: 'Orgány: zastupitelstvo, rada, starosta, úřad a zvláštní orgány.\n\nÚřad se člení na odbory podle organizačního řádu; aktuální přehled odborů a jejich vedoucích je uveden níže.\n\n[doplňte odbory a vedoucí]',
      producedBy: office,
    },
    {
      slug: 'kontaktni-spojeni',
      title: '4. Kontaktní spojení',
      body: [
        `4.1 Kontaktní poštovní adresa: ${t.name}, ${addr}`,
        `4.2 Adresa úřadovny pro osobní návštěvu: ${addr}`,
        `4.3 Úřední hodiny:\n${fill(hours(t), '[doplňte úřední hodiny]')}`,
        `4.4 Telefonní čísla: ${fill(t.contacts.phone, '[doplňte]')}`,
        `4.6 Adresa internetové stránky: ${fill(t.contacts.web, '[doplňte]')}`,
        `4.7 Adresa e-podatelny: ${fill(t.contacts.email, '[doplňte]')}`,
        `4.8 Datová schránka: ${fill(t.databoxId ?? null, '[doplňte]')}`,
      ].join('\n\n'),
      producedBy: office,
    },
    {
      slug: 'bankovni-spojeni',
      title: '5. Případné platby lze poukázat',
      body: 'Číslo účtu: [doplňte číslo účtu/kód banky]\n\nJako variabilní symbol uveďte symbol z platebního výměru.',
      producedBy: 'Finanční odbor',
    },
    { slug: 'ico', title: '6. IČO', body: fill(t.ico, '[doplňte IČO]'), producedBy: office },
    { slug: 'dic', title: '7. DIČ', body: t.ico ? `CZ${t.ico}` : '[doplňte DIČ]', producedBy: office },
    {
      slug: 'dokumenty',
      title: '8. Dokumenty',
      body: '8.1 Seznamy hlavních dokumentů: strategický plán rozvoje, územní plán, koncepce a programy.',
      producedBy: office,
    },
    {
      slug: 'rozpocet',
      parent: 'dokumenty',
      title: '8.2 Rozpočet',
      body: 'Schválený rozpočet, střednědobý výhled rozpočtu a závěrečný účet jsou zveřejněny na úřední desce a v této sekci.',
      producedBy: 'Finanční odbor',
    },
    {
      slug: 'zadosti-o-informace',
      title: '9. Žádosti o informace',
      body: `Žádost o informace podle zákona č. 106/1999 Sb. lze podat ústně, písemně na adrese ${addr}, elektronicky${t.contacts.email ? ` na ${t.contacts.email}` : ''}, datovou schránkou nebo formulářem na tomto portálu (odkaz „Žádost o informace“).\n\nInformace se poskytuje do 15 dnů od přijetí žádosti; lhůtu lze ze závažných důvodů prodloužit nejvýše o 10 dní.`,
      producedBy: office,
    },
    {
      slug: 'prijem-podani',
      title: '10. Příjem žádostí a dalších podání',
      body: `Podání lze učinit na podatelně úřadu (${addr}) v úředních hodinách, elektronicky na adresu e-podatelny nebo datovou schránkou.`,
      producedBy: office,
    },
    {
      slug: 'opravne-prostredky',
      title: '11. Opravné prostředky',
      body: 'Proti rozhodnutí o odmítnutí žádosti lze podat odvolání do 15 dnů od jeho doručení (§16 zákona č. 106/1999 Sb.). Stížnost na postup při vyřizování žádosti lze podat do 30 dnů (§16a). Odvolání i stížnost se podávají u úřadu, který rozhodl.',
      producedBy: office,
    },
    {
      slug: 'formulare',
      title: '12. Formuláře',
      body: 'Formuláře k podáním jsou k dispozici na podatelně a na tomto portálu. [doplňte odkazy]',
      producedBy: office,
    },
    {
      slug: 'popisy-postupu',
      title: '13. Popisy postupů – návody pro řešení životních situací',
      body: 'Návody pro řešení životních situací jsou zveřejněny na Portálu veřejné správy. [doplňte odkazy]',
      producedBy: office,
    },
    {
      slug: 'predpisy',
      title: '14. Předpisy',
      body: '14.1 Nejdůležitější používané předpisy: zákon č. 128/2000 Sb., o obcích; zákon č. 500/2004 Sb., správní řád; zákon č. 106/1999 Sb., o svobodném přístupu k informacím.',
      producedBy: office,
    },
    {
      slug: 'vydane-predpisy',
      parent: 'predpisy',
      title: '14.2 Vydané právní předpisy',
      body: 'Obecně závazné vyhlášky a nařízení jsou zveřejněny ve Sbírce právních předpisů územních samosprávných celků.',
      producedBy: office,
    },
    {
      slug: 'uhrady',
      title: '15. Úhrady za poskytování informací',
      body: '15.1 Sazebník úhrad: černobílá kopie A4 2 Kč za stranu, mimořádně rozsáhlé vyhledání informací 250 Kč za každou započatou hodinu.\n\n15.2 Usnesení nadřízených orgánů o úhradách: žádná.',
      producedBy: office,
    },
    {
      slug: 'licencni-smlouvy',
      title: '16. Licenční smlouvy',
      body: '16.1 Vzory licenčních smluv: nejsou.\n\n16.2 Výhradní licence: nebyly poskytnuty.',
      producedBy: office,
    },
    {
      slug: 'vyrocni-zprava-106',
      title: '17. Výroční zpráva podle zákona o svobodném přístupu k informacím',
      body: `Výroční zprávy jsou zveřejněny na stránce /${t.slug}/informace/vyrocni-zprava.`,
      producedBy: office,
    },
  ];
}

export function polishTemplate(t: TemplateTenant): TemplatePage[] {
  const office = 'Sekretariat Urzędu';
  const addr = fill(addressLine(t), '[uzupełnij adres]');
  return [
    { slug: 'nazwa', title: 'Nazwa', body: t.name, producedBy: office },
    {
      slug: 'status-prawny',
      title: 'Status prawny i podstawa działania',
      body: `${t.name} działa na podstawie ustawy z dnia 8 marca 1990 r. o samorządzie gminnym oraz statutu gminy.`,
      producedBy: office,
    },
    {
      slug: 'struktura-organizacyjna',
      title: 'Struktura organizacyjna',
      body: 'Organy gminy: rada gminy i wójt. Urząd gminy działa według regulaminu organizacyjnego.\n\n[uzupełnij referaty i kierowników]',
      producedBy: office,
    },
    {
      slug: 'kontakt',
      title: 'Dane kontaktowe',
      body: [
        `Adres: ${t.name}, ${addr}`,
        `Godziny pracy:\n${fill(hours(t), '[uzupełnij]')}`,
        `Telefon: ${fill(t.contacts.phone, '[uzupełnij]')}`,
        `E-mail: ${fill(t.contacts.email, '[uzupełnij]')}`,
        'Elektroniczna skrzynka podawcza (ePUAP): [uzupełnij]',
      ].join('\n\n'),
      producedBy: office,
    },
    {
      slug: 'rachunek-bankowy',
      title: 'Rachunek bankowy',
      body: 'Numer rachunku: [uzupełnij numer rachunku]',
      producedBy: 'Referat Finansowy',
    },
    {
      slug: 'nip-regon',
      title: 'NIP i REGON',
      body: `REGON: ${fill(t.ico, '[uzupełnij]')}\n\nNIP: [uzupełnij]`,
      producedBy: office,
    },
    {
      slug: 'budzet',
      title: 'Budżet',
      body: 'Uchwała budżetowa, wieloletnia prognoza finansowa i sprawozdania z wykonania budżetu.',
      producedBy: 'Referat Finansowy',
    },
    {
      slug: 'dostep-do-informacji',
      title: 'Dostęp do informacji publicznej',
      body: 'Informacja publiczna, która nie została udostępniona w BIP, jest udostępniana na wniosek (ustawa z dnia 6 września 2001 r. o dostępie do informacji publicznej). Wniosek można złożyć pisemnie, elektronicznie lub ustnie; odpowiedź udzielana jest bez zbędnej zwłoki, nie później niż w terminie 14 dni.',
      producedBy: office,
    },
    {
      slug: 'zalatwianie-spraw',
      title: 'Załatwianie spraw – procedury i formularze',
      body: 'Opisy procedur (karty usług) i formularze wniosków. [uzupełnij]',
      producedBy: office,
    },
    {
      slug: 'srodki-odwolawcze',
      title: 'Środki odwoławcze',
      body: 'Od decyzji przysługuje odwołanie do samorządowego kolegium odwoławczego w terminie 14 dni od dnia doręczenia decyzji, za pośrednictwem organu, który wydał decyzję.',
      producedBy: office,
    },
    {
      slug: 'prawo-lokalne',
      title: 'Prawo lokalne',
      body: 'Uchwały rady gminy i zarządzenia wójta; akty prawa miejscowego publikowane są w wojewódzkim dzienniku urzędowym.',
      producedBy: 'Biuro Rady',
    },
    {
      slug: 'oplaty',
      title: 'Opłaty',
      body: 'Udostępnienie informacji publicznej jest bezpłatne, z wyjątkiem dodatkowych kosztów (art. 15 ustawy o dostępie do informacji publicznej).',
      producedBy: office,
    },
    {
      slug: 'instrukcja-bip',
      title: 'Instrukcja korzystania z BIP',
      body: 'Każda strona zawiera metryczkę (podmiot udostępniający, kto wytworzył i wprowadził informację, daty) oraz rejestr zmian z archiwalnymi wersjami.',
      producedBy: office,
    },
  ];
}

export function templateFor(t: TemplateTenant): TemplatePage[] {
  return t.country === 'PL' ? polishTemplate(t) : czechTemplate(t);
}
