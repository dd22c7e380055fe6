/**
 * The minutes as PDF (platform renderPdf, DejaVu fonts for Czech and Polish letters). The same
 * MinutesDoc feeds the HTML page, so both say the same thing.
 */

import { formatDate, formatDateTime, type Locale, type T } from '../../platform/i18n/index.js';
import { type PdfBlock, renderPdf } from '../../platform/pdf/index.js';
import type { Clause } from './domain/material.js';
import type { MinutesDoc, MinutesItem, MinutesMotion } from './domain/minutes.js';
import './messages.js';
import './messages-minutes.js';
import './messages-minutes-motions.js';
import './messages-proceedings.js';

export interface MinutesApproval {
  name: string;
  at: Date;
}

export interface RenderOptions {
  t: T;
  locale: Locale;
  timeZone: string;
  approvals: MinutesApproval[];
  /** Set for the final rendition; a draft says that it is one. */
  finalAt: Date | null;
}

/** "schvaluje …", "ukládá … (zodpovídá: …, termín: …)" in the tenant's language. */
export function clauseText(t: T, locale: Locale, c: Clause): string {
  const verb = t(`council:verb.${c.verb}`);
  const tail =
    c.verb === 'uklada'
      ? ` ${t('councilMinutes:taskTail', {
          responsible: c.responsible ?? '',
          due: c.due ? formatDate(locale, c.due) : '',
        })}`
      : '';
  return `${verb} ${c.text}${tail}`;
}

const CHOICE_KEY = { for: 'for', against: 'against', abstain: 'abstain', not_voting: 'notVoting' } as const;

export function choiceLabel(t: T, choice: keyof typeof CHOICE_KEY): string {
  return t(`council:meetings.${CHOICE_KEY[choice]}`);
}

/** A motion as the minutes state it: heading, wording, and the vote or why there was none. */
export function motionLines(
  t: T,
  locale: Locale,
  m: MinutesMotion,
): { head: string; text: string[]; vote: string } {
  const head = t('councilMinutesMotions:head', {
    kind: t(`council-proceedings:kind.${m.kind}`),
    seq: m.seq,
    proposer: m.proposer,
  });
  const text = m.clauses
    ? m.clauses.map((c) => clauseText(t, locale, c))
    : m.change
      ? [
          m.change.clauseIndex === null
            ? t('council-proceedings:change.add', {
                text: m.change.clause ? clauseText(t, locale, m.change.clause) : '',
              })
            : m.change.clause
              ? t('council-proceedings:change.replace', {
                  n: m.change.clauseIndex + 1,
                  text: clauseText(t, locale, m.change.clause),
                })
              : t('council-proceedings:change.delete', { n: m.change.clauseIndex + 1 }),
        ]
      : [];
  const vote = m.vote
    ? `${t('councilMinutes:vote')}: ${t('councilMinutes:result', { ...m.vote.tally })} – ${t(
        m.vote.adopted ? 'councilMinutes:adopted' : 'councilMinutes:notAdopted',
      )}`
    : t(`council-proceedings:state.${m.state}`);
  return { head, text, vote };
}

/** "Příchod: …", "Odchod: …" of one agenda item (empty when nobody came or left). */
export function itemMovementRows(t: T, i: MinutesItem): [string, string][] {
  const rows: [string, string][] = [];
  if (i.arrivals.length) rows.push([t('councilMinutesMotions:arrivals'), i.arrivals.join(', ')]);
  if (i.departures.length) rows.push([t('councilMinutesMotions:departures'), i.departures.join(', ')]);
  return rows;
}

export function minutesBlocks(doc: MinutesDoc, o: RenderOptions): PdfBlock[] {
  const { t, locale } = o;
  const date = formatDate(locale, doc.meeting.date);
  const blocks: PdfBlock[] = [
    { kind: 'paragraph', text: doc.tenantName, bold: true },
    {
      kind: 'title',
      text: t('councilMinutes:heading', { number: doc.meeting.number, body: doc.body.name, date }),
    },
  ];
  if (!o.finalAt) blocks.push({ kind: 'paragraph', text: t('councilMinutes:draft'), bold: true });
  blocks.push({
    kind: 'facts',
    rows: [
      [t('councilMinutes:date'), date],
      [t('councilMinutes:place'), doc.meeting.place],
      [t('councilMinutes:chair'), doc.chair ?? '—'],
      [t('councilMinutes:verifiers'), doc.verifiers.join(', ') || '—'],
    ],
  });

  blocks.push({ kind: 'heading', text: t('councilMinutes:attendance') });
  blocks.push({
    kind: 'facts',
    rows: [
      [t('councilMinutes:presentAtStart'), doc.presentAtStart.join(', ') || t('councilMinutes:none')],
      [t('councilMinutes:absent'), doc.absent.join(', ') || t('councilMinutes:none')],
    ],
  });
  blocks.push({
    kind: 'paragraph',
    text: t(doc.quorumAtStart ? 'councilMinutes:quorum' : 'councilMinutes:noQuorum', {
      n: doc.presentAtStart.length,
      seats: doc.body.seats,
    }),
  });
  if (doc.movements.length) {
    blocks.push({ kind: 'paragraph', text: t('councilMinutes:movements'), bold: true });
    for (const m of doc.movements)
      blocks.push({
        kind: 'paragraph',
        text: t(`councilMinutes:${m.kind}`, { name: m.name, item: m.fromItem }),
      });
  }

  blocks.push({ kind: 'heading', text: t('councilMinutes:agenda') });
  for (const i of doc.items)
    blocks.push({
      kind: 'paragraph',
      text: `${i.position}. ${i.title}${i.reference ? ` (${i.reference})` : ''}`,
    });

  if (doc.opening) {
    blocks.push({ kind: 'heading', text: t('councilMinutes:opening') });
    blocks.push({ kind: 'paragraph', text: doc.opening });
  }

  for (const i of doc.items) {
    blocks.push({
      kind: 'heading',
      text: `${t('councilMinutes:item', { n: i.position })}: ${i.title}`,
    });
    const facts: [string, string][] = [];
    if (i.reference) facts.push([t('council:field.reference'), i.reference]);
    if (i.submitter) facts.push([t('councilMinutes:submitter'), i.submitter]);
    facts.push([t('councilMinutes:attendance'), t('councilMinutes:presentAtItem', { n: i.presentCount })]);
    facts.push(...itemMovementRows(t, i));
    blocks.push({ kind: 'facts', rows: facts });
    blocks.push({ kind: 'paragraph', text: t('councilMinutes:discussion'), bold: true });
    blocks.push({ kind: 'paragraph', text: i.note || t('councilMinutes:noDiscussion') });
    if (i.motions.length) {
      blocks.push({ kind: 'paragraph', text: t('councilMinutesMotions:motions'), bold: true });
      for (const m of i.motions) {
        const l = motionLines(t, locale, m);
        blocks.push({ kind: 'paragraph', text: l.head, bold: true });
        for (const line of l.text) blocks.push({ kind: 'paragraph', text: line });
        blocks.push({ kind: 'paragraph', text: l.vote });
        if (m.vote?.ballots.length)
          blocks.push({
            kind: 'table',
            columns: [t('councilPublic:member'), t('councilPublic:choice')],
            rows: m.vote.ballots.map((b) => [b.name, choiceLabel(t, b.choice)]),
          });
      }
    }
    if (i.vote) {
      blocks.push({
        kind: 'paragraph',
        text: `${t(i.motions.length ? 'councilMinutesMotions:mainVote' : 'councilMinutes:vote')}: ${t('councilMinutes:result', { ...i.vote.tally })} – ${t(
          i.vote.adopted ? 'councilMinutes:adopted' : 'councilMinutes:notAdopted',
        )}`,
      });
      if (i.vote.ballots.length)
        blocks.push({
          kind: 'table',
          columns: [t('councilPublic:member'), t('councilPublic:choice')],
          rows: i.vote.ballots.map((b) => [b.name, choiceLabel(t, b.choice)]),
        });
    } else if (i.outcome !== 'withdrawn' && i.outcome !== 'postponed') {
      blocks.push({ kind: 'paragraph', text: t('councilMinutes:noVote') });
    }
    if (i.outcome)
      blocks.push({
        kind: 'paragraph',
        text: `${t('councilMinutes:outcome')}: ${t(`council:outcome.${i.outcome}`)}`,
      });
    if (i.resolution) {
      blocks.push({
        kind: 'paragraph',
        text: t('councilMinutes:resolutionNo', { number: i.resolution.number }),
        bold: true,
      });
      blocks.push({ kind: 'paragraph', text: doc.body.name });
      for (const c of i.resolution.clauses)
        blocks.push({ kind: 'paragraph', text: clauseText(t, locale, c) });
    }
  }

  if (doc.closing) {
    blocks.push({ kind: 'heading', text: t('councilMinutes:closing') });
    blocks.push({ kind: 'paragraph', text: doc.closing });
  }

  blocks.push({ kind: 'heading', text: t('councilMinutes:approvalsTitle') });
  if (doc.verifiers.length === 0) blocks.push({ kind: 'paragraph', text: t('councilMinutes:noVerifiers') });
  else {
    blocks.push({ kind: 'paragraph', text: t('councilMinutes:approvals') });
    for (const a of o.approvals)
      blocks.push({
        kind: 'paragraph',
        text: t('councilMinutes:approvedBy', { name: a.name, at: formatDateTime(locale, a.at, o.timeZone) }),
      });
  }
  if (o.finalAt)
    blocks.push({
      kind: 'paragraph',
      text: t('councilMinutes:finalAt', { at: formatDateTime(locale, o.finalAt, o.timeZone) }),
    });
  return blocks;
}

export function renderMinutesPdf(doc: MinutesDoc, o: RenderOptions): Promise<Uint8Array> {
  const title = `${o.t('councilMinutes:title', { number: doc.meeting.number, year: doc.meeting.year })} – ${doc.body.name}`;
  return renderPdf({
    title,
    author: doc.tenantName,
    subject: title,
    lang: o.locale,
    createdAt: o.finalAt ?? new Date(`${doc.meeting.date}T12:00:00Z`),
    footer: `${doc.tenantName} · ${title}`,
    pageWord: o.locale === 'pl' ? 'strona' : o.locale === 'en' ? 'page' : 'strana',
    blocks: minutesBlocks(doc, o),
  });
}
