/**
 * The accessibility statement (prohlášení o přístupnosti) required by zákon č. 99/2019 Sb. for
 * Czech public bodies, and by the Polish act of 4 April 2019 for Polish ones. The structure
 * follows the EU model statement (implementing decision 2018/1523): scope, compliance status,
 * non-accessible content, how it was assessed, feedback, enforcement.
 */
import { formatDate, type Locale } from '../../i18n/index.js';

/** When this statement was prepared; update it with every review. */
export const STATEMENT_DATE = '2026-11-21';

export function AccessibilityStatement(props: { locale: Locale }) {
  const date = formatDate(props.locale, STATEMENT_DATE);
  if (props.locale === 'en') return <English date={date} />;
  if (props.locale === 'pl') return <Polish date={date} />;
  return <Czech date={date} />;
}

function Czech({ date }: { date: string }) {
  return (
    <>
      <p>
        Provozovatel platformy Samospráva a obce a organizace, které na ní provozují své portály, se zavazují
        zpřístupnit své internetové stránky v souladu se zákonem č. 99/2019 Sb., o přístupnosti internetových
        stránek a mobilních aplikací. Toto prohlášení se vztahuje na veřejné stránky platformy: úvodní
        stránku, portály jednotlivých subjektů (adresy <code>/zkratka-subjektu/</code>), přihlášení a toto
        prohlášení.
      </p>
      <h2>Stav souladu</h2>
      <p>
        Tyto internetové stránky jsou částečně v souladu se zákonem č. 99/2019 Sb. kvůli nesouladům uvedeným
        níže.
      </p>
      <h2>Nepřístupný obsah</h2>
      <ul>
        <li>
          Dokumenty, které subjekty na stránky vkládají (například přílohy ve formátu PDF), nemusí být
          přístupné; za jejich obsah odpovídá subjekt, který je zveřejnil.
        </li>
        <li>
          Dokumentace rozhraní API (<code>/api/docs</code>) je převzatá komponenta třetí strany a nebyla na
          přístupnost testována.
        </li>
      </ul>
      <h2>Vypracování prohlášení</h2>
      <p>
        Prohlášení bylo vypracováno dne {date} na základě vlastního posouzení provozovatele. Veřejné stránky
        (portál subjektu, přihlášení a přehled po přihlášení) se při každém sestavení aplikace automaticky
        testují nástrojem axe-core ve skutečném prohlížeči Chromium; sestavení neprojde, najde-li test závažný
        nebo kritický nedostatek. Stránky vycházejí z Jednotného vizuálního stylu státní správy (Gov Design
        System), fungují bez JavaScriptu a lze je ovládat klávesnicí. Automatický test však neodhalí všechny
        překážky, proto uvítáme každé upozornění.
      </p>
      <h2>Zpětná vazba a kontaktní údaje</h2>
      <p>
        Nedostatky v přístupnosti a žádosti o informace v přístupné podobě oznamte úřadu, jehož stránky jste
        navštívili; jeho kontakty najdete na úvodní stránce jeho portálu. Úřad odpoví bez zbytečného odkladu.
      </p>
      <h2>Postupy pro vymáhání</h2>
      <p>
        Pokud na oznámení nebo žádost nedostanete uspokojivou odpověď, můžete se obrátit na Ministerstvo
        vnitra České republiky, které dohlíží na dodržování zákona č. 99/2019 Sb.
      </p>
    </>
  );
}

function English({ date }: { date: string }) {
  return (
    <>
      <p>
        The operator of the Samospráva platform and the municipalities and organisations that run their
        portals on it are committed to making their websites accessible in accordance with Czech Act No.
        99/2019 Coll. on the accessibility of websites and mobile applications (for Polish bodies: the Act of
        4 April 2019 on the digital accessibility of websites and mobile applications of public bodies). This
        statement applies to the platform’s public pages: the home page, the portals of the individual bodies
        (addresses <code>/short-name/</code>), the sign-in page and this statement.
      </p>
      <h2>Compliance status</h2>
      <p>
        These websites are partially compliant with the acts above due to the non-compliances listed below.
      </p>
      <h2>Non-accessible content</h2>
      <ul>
        <li>
          Documents that the bodies upload (for example PDF attachments) may not be accessible; the body that
          published them is responsible for their content.
        </li>
        <li>
          The API documentation (<code>/api/docs</code>) is a third-party component and has not been tested
          for accessibility.
        </li>
      </ul>
      <h2>Preparation of this statement</h2>
      <p>
        This statement was prepared on {date} based on a self-assessment by the operator. The public pages (a
        body’s portal, sign-in and the dashboard after sign-in) are tested automatically with axe-core in a
        real Chromium browser on every build of the application; the build fails if the test finds any serious
        or critical issue. The pages use the Czech government design system (Gov Design System), work without
        JavaScript and can be used with a keyboard. An automated test does not find every barrier, so we
        welcome every report.
      </p>
      <h2>Feedback and contact information</h2>
      <p>
        Please report accessibility problems, or ask for information in an accessible form, to the office
        whose pages you visited; its contacts are on the home page of its portal. The office will reply
        without undue delay.
      </p>
      <h2>Enforcement procedure</h2>
      <p>
        If you do not receive a satisfactory answer, you may turn to the Ministry of the Interior of the Czech
        Republic, which supervises compliance with Act No. 99/2019 Coll.; for Polish bodies, to the
        Commissioner for Human Rights (Rzecznik Praw Obywatelskich).
      </p>
    </>
  );
}

function Polish({ date }: { date: string }) {
  return (
    <>
      <p>
        Operator platformy Samospráva oraz gminy i instytucje, które prowadzą na niej swoje portale,
        zobowiązują się zapewnić dostępność swoich stron internetowych zgodnie z ustawą z dnia 4 kwietnia 2019
        r. o dostępności cyfrowej stron internetowych i aplikacji mobilnych podmiotów publicznych (podmioty
        czeskie: zgodnie z czeską ustawą nr 99/2019 Sb.). Deklaracja dotyczy publicznych stron platformy:
        strony głównej, portali poszczególnych podmiotów (adresy <code>/skrot-podmiotu/</code>), strony
        logowania i tej deklaracji.
      </p>
      <h2>Status pod względem zgodności</h2>
      <p>Strony są częściowo zgodne z powyższymi ustawami z powodu niezgodności wymienionych poniżej.</p>
      <h2>Treści niedostępne</h2>
      <ul>
        <li>
          Dokumenty zamieszczane przez podmioty (na przykład załączniki PDF) mogą nie być dostępne; za ich
          treść odpowiada podmiot, który je opublikował.
        </li>
        <li>
          Dokumentacja API (<code>/api/docs</code>) jest komponentem zewnętrznym i nie była testowana pod
          względem dostępności.
        </li>
      </ul>
      <h2>Przygotowanie deklaracji</h2>
      <p>
        Deklarację sporządzono dnia {date} na podstawie samooceny operatora. Strony publiczne (portal
        podmiotu, logowanie i pulpit po zalogowaniu) są przy każdym budowaniu aplikacji automatycznie
        testowane narzędziem axe-core w prawdziwej przeglądarce Chromium; budowanie kończy się niepowodzeniem,
        jeśli test wykryje poważny lub krytyczny problem. Strony działają bez JavaScriptu i można je
        obsługiwać z klawiatury. Test automatyczny nie wykrywa wszystkich barier, dlatego prosimy o każde
        zgłoszenie.
      </p>
      <h2>Informacje zwrotne i dane kontaktowe</h2>
      <p>
        Problemy z dostępnością oraz wnioski o udostępnienie informacji w dostępnej formie prosimy zgłaszać
        urzędowi, którego strony Państwo odwiedzili; jego dane kontaktowe znajdują się na stronie głównej jego
        portalu. Urząd odpowie niezwłocznie.
      </p>
      <h2>Procedura wnioskowo-skargowa</h2>
      <p>
        Jeżeli odpowiedź nie będzie zadowalająca, można zwrócić się do Rzecznika Praw Obywatelskich; w
        przypadku podmiotów czeskich do Ministerstwa Spraw Wewnętrznych Republiki Czeskiej, które nadzoruje
        przestrzeganie ustawy nr 99/2019 Sb.
      </p>
    </>
  );
}
