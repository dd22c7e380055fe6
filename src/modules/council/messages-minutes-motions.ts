import { registerMessages } from '../../platform/i18n/index.js';

/**
 * Texts of the minutes about counter-proposals, amendments and attendance per item (namespace
 * `councilMinutesMotions`); the motion kinds, states and changes come from `council-proceedings`.
 */
registerMessages('councilMinutesMotions', {
  cs: {
    arrivals: 'Příchod',
    departures: 'Odchod',
    motions: 'Protinávrhy a pozměňovací návrhy',
    head: '{{kind}} č. {{seq}} (předkládá {{proposer}})',
    mainVote: 'Hlasování o návrhu usnesení',
    named: 'Jmenovité hlasování – {{what}}',
  },
  en: {
    arrivals: 'Arrived',
    departures: 'Left',
    motions: 'Counter-proposals and amendments',
    head: '{{kind}} no. {{seq}} (proposed by {{proposer}})',
    mainVote: 'Vote on the draft resolution',
    named: 'Named vote – {{what}}',
  },
  pl: {
    arrivals: 'Przybycie',
    departures: 'Wyjście',
    motions: 'Wnioski przeciwne i poprawki',
    head: '{{kind}} nr {{seq}} (zgłasza {{proposer}})',
    mainVote: 'Głosowanie nad projektem uchwały',
    named: 'Imienny wykaz głosowania – {{what}}',
  },
});
