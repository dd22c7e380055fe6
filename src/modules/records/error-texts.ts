/**
 * Czech and Polish texts of the records module's domain errors, for the server-rendered pages.
 *
 * The use cases raise their errors in English (`invalid`, `conflict`, `notFound`, `forbidden` in
 * `platform/errors.ts`) and the JSON API answers those English texts unchanged; the pages pass each
 * text through `localizeError` in the clerk's language. Exact texts are looked up in `EXACT`; texts
 * with interpolated values (reference numbers, file numbers, limits) match one of `PATTERNS`. A text
 * neither knows stays English. `error-texts.test.ts` checks that every text the module's sources
 * raise has a translation.
 */

type Lang = 'cs' | 'pl';
type Pair = { cs: string; pl: string };

/** Texts without interpolated values, English → Czech / Polish. */
const EXACT: Record<string, Pair> = {
  // platform defaults (src/platform/errors.ts)
  'The data is not valid.': { cs: 'Údaje nejsou platné.', pl: 'Dane są nieprawidłowe.' },
  'You are not allowed to do this.': {
    cs: 'K tomu nemáte oprávnění.',
    pl: 'Nie masz uprawnień do tej czynności.',
  },
  'The requested object was not found.': {
    cs: 'Požadovaný záznam nebyl nalezen.',
    pl: 'Nie znaleziono żądanego obiektu.',
  },
  // notFound(what) → `${what} was not found.`
  'The component was not found.': {
    cs: 'Komponenta nebyla nalezena.',
    pl: 'Nie znaleziono pliku dokumentu.',
  },
  'The dispatch was not found.': { cs: 'Vypravení nebylo nalezeno.', pl: 'Nie znaleziono wysyłki.' },
  'The disposal proposal was not found.': {
    cs: 'Skartační návrh nebyl nalezen.',
    pl: 'Nie znaleziono wniosku o brakowanie.',
  },
  'The document was not found.': { cs: 'Dokument nebyl nalezen.', pl: 'Nie znaleziono dokumentu.' },
  'The document in this file was not found.': {
    cs: 'Dokument v tomto spisu nebyl nalezen.',
    pl: 'Nie znaleziono dokumentu w tej sprawie.',
  },
  'The envelope (only a dispatch by post has one) was not found.': {
    cs: 'Obálka nebyla nalezena (má ji jen vypravení poštou).',
    pl: 'Nie znaleziono koperty (ma ją tylko wysyłka pocztowa).',
  },
  'The file was not found.': { cs: 'Spis nebyl nalezen.', pl: 'Nie znaleziono sprawy.' },
  'The file plan was not found.': { cs: 'Spisový plán nebyl nalezen.', pl: 'Nie znaleziono wykazu akt.' },
  'The own document was not found.': {
    cs: 'Vlastní dokument nebyl nalezen.',
    pl: 'Nie znaleziono dokumentu własnego.',
  },
  'The recipient of this document was not found.': {
    cs: 'Adresát tohoto dokumentu nebyl nalezen.',
    pl: 'Nie znaleziono odbiorcy tego dokumentu.',
  },
  'The records office item was not found.': {
    cs: 'Položka spisovny nebyla nalezena.',
    pl: 'Nie znaleziono pozycji archiwum zakładowego.',
  },
  'The stand-in was not found.': { cs: 'Zastupování nebylo nalezeno.', pl: 'Nie znaleziono zastępstwa.' },
  'The tenant was not found.': { cs: 'Původce nebyl nalezen.', pl: 'Nie znaleziono podmiotu.' },
  'The version was not found.': { cs: 'Verze nebyla nalezena.', pl: 'Nie znaleziono wersji.' },

  'A data-box ID has 7 letters or digits.': {
    cs: 'ID datové schránky má 7 písmen nebo číslic.',
    pl: 'ID skrzynki danych ma 7 liter lub cyfr.',
  },
  'A data-box dispatch is sent by the data-box connector; it waits in the queue until then.': {
    cs: 'Vypravení datovou schránkou odešle konektor datových schránek; do té doby čeká ve frontě.',
    pl: 'Wysyłkę do skrzynki danych wysyła konektor skrzynek; do tego czasu czeka w kolejce.',
  },
  'A fixed year of disposal (RokVyrazeni) is not supported; use a period.': {
    cs: 'Pevný rok vyřazení (RokVyrazeni) není podporován; uveďte skartační lhůtu.',
    pl: 'Stały rok brakowania (RokVyrazeni) nie jest obsługiwany; podaj okres przechowywania.',
  },
  'A handler does not stand in for themselves.': {
    cs: 'Zpracovatel nemůže zastupovat sám sebe.',
    pl: 'Prowadzący nie może zastępować samego siebie.',
  },
  'A head assigns only within their own org unit.': {
    cs: 'Vedoucí přiděluje jen v rámci svého útvaru.',
    pl: 'Kierownik przydziela tylko w obrębie własnej komórki organizacyjnej.',
  },
  'A head records stand-ins for the handlers of their own org unit.': {
    cs: 'Vedoucí zapisuje zastupování jen zpracovatelům svého útvaru.',
    pl: 'Kierownik ustanawia zastępstwa tylko dla prowadzących ze swojej komórki organizacyjnej.',
  },
  'A new version is one file for a component of this document.': {
    cs: 'Nová verze je jeden soubor ke komponentě tohoto dokumentu.',
    pl: 'Nowa wersja to jeden plik do pliku tego dokumentu.',
  },
  'A or S.': { cs: 'A nebo S.', pl: 'A albo S.' },
  'A person is natural or legal.': {
    cs: 'Osoba je fyzická, nebo právnická.',
    pl: 'Osoba jest fizyczna albo prawna.',
  },
  'A regime with this identifier already exists.': {
    cs: 'Skartační režim s tímto identifikátorem již existuje.',
    pl: 'Kategoria archiwalna o tym identyfikatorze już istnieje.',
  },
  'A settled document is not forwarded any more.': {
    cs: 'Vyřízený dokument se již nepředává.',
    pl: 'Załatwionego dokumentu nie przekazuje się już dalej.',
  },
  'A whole number of attachments, 0 or more.': {
    cs: 'Počet příloh je celé číslo, 0 nebo více.',
    pl: 'Liczba załączników to liczba całkowita, 0 lub więcej.',
  },
  'A whole number of sheets, 0 or more.': {
    cs: 'Počet listů je celé číslo, 0 nebo více.',
    pl: 'Liczba kart to liczba całkowita, 0 lub więcej.',
  },
  'A year (1900–9999).': { cs: 'Rok (1900–9999).', pl: 'Rok (1900–9999).' },
  'An own document is handed to a handler.': {
    cs: 'Vlastní dokument se předává zpracovateli.',
    pl: 'Dokument własny przekazuje się prowadzącemu.',
  },
  'An own document is not returned to the registry; its author handles it.': {
    cs: 'Vlastní dokument se nevrací na podatelnu; vyřizuje ho jeho autor.',
    pl: 'Dokumentu własnego nie zwraca się do kancelarii; załatwia go jego autor.',
  },
  'At most 20 files per consignment.': {
    cs: 'Nejvýše 20 souborů na jednu zásilku.',
    pl: 'Najwyżej 20 plików na jedną przesyłkę.',
  },
  'Choose a file.': { cs: 'Vyberte soubor.', pl: 'Wybierz plik.' },
  'Choose a person or enter a new one.': {
    cs: 'Vyberte osobu, nebo zadejte novou.',
    pl: 'Wybierz osobę albo wprowadź nową.',
  },
  'Choose a recipient of the document.': {
    cs: 'Vyberte adresáta dokumentu.',
    pl: 'Wybierz odbiorcę dokumentu.',
  },
  'Choose an XML file.': { cs: 'Vyberte soubor XML.', pl: 'Wybierz plik XML.' },
  'Choose post, e-mail, data box or in person.': {
    cs: 'Zvolte poštu, e-mail, datovou schránku, nebo osobní předání.',
    pl: 'Wybierz pocztę, e-mail, skrzynkę danych albo doręczenie osobiste.',
  },
  'Choose priorace or sběrný arch.': {
    cs: 'Zvolte priorace, nebo sběrný arch.',
    pl: 'Wybierz priorace albo arkusz zbiorczy.',
  },
  'Choose the first day of the range.': {
    cs: 'Zvolte první den období.',
    pl: 'Wybierz pierwszy dzień okresu.',
  },
  'Choose the last day of the range.': {
    cs: 'Zvolte poslední den období.',
    pl: 'Wybierz ostatni dzień okresu.',
  },
  'E-mail dispatch is not configured (SMTP_OUT_HOST, SMTP_OUT_FROM).': {
    cs: 'Vypravení e-mailem není nastaveno (SMTP_OUT_HOST, SMTP_OUT_FROM).',
    pl: 'Wysyłka e-mailem nie jest skonfigurowana (SMTP_OUT_HOST, SMTP_OUT_FROM).',
  },
  'Expected multipart/form-data.': {
    cs: 'Očekáván formát multipart/form-data.',
    pl: 'Oczekiwano multipart/form-data.',
  },
  'Files are formed only in subject groups with a retention regime.': {
    cs: 'Spisy se zakládají jen ve věcných skupinách se skartačním režimem.',
    pl: 'Sprawy zakłada się tylko w klasach wykazu akt z kategorią archiwalną.',
  },
  'Name the handler or the org unit to forward the document to.': {
    cs: 'Uveďte zpracovatele nebo útvar, kterému se dokument předává.',
    pl: 'Wskaż prowadzącego lub komórkę organizacyjną, której przekazuje się dokument.',
  },
  'No document of the file is settled.': {
    cs: 'Žádný dokument spisu není vyřízen.',
    pl: 'Żaden dokument sprawy nie jest załatwiony.',
  },
  'No file was uploaded.': { cs: 'Nebyl nahrán žádný soubor.', pl: 'Nie przesłano żadnego pliku.' },
  'Not a component of this document.': {
    cs: 'Nejde o komponentu tohoto dokumentu.',
    pl: 'To nie jest plik tego dokumentu.',
  },
  'Not a date (YYYY-MM-DD).': { cs: 'Nejde o datum (RRRR-MM-DD).', pl: 'To nie jest data (RRRR-MM-DD).' },
  'Not a date and time.': { cs: 'Nejde o datum a čas.', pl: 'To nie jest data i godzina.' },
  'Not a recipient of this document.': {
    cs: 'Nejde o adresáta tohoto dokumentu.',
    pl: 'To nie jest odbiorca tego dokumentu.',
  },
  'Only a handler records a stand-in for themselves.': {
    cs: 'Zastupování za sebe zapisuje jen zpracovatel.',
    pl: 'Zastępstwo dla siebie ustanawia tylko prowadzący.',
  },
  'Only the absent handler, who recorded it, or the head of the unit ends a stand-in.': {
    cs: 'Zastupování ukončuje jen nepřítomný zpracovatel, ten, kdo je zapsal, nebo vedoucí útvaru.',
    pl: 'Zastępstwo kończy tylko nieobecny prowadzący, osoba, która je ustanowiła, lub kierownik komórki.',
  },
  'Only the assigned handler (or their stand-in) may do this.': {
    cs: 'To smí jen přidělený zpracovatel (nebo jeho zástupce).',
    pl: 'Może to zrobić tylko wyznaczony prowadzący (lub jego zastępca).',
  },
  'Only the dispatch office (registry) does this.': {
    cs: 'To dělá jen výpravna (podatelna).',
    pl: 'Robi to tylko ekspedycja (kancelaria).',
  },
  'Only the document’s handler (or their stand-in) or the head of its org unit may forward it.': {
    cs: 'Dokument smí předat jen jeho zpracovatel (nebo jeho zástupce) nebo vedoucí jeho útvaru.',
    pl: 'Dokument może przekazać tylko jego prowadzący (lub jego zastępca) albo kierownik jego komórki.',
  },
  'Only the document’s handler or the head of its org unit hands it to the dispatch office.': {
    cs: 'Výpravně dokument předává jen jeho zpracovatel nebo vedoucí jeho útvaru.',
    pl: 'Do ekspedycji dokument przekazuje tylko jego prowadzący albo kierownik jego komórki.',
  },
  'Only the document’s handler or the head of its org unit may form a file from it.': {
    cs: 'Spis z dokumentu smí založit jen jeho zpracovatel nebo vedoucí jeho útvaru.',
    pl: 'Sprawę z dokumentu może założyć tylko jego prowadzący albo kierownik jego komórki.',
  },
  'Only the document’s handler or the head of its org unit may settle it.': {
    cs: 'Dokument smí vyřídit jen jeho zpracovatel nebo vedoucí jeho útvaru.',
    pl: 'Dokument może załatwić tylko jego prowadzący albo kierownik jego komórki.',
  },
  'Only the document’s handler or the head of its org unit prepares its dispatch.': {
    cs: 'Vypravení dokumentu připravuje jen jeho zpracovatel nebo vedoucí jeho útvaru.',
    pl: 'Wysyłkę dokumentu przygotowuje tylko jego prowadzący albo kierownik jego komórki.',
  },
  'Only the document’s handler or the head of its org unit may change it.': {
    cs: 'Dokument smí měnit jen jeho zpracovatel nebo vedoucí jeho útvaru.',
    pl: 'Dokument może zmieniać tylko jego prowadzący albo kierownik jego komórki.',
  },
  'Only the document’s handler or the head of its org unit may ask for approval.': {
    cs: 'O schválení dokumentu smí požádat jen jeho zpracovatel nebo vedoucí jeho útvaru.',
    pl: 'O zatwierdzenie dokumentu może wystąpić tylko jego prowadzący albo kierownik jego komórki.',
  },
  'Only the head of the document’s org unit may approve it.': {
    cs: 'Dokument smí schválit jen vedoucí jeho útvaru.',
    pl: 'Dokument może zatwierdzić tylko kierownik jego komórki.',
  },
  'Only the head of the document’s org unit may return it.': {
    cs: 'Dokument smí vrátit jen vedoucí jeho útvaru.',
    pl: 'Dokument może zwrócić tylko kierownik jego komórki.',
  },
  'Only the file’s handler or the head of its org unit may add documents to it.': {
    cs: 'Dokumenty do spisu smí vkládat jen jeho zpracovatel nebo vedoucí jeho útvaru.',
    pl: 'Dokumenty do sprawy może dodawać tylko jej prowadzący albo kierownik jego komórki.',
  },
  'Only the file’s handler or the head of its org unit may do this.': {
    cs: 'To smí jen zpracovatel spisu nebo vedoucí jeho útvaru.',
    pl: 'Może to zrobić tylko prowadzący sprawę albo kierownik jego komórki.',
  },
  'Only a prepared dispatch is handed to the dispatch office.': {
    cs: 'Výpravně se předává jen připravené vypravení.',
    pl: 'Do ekspedycji przekazuje się tylko przygotowaną wysyłkę.',
  },
  'Only a dispatch handed to the dispatch office is sent.': {
    cs: 'Odesílá se jen vypravení předané výpravně.',
    pl: 'Wysyła się tylko wysyłkę przekazaną do ekspedycji.',
  },
  'Only a sent dispatch is recorded as delivered.': {
    cs: 'Jako doručené se zapisuje jen odeslané vypravení.',
    pl: 'Jako doręczoną odnotowuje się tylko wysłaną wysyłkę.',
  },
  'Only a sent dispatch comes back undeliverable.': {
    cs: 'Jako nedoručitelné se vrací jen odeslané vypravení.',
    pl: 'Jako niedoręczalna wraca tylko wysłana wysyłka.',
  },
  'Only a dispatch in person that has not been handed over yet is recorded so.': {
    cs: 'Takto se zapisuje jen osobní vypravení, které ještě nebylo předáno.',
    pl: 'Tak odnotowuje się tylko doręczenie osobiste, które nie zostało jeszcze przekazane.',
  },
  'Records belong to a tenant; the operator has none.': {
    cs: 'Záznamy patří původci; provozovatel žádné nemá.',
    pl: 'Dokumentacja należy do podmiotu; operator żadnej nie ma.',
  },
  'Retention mark V is not allowed for new entities (vyhláška 259/2012 Sb. as amended in 2023).': {
    cs: 'Skartační znak V není pro nové entity přípustný (vyhláška č. 259/2012 Sb., ve znění z roku 2023).',
    pl: 'Kategoria V nie jest dopuszczalna dla nowych jednostek (vyhláška 259/2012 Sb. w brzmieniu z 2023 r.).',
  },
  'Say how the problem was resolved (at most 1000 characters).': {
    cs: 'Uveďte, jak byl problém vyřešen (nejvýše 1000 znaků).',
    pl: 'Podaj, jak rozwiązano problem (najwyżej 1000 znaków).',
  },
  'Say what the document is about.': { cs: 'Uveďte věc dokumentu.', pl: 'Podaj, czego dotyczy dokument.' },
  'Say what the file is about.': { cs: 'Uveďte věc spisu.', pl: 'Podaj, czego dotyczy sprawa.' },
  'Say who borrows the file.': { cs: 'Uveďte, kdo si spis vypůjčuje.', pl: 'Podaj, kto wypożycza sprawę.' },
  'Say why the document goes back (at most 1000 characters).': {
    cs: 'Uveďte důvod vrácení dokumentu (nejvýše 1000 znaků).',
    pl: 'Podaj powód zwrotu dokumentu (najwyżej 1000 znaków).',
  },
  "Send the archive's decision as application/xml.": {
    cs: 'Rozhodnutí archivu pošlete jako application/xml.',
    pl: 'Prześlij decyzję archiwum jako application/xml.',
  },
  'Send the plan as application/xml.': {
    cs: 'Spisový plán pošlete jako application/xml.',
    pl: 'Prześlij wykaz akt jako application/xml.',
  },
  'Settlement "jiný způsob" needs a note saying how and why.': {
    cs: 'Vyřízení „jiným způsobem“ vyžaduje poznámku, jak a proč.',
    pl: 'Załatwienie „w inny sposób” wymaga adnotacji, jak i dlaczego.',
  },
  "The archive's decision does not fit the proposal; nothing was imported.": {
    cs: 'Rozhodnutí archivu neodpovídá skartačnímu návrhu; nic nebylo načteno.',
    pl: 'Decyzja archiwum nie pasuje do wniosku; niczego nie wczytano.',
  },
  'The code is required.': { cs: 'Spisový znak je povinný.', pl: 'Symbol klasyfikacyjny jest wymagany.' },
  'The consignment does not need attention.': {
    cs: 'Zásilka nevyžaduje pozornost.',
    pl: 'Przesyłka nie wymaga uwagi.',
  },
  'The date is in the future.': { cs: 'Datum je v budoucnosti.', pl: 'Data jest w przyszłości.' },
  'The date of settlement cannot be in the future.': {
    cs: 'Datum vyřízení nemůže být v budoucnosti.',
    pl: 'Data załatwienia nie może być w przyszłości.',
  },
  'The date of settlement is a date (YYYY-MM-DD).': {
    cs: 'Datum vyřízení musí být datum (RRRR-MM-DD).',
    pl: 'Data załatwienia musi być datą (RRRR-MM-DD).',
  },
  'The delivery time cannot be in the future.': {
    cs: 'Čas doručení nemůže být v budoucnosti.',
    pl: 'Czas doręczenia nie może być w przyszłości.',
  },
  'The document is already theirs.': { cs: 'Dokument už má přidělen.', pl: 'Dokument już jest u tej osoby.' },
  'The document waits for the head’s approval; forward it after the decision.': {
    cs: 'Dokument čeká na schválení vedoucím; předejte ho až po rozhodnutí.',
    pl: 'Dokument czeka na zatwierdzenie przez kierownika; przekaż go po decyzji.',
  },
  'The due date cannot be in the past.': {
    cs: 'Datum vrácení nemůže být v minulosti.',
    pl: 'Termin zwrotu nie może być w przeszłości.',
  },
  'The due date is a date (YYYY-MM-DD).': {
    cs: 'Datum vrácení musí být datum (RRRR-MM-DD).',
    pl: 'Termin zwrotu musi być datą (RRRR-MM-DD).',
  },
  'The end of the range is before its start.': {
    cs: 'Konec období je před jeho začátkem.',
    pl: 'Koniec okresu jest przed jego początkiem.',
  },
  'The file is not a file plan valid against nsesss-plan.xsd; nothing was imported.': {
    cs: 'Soubor není spisový plán platný podle nsesss-plan.xsd; nic nebylo načteno.',
    pl: 'Plik nie jest wykazem akt zgodnym z nsesss-plan.xsd; niczego nie wczytano.',
  },
  "The file is not an archive's decision valid against nsesss-DA.xsd; nothing was imported.": {
    cs: 'Soubor není rozhodnutí archivu platné podle nsesss-DA.xsd; nic nebylo načteno.',
    pl: 'Plik nie jest decyzją archiwum zgodną z nsesss-DA.xsd; niczego nie wczytano.',
  },
  'The file is too large for a decision.': {
    cs: 'Soubor je na rozhodnutí archivu příliš velký.',
    pl: 'Plik jest za duży jak na decyzję archiwum.',
  },
  'The file is too large for a file plan.': {
    cs: 'Soubor je na spisový plán příliš velký.',
    pl: 'Plik jest za duży jak na wykaz akt.',
  },
  'The file plan breaks the records rules; nothing was imported.': {
    cs: 'Spisový plán porušuje pravidla spisové služby; nic nebylo načteno.',
    pl: 'Wykaz akt narusza zasady postępowania z dokumentacją; niczego nie wczytano.',
  },
  'The file plan has no subject groups yet; there is nothing to export.': {
    cs: 'Spisový plán zatím nemá žádné věcné skupiny; není co exportovat.',
    pl: 'Wykaz akt nie ma jeszcze żadnych klas; nie ma czego eksportować.',
  },
  'The file’s subject group has no retention regime.': {
    cs: 'Věcná skupina spisu nemá skartační režim.',
    pl: 'Klasa wykazu akt tej sprawy nie ma kategorii archiwalnej.',
  },
  'The group has no name.': { cs: 'Věcná skupina nemá název.', pl: 'Klasa nie ma hasła.' },
  'The handler belongs to no org unit; name the unit.': {
    cs: 'Zpracovatel nepatří do žádného útvaru; uveďte útvar.',
    pl: 'Prowadzący nie należy do żadnej komórki organizacyjnej; wskaż komórkę.',
  },
  'The handler does not belong to this org unit.': {
    cs: 'Zpracovatel nepatří do tohoto útvaru.',
    pl: 'Prowadzący nie należy do tej komórki organizacyjnej.',
  },
  'The identifier is required (at most 50 characters).': {
    cs: 'Identifikátor je povinný (nejvýše 50 znaků).',
    pl: 'Identyfikator jest wymagany (najwyżej 50 znaków).',
  },
  'The identifier is required.': { cs: 'Identifikátor je povinný.', pl: 'Identyfikator jest wymagany.' },
  'The justification is required.': { cs: 'Zdůvodnění je povinné.', pl: 'Uzasadnienie jest wymagane.' },
  'The last day is before the first day.': {
    cs: 'Poslední den je před prvním dnem.',
    pl: 'Ostatni dzień jest przed pierwszym dniem.',
  },
  'The name is required (at most 255 characters).': {
    cs: 'Název je povinný (nejvýše 255 znaků).',
    pl: 'Nazwa jest wymagana (najwyżej 255 znaków).',
  },
  'The name is required (at most 500 characters).': {
    cs: 'Název je povinný (nejvýše 500 znaků).',
    pl: 'Nazwa jest wymagana (najwyżej 500 znaków).',
  },
  'The name is required.': { cs: 'Název je povinný.', pl: 'Nazwa jest wymagana.' },
  'The note is text.': { cs: 'Poznámka musí být text.', pl: 'Adnotacja musi być tekstem.' },
  'The range is already over.': { cs: 'Období již skončilo.', pl: 'Okres już minął.' },
  'The retention mark must be A or S.': {
    cs: 'Skartační znak musí být A, nebo S.',
    pl: 'Kategoria archiwalna musi być A albo S.',
  },
  'The retention period is a whole number of years, 0–999.': {
    cs: 'Skartační lhůta je celý počet let, 0–999.',
    pl: 'Okres przechowywania to całkowita liczba lat, 0–999.',
  },
  'The root element is not SpisovyPlan.': {
    cs: 'Kořenový prvek není SpisovyPlan.',
    pl: 'Element główny nie jest SpisovyPlan.',
  },
  'The subject (věc) is required.': { cs: 'Věc je povinná.', pl: 'Sprawa (věc) jest wymagana.' },
  'There is no file plan yet: create or import one first.': {
    cs: 'Spisový plán zatím neexistuje: nejprve ho vytvořte, nebo načtěte.',
    pl: 'Nie ma jeszcze wykazu akt: najpierw go utwórz albo wczytaj.',
  },
  'This .zfo file is a copy of a sent message, not a message the office received.': {
    cs: 'Tento soubor .zfo je kopie odeslané datové zprávy, ne zpráva, kterou úřad přijal.',
    pl: 'Ten plik .zfo jest kopią wysłanej wiadomości, a nie wiadomością odebraną przez urząd.',
  },
  'This document came with no consignment.': {
    cs: 'Tento dokument nepřišel v žádné zásilce.',
    pl: 'Ten dokument nie wpłynął w żadnej przesyłce.',
  },
  'This e-mail is already waiting to be sent; it is retried by itself after a failure.': {
    cs: 'Tento e-mail již čeká na odeslání; po chybě se odeslání opakuje samo.',
    pl: 'Ten e-mail już czeka na wysłanie; po błędzie wysyłka jest ponawiana automatycznie.',
  },
  'This file is not a data message (.zfo) received from a data box.': {
    cs: 'Tento soubor není datová zpráva (.zfo) přijatá z datové schránky.',
    pl: 'Ten plik nie jest wiadomością (.zfo) odebraną ze skrzynki danych.',
  },
  'This file is not an e-mail message (.eml).': {
    cs: 'Tento soubor není e-mailová zpráva (.eml).',
    pl: 'Ten plik nie jest wiadomością e-mail (.eml).',
  },
  'This file is not an e-mail message (.eml): it has no sender.': {
    cs: 'Tento soubor není e-mailová zpráva (.eml): nemá odesílatele.',
    pl: 'Ten plik nie jest wiadomością e-mail (.eml): nie ma nadawcy.',
  },
  'This is not a valid IČO (8 digits with a check digit).': {
    cs: 'Toto není platné IČO (8 číslic s kontrolní číslicí).',
    pl: 'To nie jest prawidłowe IČO (8 cyfr z cyfrą kontrolną).',
  },
  'This is not an e-mail address.': { cs: 'Toto není e-mailová adresa.', pl: 'To nie jest adres e-mail.' },
  'This stand-in is already over.': {
    cs: 'Toto zastupování již skončilo.',
    pl: 'To zastępstwo już się zakończyło.',
  },
  'This subject group forms files by priorace: start the file from its initial document.': {
    cs: 'Tato věcná skupina zakládá spisy priorací: založte spis z jeho iniciačního dokumentu.',
    pl: 'Ta klasa zakłada sprawy metodą priorace: załóż sprawę od jej dokumentu inicjującego.',
  },
  'Unknown access level.': { cs: 'Neznámá úroveň přístupu.', pl: 'Nieznany poziom dostępu.' },
  'Unknown channel.': { cs: 'Neznámý kanál.', pl: 'Nieznany kanał.' },
  'Unknown delivery method.': { cs: 'Neznámý způsob doručení.', pl: 'Nieznany sposób doręczenia.' },
  'Unknown document.': { cs: 'Neznámý dokument.', pl: 'Nieznany dokument.' },
  'Unknown file.': { cs: 'Neznámý spis.', pl: 'Nieznana sprawa.' },
  'Unknown handler, or not a handler of this office.': {
    cs: 'Neznámý zpracovatel, nebo nejde o zpracovatele tohoto úřadu.',
    pl: 'Nieznany prowadzący albo nie jest prowadzącym w tym urzędzie.',
  },
  'Unknown handler, or not a handler of this org unit.': {
    cs: 'Neznámý zpracovatel, nebo nejde o zpracovatele tohoto útvaru.',
    pl: 'Nieznany prowadzący albo nie jest prowadzącym w tej komórce organizacyjnej.',
  },
  'Unknown handler.': { cs: 'Neznámý zpracovatel.', pl: 'Nieznany prowadzący.' },
  'Unknown member of staff.': { cs: 'Neznámý zaměstnanec.', pl: 'Nieznany pracownik.' },
  'Unknown method.': { cs: 'Neznámý způsob.', pl: 'Nieznany sposób.' },
  'Unknown org unit.': { cs: 'Neznámý útvar.', pl: 'Nieznana komórka organizacyjna.' },
  'Unknown parent group.': { cs: 'Neznámá nadřazená věcná skupina.', pl: 'Nieznana klasa nadrzędna.' },
  'Unknown person.': { cs: 'Neznámá osoba.', pl: 'Nieznana osoba.' },
  'Unknown records office item.': {
    cs: 'Neznámá položka spisovny.',
    pl: 'Nieznana pozycja archiwum zakładowego.',
  },
  'Unknown retention regime.': { cs: 'Neznámý skartační režim.', pl: 'Nieznana kategoria archiwalna.' },
  'Unknown settlement method.': { cs: 'Neznámý způsob vyřízení.', pl: 'Nieznany sposób załatwienia.' },
  'Unknown state.': { cs: 'Neznámý stav.', pl: 'Nieznany stan.' },
  'Unknown status.': { cs: 'Neznámý stav.', pl: 'Nieznany status.' },
  'Unknown subject group of the current file plan.': {
    cs: 'Neznámá věcná skupina platného spisového plánu.',
    pl: 'Nieznana klasa obowiązującego wykazu akt.',
  },
  'Unknown subject group.': { cs: 'Neznámá věcná skupina.', pl: 'Nieznana klasa wykazu akt.' },
  'Unknown trigger event.': { cs: 'Neznámá spouštěcí událost.', pl: 'Nieznane zdarzenie początkowe.' },
  'Use a date YYYY-MM-DD.': {
    cs: 'Zadejte datum ve tvaru RRRR-MM-DD.',
    pl: 'Podaj datę w formacie RRRR-MM-DD.',
  },
  'Use letters, digits, "-", "_" or "/" (no dots or spaces; dots join the parents’ codes).': {
    cs: 'Použijte písmena, číslice, „-“, „_“ nebo „/“ (bez teček a mezer; tečky spojují znaky nadřazených skupin).',
    pl: 'Użyj liter, cyfr, „-”, „_” lub „/” (bez kropek i spacji; kropki łączą symbole klas nadrzędnych).',
  },
  'You belong to no org unit, so the document would have none.': {
    cs: 'Nepatříte do žádného útvaru, takže by dokument žádný neměl.',
    pl: 'Nie należysz do żadnej komórki organizacyjnej, więc dokument nie miałby żadnej.',
  },
  'You belong to no org unit, so the file would have none.': {
    cs: 'Nepatříte do žádného útvaru, takže by spis žádný neměl.',
    pl: 'Nie należysz do żadnej komórki organizacyjnej, więc sprawa nie miałaby żadnej.',
  },
  // closingProblems / removalProblem (domain/files.ts)
  'The file has no documents.': { cs: 'Spis nemá žádné dokumenty.', pl: 'Sprawa nie ma żadnych dokumentów.' },
  'Documents cannot be removed from a closed file.': {
    cs: 'Z uzavřeného spisu nelze dokumenty vyjímat.',
    pl: 'Z zamkniętej sprawy nie można wyłączać dokumentów.',
  },
  'The initial document of a file formed by priorace cannot be removed from it.': {
    cs: 'Iniciační dokument spisu založeného priorací z něj nelze vyjmout.',
    pl: 'Dokumentu inicjującego sprawy założonej metodą priorace nie można z niej wyłączyć.',
  },
};

/** Code values that appear inside texts (states, methods), as people read them. */
const CODES: Record<Lang, Record<string, string>> = {
  cs: {
    registered: 'zaevidován',
    assigned: 'předán k vyřízení',
    accepted: 'převzat',
    returned: 'vrácen',
    settled: 'vyřízen',
    draft: 'koncept',
    submitted: 'předložen ke schválení',
    final: 'schválen',
    prepared: 'připraveno',
    handed_over: 'předáno výpravně',
    sent: 'odesláno',
    delivered: 'doručeno',
    undeliverable: 'nedoručitelné',
    stored: 'uloženo',
    proposed: 've skartačním návrhu',
    destroyed: 'zničeno',
    archived: 'předáno do archivu',
    post: 'poštou',
    email: 'e-mailem',
    databox: 'datovou schránkou',
    in_person: 'osobně',
  },
  pl: {
    registered: 'zarejestrowany',
    assigned: 'przekazany',
    accepted: 'przyjęty',
    returned: 'zwrócony',
    settled: 'załatwiony',
    draft: 'projekt',
    submitted: 'przedłożony do zatwierdzenia',
    final: 'zatwierdzony',
    prepared: 'przygotowana',
    handed_over: 'przekazana do ekspedycji',
    sent: 'wysłana',
    delivered: 'doręczona',
    undeliverable: 'niedoręczalna',
    stored: 'przechowywana',
    proposed: 'we wniosku o brakowanie',
    destroyed: 'zniszczona',
    archived: 'przekazana do archiwum',
    post: 'pocztą',
    email: 'e-mailem',
    databox: 'do skrzynki danych',
    in_person: 'osobiście',
  },
};

/**
 * Texts with interpolated values. In `cs`/`pl`, `{n}` is the n-th group as it is, `{n|code}` the group
 * read through `CODES`, `{n|list}` the group as a list of sentences that are themselves texts of this
 * module (the "problems" joined after "File … cannot be closed.").
 */
const PATTERNS: { re: RegExp; cs: string; pl: string }[] = [
  // limits
  { re: /^At most (\d+) characters\.$/, cs: 'Nejvýše {1} znaků.', pl: 'Najwyżej {1} znaków.' },
  {
    re: /^At most (\d+) files at once\.$/,
    cs: 'Nejvýše {1} souborů najednou.',
    pl: 'Najwyżej {1} plików naraz.',
  },
  { re: /^At most (\d+) files\.$/, cs: 'Nejvýše {1} souborů.', pl: 'Najwyżej {1} plików.' },
  { re: /^At most (\d+) recipients\.$/, cs: 'Nejvýše {1} adresátů.', pl: 'Najwyżej {1} odbiorców.' },
  {
    re: /^At most (\d+) days per export\.$/,
    cs: 'Nejvýše {1} dní na jeden export.',
    pl: 'Najwyżej {1} dni na jeden eksport.',
  },
  { re: /^A deadline is 1–(\d+) days\.$/, cs: 'Lhůta je 1–{1} dní.', pl: 'Termin wynosi 1–{1} dni.' },
  {
    re: /^A loan lasts at most (\d+) days \(until (.+)\)\.$/,
    cs: 'Výpůjčka trvá nejvýše {1} dní (do {2}).',
    pl: 'Wypożyczenie trwa najwyżej {1} dni (do {2}).',
  },
  {
    re: /^A stand-in lasts at most (\d+) days\.$/,
    cs: 'Zastupování trvá nejvýše {1} dní.',
    pl: 'Zastępstwo trwa najwyżej {1} dni.',
  },
  {
    re: /^A simple code has at most (\d+) characters\.$/,
    cs: 'Jednoduchý spisový znak má nejvýše {1} znaků.',
    pl: 'Prosty symbol klasyfikacyjny ma najwyżej {1} znaków.',
  },
  {
    re: /^The fully qualified code would have (\d+) characters; at most (\d+)\.$/,
    cs: 'Úplný spisový znak by měl {1} znaků; nejvýše {2}.',
    pl: 'Pełny symbol klasyfikacyjny miałby {1} znaków; najwyżej {2}.',
  },
  {
    re: /^Say what to change \(at most (\d+) characters\)\.$/,
    cs: 'Uveďte, co změnit (nejvýše {1} znaků).',
    pl: 'Podaj, co zmienić (najwyżej {1} znaków).',
  },
  {
    re: /^Say why it was not delivered \(at most (\d+) characters\)\.$/,
    cs: 'Uveďte, proč nebylo doručeno (nejvýše {1} znaků).',
    pl: 'Podaj, dlaczego nie doręczono (najwyżej {1} znaków).',
  },
  {
    re: /^Say why the file is reopened \(at most (\d+) characters\)\.$/,
    cs: 'Uveďte, proč se spis znovu otevírá (nejvýše {1} znaků).',
    pl: 'Podaj, dlaczego sprawa jest ponownie otwierana (najwyżej {1} znaków).',
  },
  // dates
  { re: /^The date is before (.+)\.$/, cs: 'Datum je před {1}.', pl: 'Data jest wcześniejsza niż {1}.' },
  {
    re: /^The date of settlement cannot be before the document was registered \((.+)\)\.$/,
    cs: 'Datum vyřízení nemůže předcházet zaevidování dokumentu ({1}).',
    pl: 'Data załatwienia nie może być wcześniejsza niż rejestracja dokumentu ({1}).',
  },
  {
    re: /^The new version cannot start before the current one \((.+)\)\.$/,
    cs: 'Nová verze nemůže začít platit před platnou verzí ({1}).',
    pl: 'Nowa wersja nie może obowiązywać wcześniej niż obecna ({1}).',
  },
  {
    re: /^The file's regime counts from an event the system does not know; give its year \(1900–(\d+)\)\.$/,
    cs: 'Skartační režim spisu počítá od události, kterou systém nezná; uveďte její rok (1900–{1}).',
    pl: 'Kategoria archiwalna sprawy liczy się od zdarzenia, którego system nie zna; podaj jego rok (1900–{1}).',
  },
  // files, file plan
  { re: /^"(.+)" is empty\.$/, cs: 'Soubor „{1}“ je prázdný.', pl: 'Plik „{1}” jest pusty.' },
  {
    re: /^The code (.+) appears twice\.$/,
    cs: 'Spisový znak {1} se vyskytuje dvakrát.',
    pl: 'Symbol {1} występuje dwukrotnie.',
  },
  {
    re: /^The code (.+) is already used\.$/,
    cs: 'Spisový znak {1} je již použit.',
    pl: 'Symbol {1} jest już użyty.',
  },
  {
    re: /^The fully qualified code "(.*)" does not match the chain of simple codes \("(.*)"\)\.$/,
    cs: 'Úplný spisový znak „{1}“ neodpovídá řetězci jednoduchých znaků („{2}“).',
    pl: 'Pełny symbol „{1}” nie odpowiada ciągowi symboli prostych („{2}”).',
  },
  {
    re: /^Retention regime (.+) is defined twice with different content\.$/,
    cs: 'Skartační režim {1} je definován dvakrát s odlišným obsahem.',
    pl: 'Kategoria archiwalna {1} jest zdefiniowana dwukrotnie z różną treścią.',
  },
  {
    re: /^Not well-formed XML: ([\s\S]*)$/,
    cs: 'Nejde o správně utvořený XML: {1}',
    pl: 'Niepoprawnie zbudowany XML: {1}',
  },
  // handling, forwarding
  {
    re: /^A document in status "(\w+)" is not forwarded; the registry assigns it\.$/,
    cs: 'Dokument ve stavu „{1|code}“ se nepředává; přiděluje ho podatelna.',
    pl: 'Dokumentu w stanie „{1|code}” się nie przekazuje; przydziela go kancelaria.',
  },
  {
    re: /^A document in status "(\w+)" cannot be accepted\.$/,
    cs: 'Dokument ve stavu „{1|code}“ nelze převzít.',
    pl: 'Dokumentu w stanie „{1|code}” nie można przyjąć.',
  },
  {
    re: /^A document in status "(\w+)" cannot be returned\.$/,
    cs: 'Dokument ve stavu „{1|code}“ nelze vrátit.',
    pl: 'Dokumentu w stanie „{1|code}” nie można zwrócić.',
  },
  {
    re: /^A document in status "(\w+)" cannot be assigned\.$/,
    cs: 'Dokument ve stavu „{1|code}“ nelze předat k vyřízení.',
    pl: 'Dokumentu w stanie „{1|code}” nie można przekazać do załatwienia.',
  },
  // documents in files
  {
    re: /^Document (.+) already lies in file (.+)\.$/,
    cs: 'Dokument {1} je již vložen ve spisu {2}.',
    pl: 'Dokument {1} jest już w sprawie {2}.',
  },
  {
    re: /^Document (.+) is already settled\.$/,
    cs: 'Dokument {1} je již vyřízen.',
    pl: 'Dokument {1} jest już załatwiony.',
  },
  {
    re: /^Document (.+) is in status "(\w+)"; only a document being handled or settled joins a file\.$/,
    cs: 'Dokument {1} je ve stavu „{2|code}“; do spisu se vkládá jen dokument ve vyřizování nebo vyřízený.',
    pl: 'Dokument {1} jest w stanie „{2|code}”; do sprawy włącza się tylko dokument w toku załatwiania lub załatwiony.',
  },
  {
    re: /^Document (.+) is in status "(\w+)"; the handler accepts it before settling\.$/,
    cs: 'Dokument {1} je ve stavu „{2|code}“; zpracovatel ho před vyřízením musí převzít.',
    pl: 'Dokument {1} jest w stanie „{2|code}”; prowadzący musi go przyjąć przed załatwieniem.',
  },
  {
    re: /^Documents not settled: (.+)\.$/,
    cs: 'Nevyřízené dokumenty: {1}.',
    pl: 'Niezałatwione dokumenty: {1}.',
  },
  {
    re: /^Dispatches not done: (.+)\.$/,
    cs: 'Nedokončená vypravení: {1}.',
    pl: 'Niezakończone wysyłki: {1}.',
  },
  // own documents
  {
    re: /^Document (.+) is final \(approved\): its components and recipients are frozen\.$/,
    cs: 'Dokument {1} je schválený: jeho komponenty a adresáti se již nemění.',
    pl: 'Dokument {1} jest zatwierdzony: jego pliki i odbiorcy są zamrożeni.',
  },
  {
    re: /^Document (.+) waits for approval; it changes only after the head returns it\.$/,
    cs: 'Dokument {1} čeká na schválení; změnit ho lze až poté, co ho vedoucí vrátí.',
    pl: 'Dokument {1} czeka na zatwierdzenie; można go zmienić dopiero, gdy kierownik go zwróci.',
  },
  {
    re: /^Document (.+) is "(\w+)"; only a draft or a returned document is submitted\.$/,
    cs: 'Dokument {1} je ve stavu „{2|code}“; ke schválení se předkládá jen koncept nebo vrácený dokument.',
    pl: 'Dokument {1} jest w stanie „{2|code}”; do zatwierdzenia przedkłada się tylko projekt lub dokument zwrócony.',
  },
  {
    re: /^Document (.+) is "(\w+)"; only a submitted document is approved\.$/,
    cs: 'Dokument {1} je ve stavu „{2|code}“; schvaluje se jen dokument předložený ke schválení.',
    pl: 'Dokument {1} jest w stanie „{2|code}”; zatwierdza się tylko dokument przedłożony do zatwierdzenia.',
  },
  {
    re: /^Document (.+) is "(\w+)"; only a submitted document is returned\.$/,
    cs: 'Dokument {1} je ve stavu „{2|code}“; vrací se jen dokument předložený ke schválení.',
    pl: 'Dokument {1} jest w stanie „{2|code}”; zwraca się tylko dokument przedłożony do zatwierdzenia.',
  },
  // dispatch
  {
    re: /^Document (.+) is not final yet; only an approved document is dispatched\.$/,
    cs: 'Dokument {1} ještě není schválen; vypravuje se jen schválený dokument.',
    pl: 'Dokument {1} nie jest jeszcze zatwierdzony; wysyła się tylko dokument zatwierdzony.',
  },
  {
    re: /^(.+) already has a dispatch of this document \((\w+), "(\w+)"\)\.$/,
    cs: '{1} již má vypravení tohoto dokumentu ({2|code}, „{3|code}“).',
    pl: '{1} ma już wysyłkę tego dokumentu ({2|code}, „{3|code}”).',
  },
  {
    re: /^(.+) has no postal address in the register of persons\.$/,
    cs: '{1} nemá v evidenci osob poštovní adresu.',
    pl: '{1} nie ma w rejestrze osób adresu pocztowego.',
  },
  {
    re: /^(.+) has no e-mail address in the register of persons\.$/,
    cs: '{1} nemá v evidenci osob e-mailovou adresu.',
    pl: '{1} nie ma w rejestrze osób adresu e-mail.',
  },
  {
    re: /^(.+) has no data-box ID in the register of persons\.$/,
    cs: '{1} nemá v evidenci osob ID datové schránky.',
    pl: '{1} nie ma w rejestrze osób ID skrzynki danych.',
  },
  {
    re: /^(Only .+\.) This one is (\w+), "(\w+)"\.$/,
    cs: '{1|list} Toto vypravení je {2|code}, ve stavu „{3|code}“.',
    pl: '{1|list} Ta wysyłka jest {2|code}, w stanie „{3|code}”.',
  },
  // files
  {
    re: /^File (.+) is already closed\.$/,
    cs: 'Spis {1} je již uzavřen.',
    pl: 'Sprawa {1} jest już zamknięta.',
  },
  { re: /^File (.+) is not closed\.$/, cs: 'Spis {1} není uzavřen.', pl: 'Sprawa {1} nie jest zamknięta.' },
  {
    re: /^File (.+) is closed; reopen it before adding a document to it\.$/,
    cs: 'Spis {1} je uzavřen; před vložením dokumentu ho znovu otevřete.',
    pl: 'Sprawa {1} jest zamknięta; przed dodaniem dokumentu otwórz ją ponownie.',
  },
  {
    re: /^File (.+) is closed; reopen it before inserting documents\.$/,
    cs: 'Spis {1} je uzavřen; před vložením dokumentů ho znovu otevřete.',
    pl: 'Sprawa {1} jest zamknięta; przed włączeniem dokumentów otwórz ją ponownie.',
  },
  {
    re: /^File (.+) is in the records office; a file there is not reopened\.$/,
    cs: 'Spis {1} je ve spisovně; spis uložený ve spisovně se znovu neotevírá.',
    pl: 'Sprawa {1} jest w archiwum zakładowym; sprawy tam przechowywanej nie otwiera się ponownie.',
  },
  {
    re: /^File (.+?) cannot be closed\. ([\s\S]+)$/,
    cs: 'Spis {1} nelze uzavřít. {2|list}',
    pl: 'Sprawy {1} nie można zamknąć. {2|list}',
  },
  // records office
  {
    re: /^File (.+) is already in the records office\.$/,
    cs: 'Spis {1} je již ve spisovně.',
    pl: 'Sprawa {1} jest już w archiwum zakładowym.',
  },
  {
    re: /^File (.+) is not closed; only closed files go to the records office\.$/,
    cs: 'Spis {1} není uzavřen; do spisovny se předávají jen uzavřené spisy.',
    pl: 'Sprawa {1} nie jest zamknięta; do archiwum zakładowego przekazuje się tylko zamknięte sprawy.',
  },
  {
    re: /^File (.+) has left the records office \((\w+)\)\.$/,
    cs: 'Spis {1} již opustil spisovnu ({2|code}).',
    pl: 'Sprawa {1} opuściła już archiwum zakładowe ({2|code}).',
  },
  {
    re: /^File (.+) is not on loan\.$/,
    cs: 'Spis {1} není zapůjčen.',
    pl: 'Sprawa {1} nie jest wypożyczona.',
  },
  {
    re: /^File (.+) is on loan to (.+) until (.+)\.$/,
    cs: 'Spis {1} je zapůjčen: {2}, do {3}.',
    pl: 'Sprawa {1} jest wypożyczona: {2}, do {3}.',
  },
  {
    re: /^File (.+) is already in a disposal proposal\.$/,
    cs: 'Spis {1} je již ve skartačním návrhu.',
    pl: 'Sprawa {1} jest już we wniosku o brakowanie.',
  },
  {
    re: /^The year of disposal of File (.+) is (\d+); it has not come yet\.$/,
    cs: 'Rok vyřazení spisu {1} je {2}; ještě nenastal.',
    pl: 'Rok brakowania sprawy {1} to {2}; jeszcze nie nadszedł.',
  },
  {
    re: /^File (.+) is on loan; it must be returned first\.$/,
    cs: 'Spis {1} je zapůjčen; nejprve musí být vrácen.',
    pl: 'Sprawa {1} jest wypożyczona; najpierw musi zostać zwrócona.',
  },
  {
    re: /^File (.+) is on loan; it must be returned before it is destroyed\.$/,
    cs: 'Spis {1} je zapůjčen; před zničením musí být vrácen.',
    pl: 'Sprawa {1} jest wypożyczona; przed zniszczeniem musi zostać zwrócona.',
  },
  {
    re: /^File (.+) is on loan; it must be returned before it is transferred\.$/,
    cs: 'Spis {1} je zapůjčen; před předáním do archivu musí být vrácen.',
    pl: 'Sprawa {1} jest wypożyczona; przed przekazaniem do archiwum musi zostać zwrócona.',
  },
  {
    re: /^File (.+) is already destroyed\.$/,
    cs: 'Spis {1} je již zničen.',
    pl: 'Sprawa {1} jest już zniszczona.',
  },
  {
    re: /^File (.+) is already transferred to the archive\.$/,
    cs: 'Spis {1} je již předán do archivu.',
    pl: 'Sprawa {1} jest już przekazana do archiwum.',
  },
  {
    re: /^File (.+) is not in a decided disposal proposal\.$/,
    cs: 'Spis {1} není v rozhodnutém skartačním návrhu.',
    pl: 'Sprawa {1} nie jest we wniosku o brakowanie, w którym zapadła decyzja.',
  },
  {
    re: /^File (.+) is marked A by the archive's decision: it is transferred to the archive, never destroyed\.$/,
    cs: 'Spis {1} má podle rozhodnutí archivu znak A: předává se do archivu, nikdy se neničí.',
    pl: 'Sprawa {1} ma według decyzji archiwum kategorię A: przekazuje się ją do archiwum, nigdy nie niszczy.',
  },
  {
    re: /^File (.+) is marked S by the archive's decision; it is destroyed, not transferred\.$/,
    cs: 'Spis {1} má podle rozhodnutí archivu znak S: ničí se, do archivu se nepředává.',
    pl: 'Sprawa {1} ma według decyzji archiwum kategorię S: niszczy się ją, nie przekazuje do archiwum.',
  },
  {
    re: /^The archive has not decided on File (.+) yet\.$/,
    cs: 'Archiv o spisu {1} zatím nerozhodl.',
    pl: 'Archiwum nie podjęło jeszcze decyzji co do sprawy {1}.',
  },
  {
    re: /^No item of the records office has its year of disposal in (\d+) or earlier \(and is not on loan\)\.$/,
    cs: 'Žádná položka spisovny nemá rok vyřazení {1} nebo dřívější (a není zapůjčena).',
    pl: 'Żadna pozycja archiwum zakładowego nie ma roku brakowania {1} lub wcześniejszego (i nie jest wypożyczona).',
  },
  {
    re: /^The proposal cannot be made\. ([\s\S]+)$/,
    cs: 'Skartační návrh nelze sestavit. {1|list}',
    pl: 'Nie można utworzyć wniosku o brakowanie. {1|list}',
  },
  {
    re: /^Nothing was destroyed\. ([\s\S]+)$/,
    cs: 'Nic nebylo zničeno. {1|list}',
    pl: 'Niczego nie zniszczono. {1|list}',
  },
  {
    re: /^Nothing was transferred\. ([\s\S]+)$/,
    cs: 'Nic nebylo předáno do archivu. {1|list}',
    pl: 'Niczego nie przekazano do archiwum. {1|list}',
  },
  {
    re: /^Proposal (.+) has no item decided A left to transfer\.$/,
    cs: 'Ve skartačním návrhu {1} nezbývá žádná položka se znakem A k předání do archivu.',
    pl: 'We wniosku {1} nie pozostała żadna pozycja z kategorią A do przekazania do archiwum.',
  },
  {
    re: /^Proposal (.+) has no item decided S left to destroy\.$/,
    cs: 'Ve skartačním návrhu {1} nezbývá žádná položka se znakem S ke zničení.',
    pl: 'We wniosku {1} nie pozostała żadna pozycja z kategorią S do zniszczenia.',
  },
  {
    re: /^Proposal (.+) has no transfer package yet\.$/,
    cs: 'Skartační návrh {1} zatím nemá předávací balíček.',
    pl: 'Wniosek {1} nie ma jeszcze paczki przekazania.',
  },
  {
    re: /^The archive has not decided on proposal (.+) yet\.$/,
    cs: 'Archiv o skartačním návrhu {1} zatím nerozhodl.',
    pl: 'Archiwum nie podjęło jeszcze decyzji w sprawie wniosku {1}.',
  },
  {
    re: /^The decision on proposal (.+) is imported already\.$/,
    cs: 'Rozhodnutí o skartačním návrhu {1} již bylo načteno.',
    pl: 'Decyzja w sprawie wniosku {1} została już wczytana.',
  },
  {
    re: /^The decision says nothing about (.+) \(file (.+)\)\.$/,
    cs: 'Rozhodnutí archivu neuvádí nic o {1} (spis {2}).',
    pl: 'Decyzja archiwum nic nie mówi o {1} (sprawa {2}).',
  },
  {
    re: /^(.+) is not an item of proposal (.+)\.$/,
    cs: '{1} není položkou skartačního návrhu {2}.',
    pl: '{1} nie jest pozycją wniosku {2}.',
  },
  {
    re: /^(.+) is not in proposal (.+)\.$/,
    cs: '{1} není ve skartačním návrhu {2}.',
    pl: '{1} nie ma we wniosku {2}.',
  },
  { re: /^(.+) is named twice\.$/, cs: '{1} je uveden dvakrát.', pl: '{1} występuje dwukrotnie.' },
  {
    re: /^(.+): "(.+)" is not a final decision; import the decision once the archive has made it\.$/,
    cs: '{1}: „{2}“ není konečné rozhodnutí; rozhodnutí načtěte, až ho archiv vydá.',
    pl: '{1}: „{2}” nie jest decyzją ostateczną; wczytaj decyzję, gdy archiwum ją wyda.',
  },
  {
    re: /^(.+): an archive identifier confirms a transfer; it is no decision\.$/,
    cs: '{1}: archivní identifikátor potvrzuje předání do archivu; není to rozhodnutí.',
    pl: '{1}: identyfikator archiwalny potwierdza przekazanie; nie jest decyzją.',
  },
  // intake of containers
  {
    re: /^This \.zfo file holds a delivery receipt \(doručenka\), not a received message\.$/,
    cs: 'Tento soubor .zfo obsahuje doručenku, ne přijatou datovou zprávu.',
    pl: 'Ten plik .zfo zawiera potwierdzenie doręczenia (doručenka), a nie odebraną wiadomość.',
  },
  {
    re: /^This \.zfo file holds no data message, not a received message\.$/,
    cs: 'Tento soubor .zfo neobsahuje žádnou přijatou datovou zprávu.',
    pl: 'Ten plik .zfo nie zawiera żadnej odebranej wiadomości.',
  },
  {
    re: /^This data message \((.+)\) is already registered as (.+)\.$/,
    cs: 'Tato datová zpráva ({1}) je již zaevidována pod č. j. {2}.',
    pl: 'Ta wiadomość ({1}) jest już zarejestrowana pod znakiem {2}.',
  },
  {
    re: /^This data message \((.+)\) is already registered\.$/,
    cs: 'Tato datová zpráva ({1}) je již zaevidována.',
    pl: 'Ta wiadomość ({1}) jest już zarejestrowana.',
  },
  {
    re: /^This e-mail \((.+)\) is already registered\.$/,
    cs: 'Tento e-mail ({1}) je již zaevidován.',
    pl: 'Ten e-mail ({1}) jest już zarejestrowany.',
  },
  {
    re: /^This message was delivered to data box (.+) \((.*)\), not to this office's (.+)\.$/,
    cs: 'Tato zpráva byla dodána do datové schránky {1} ({2}), ne do schránky tohoto úřadu {3}.',
    pl: 'Ta wiadomość została doręczona do skrzynki danych {1} ({2}), a nie do skrzynki tego urzędu {3}.',
  },
];

const SENTENCE_END = /(?<=[.!?])\s+(?=["A-Z])/;

function fill(template: string, groups: string[], lng: Lang): string {
  return template.replace(/\{(\d)(?:\|(code|list))?\}/g, (_, n: string, how?: string) => {
    const v = groups[Number(n)] ?? '';
    if (how === 'code') return CODES[lng][v] ?? v;
    if (how === 'list') return localizeSentences(v, lng);
    return v;
  });
}

/** A run of sentences, each a text of this module (or left as it is). */
function localizeSentences(text: string, lng: Lang): string {
  return text
    .split(SENTENCE_END)
    .map((s) => translate(s, lng) ?? s)
    .join(' ');
}

function translate(text: string, lng: Lang): string | undefined {
  const exact = EXACT[text];
  if (exact) return exact[lng];
  for (const p of PATTERNS) {
    const m = p.re.exec(text);
    if (m) return fill(p[lng], [...m], lng);
  }
  return undefined;
}

/** The text of a records domain error in the reader's language (cs, pl); English and unknown texts stay. */
export function localizeError(text: string, lng: string): string {
  if (lng !== 'cs' && lng !== 'pl') return text;
  return translate(text, lng) ?? text;
}

/** Whether the text has a Czech and Polish translation (for the completeness test). */
export function isTranslated(text: string): boolean {
  return translate(text, 'cs') !== undefined && translate(text, 'pl') !== undefined;
}
