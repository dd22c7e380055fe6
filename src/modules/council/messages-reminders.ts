import { registerMessages } from '../../platform/i18n/index.js';

/** Texts of the task reminder e-mails (namespace `councilReminders`). */
registerMessages('councilReminders', {
  cs: {
    subject: {
      due_soon: 'Připomínka: úkol z usnesení č. {{number}} má termín {{due}}',
      overdue: 'Úkol z usnesení č. {{number}} je po termínu ({{due}})',
    },
    greeting: 'Dobrý den,',
    lead: {
      due_soon: 'blíží se termín splnění úkolu uloženého usnesením orgánu {{body}}:',
      overdue: 'uplynul termín splnění úkolu uloženého usnesením orgánu {{body}} a úkol není uzavřen:',
    },
    resolution: 'Usnesení: {{number}}',
    task: 'Úkol: {{text}}',
    responsible: 'Odpovídá: {{responsible}}',
    due: 'Termín: {{due}}',
    forwarded: 'Úkol není přiřazen osobě s e-mailovou adresou; zasíláme jej tajemníkovi k zajištění.',
    link: 'Zprávu o plnění zapíšete zde: {{url}}',
    footer: 'Zpráva byla odeslána automaticky systémem Samospráva ({{tenant}}).',
  },
  en: {
    subject: {
      due_soon: 'Reminder: the task of resolution No. {{number}} is due on {{due}}',
      overdue: 'The task of resolution No. {{number}} is overdue ({{due}})',
    },
    greeting: 'Hello,',
    lead: {
      due_soon: 'the deadline of a task imposed by a resolution of {{body}} is near:',
      overdue:
        'the deadline of a task imposed by a resolution of {{body}} has passed and the task is not closed:',
    },
    resolution: 'Resolution: {{number}}',
    task: 'Task: {{text}}',
    responsible: 'Responsible: {{responsible}}',
    due: 'Due: {{due}}',
    forwarded:
      'The task is not assigned to a person with an e-mail address; it is sent to the secretary to follow up.',
    link: 'Record the fulfilment report here: {{url}}',
    footer: 'Sent automatically by Samospráva ({{tenant}}).',
  },
  pl: {
    subject: {
      due_soon: 'Przypomnienie: zadanie z uchwały nr {{number}} ma termin {{due}}',
      overdue: 'Zadanie z uchwały nr {{number}} jest po terminie ({{due}})',
    },
    greeting: 'Dzień dobry,',
    lead: {
      due_soon: 'zbliża się termin wykonania zadania nałożonego uchwałą organu {{body}}:',
      overdue:
        'minął termin wykonania zadania nałożonego uchwałą organu {{body}}, a zadanie nie jest zamknięte:',
    },
    resolution: 'Uchwała: {{number}}',
    task: 'Zadanie: {{text}}',
    responsible: 'Odpowiada: {{responsible}}',
    due: 'Termin: {{due}}',
    forwarded: 'Zadanie nie jest przypisane osobie z adresem e-mail; przesyłamy je sekretarzowi.',
    link: 'Sprawozdanie z wykonania zapiszesz tutaj: {{url}}',
    footer: 'Wiadomość wysłana automatycznie przez system Samospráva ({{tenant}}).',
  },
});
