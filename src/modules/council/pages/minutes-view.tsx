/**
 * The minutes as HTML: the same MinutesDoc the PDF is made from, rendered for the staff page and
 * the public meeting page. `level` is the heading level of its sections (2 on a page of its own,
 * 3 inside a "Zápis" section).
 */
import type { ComponentChildren } from 'preact';
import type { Explanation } from '../../../platform/calendar/index.js';
import { formatExplanation } from '../../../platform/calendar/index.js';
import { formatDate, formatDateTime, type Locale, type T } from '../../../platform/i18n/index.js';
import type { MinutesDoc, MinutesState } from '../domain/minutes.js';
import { choiceLabel, clauseText, itemMovementRows, motionLines } from '../minutes-pdf.js';

type Level = 2 | 3;

/** Text typed with line breaks, as one paragraph per line (no CSS needed). */
export function Paragraphs(props: { text: string }) {
  return (
    <>
      {props.text
        .split(/\n+/)
        .map((line) => line.trim())
        .filter(Boolean)
        .map((line) => (
          <p>{line}</p>
        ))}
    </>
  );
}

function H(props: { level: Level; id?: string; children: ComponentChildren }) {
  return props.level === 2 ? (
    <h2 id={props.id}>{props.children}</h2>
  ) : (
    <h3 id={props.id}>{props.children}</h3>
  );
}
function H2(props: { level: Level; children: ComponentChildren }) {
  return props.level === 2 ? <h3>{props.children}</h3> : <h4>{props.children}</h4>;
}

export function MinutesBody(props: {
  t: T;
  locale: Locale;
  timeZone: string;
  doc: MinutesDoc;
  level: Level;
  approvals: { name: string; at: Date }[];
  finalAt: Date | null;
  /** Links from resolution numbers to their public pages. */
  resolutionHref?: (number: string) => string | null;
}) {
  const { t, locale, doc, level } = props;
  return (
    <div class="minutes">
      <dl class="facts">
        <dt>{t('councilMinutes:date')}</dt>
        <dd>{formatDate(locale, doc.meeting.date)}</dd>
        <dt>{t('councilMinutes:place')}</dt>
        <dd>{doc.meeting.place}</dd>
        <dt>{t('councilMinutes:chair')}</dt>
        <dd>{doc.chair ?? '—'}</dd>
        <dt>{t('councilMinutes:verifiers')}</dt>
        <dd>{doc.verifiers.join(', ') || '—'}</dd>
      </dl>
      <H level={level}>{t('councilMinutes:attendance')}</H>
      <dl class="facts">
        <dt>{t('councilMinutes:presentAtStart')}</dt>
        <dd>{doc.presentAtStart.join(', ') || t('councilMinutes:none')}</dd>
        <dt>{t('councilMinutes:absent')}</dt>
        <dd>{doc.absent.join(', ') || t('councilMinutes:none')}</dd>
      </dl>
      <p>
        {t(doc.quorumAtStart ? 'councilMinutes:quorum' : 'councilMinutes:noQuorum', {
          n: doc.presentAtStart.length,
          seats: doc.body.seats,
        })}
      </p>
      {doc.movements.length > 0 && (
        <>
          <H2 level={level}>{t('councilMinutes:movements')}</H2>
          <ul>
            {doc.movements.map((m) => (
              <li>{t(`councilMinutes:${m.kind}`, { name: m.name, item: m.fromItem })}</li>
            ))}
          </ul>
        </>
      )}
      <H level={level}>{t('councilMinutes:agenda')}</H>
      <ol>
        {doc.items.map((i) => (
          <li>
            {i.title}
            {i.reference && ` (${i.reference})`}
          </li>
        ))}
      </ol>
      {doc.opening && (
        <>
          <H level={level}>{t('councilMinutes:opening')}</H>
          <Paragraphs text={doc.opening} />
        </>
      )}
      {doc.items.map((i) => (
        <section>
          <H level={level}>
            {t('councilMinutes:item', { n: i.position })}: {i.title}
          </H>
          <dl class="facts">
            {i.reference && (
              <>
                <dt>{t('council:field.reference')}</dt>
                <dd>{i.reference}</dd>
              </>
            )}
            {i.submitter && (
              <>
                <dt>{t('councilMinutes:submitter')}</dt>
                <dd>{i.submitter}</dd>
              </>
            )}
            <dt>{t('councilMinutes:attendance')}</dt>
            <dd>{t('councilMinutes:presentAtItem', { n: i.presentCount })}</dd>
            {itemMovementRows(t, i).map(([label, names]) => (
              <>
                <dt>{label}</dt>
                <dd>{names}</dd>
              </>
            ))}
          </dl>
          <H2 level={level}>{t('councilMinutes:discussion')}</H2>
          <Paragraphs text={i.note || t('councilMinutes:noDiscussion')} />
          {i.motions.length > 0 && (
            <>
              <H2 level={level}>{t('councilMinutesMotions:motions')}</H2>
              <ol class="motions">
                {i.motions.map((m) => {
                  const l = motionLines(t, locale, m);
                  return (
                    <li>
                      <p>
                        <strong>{l.head}</strong>
                      </p>
                      <ul class="clauses">
                        {l.text.map((x) => (
                          <li>{x}</li>
                        ))}
                      </ul>
                      <p>{l.vote}</p>
                      {m.vote && m.vote.ballots.length > 0 && (
                        <table class="gov-table">
                          <caption>{t('councilMinutesMotions:named', { what: l.head })}</caption>
                          <thead>
                            <tr>
                              <th scope="col">{t('councilPublic:member')}</th>
                              <th scope="col">{t('councilPublic:choice')}</th>
                            </tr>
                          </thead>
                          <tbody>
                            {m.vote.ballots.map((b) => (
                              <tr>
                                <th scope="row">{b.name}</th>
                                <td>{choiceLabel(t, b.choice)}</td>
                              </tr>
                            ))}
                          </tbody>
                        </table>
                      )}
                    </li>
                  );
                })}
              </ol>
            </>
          )}
          {i.vote ? (
            <>
              <p>
                {t(i.motions.length ? 'councilMinutesMotions:mainVote' : 'councilMinutes:vote')}:{' '}
                {t('councilMinutes:result', { ...i.vote.tally })} –{' '}
                <strong>{t(i.vote.adopted ? 'councilMinutes:adopted' : 'councilMinutes:notAdopted')}</strong>
              </p>
              {i.vote.ballots.length > 0 && (
                <table class="gov-table">
                  <caption>{t('councilMinutes:named')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('councilPublic:member')}</th>
                      <th scope="col">{t('councilPublic:choice')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {i.vote.ballots.map((b) => (
                      <tr>
                        <th scope="row">{b.name}</th>
                        <td>{choiceLabel(t, b.choice)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </>
          ) : (
            i.outcome !== 'withdrawn' && i.outcome !== 'postponed' && <p>{t('councilMinutes:noVote')}</p>
          )}
          {i.outcome && (
            <p>
              {t('councilMinutes:outcome')}: <strong>{t(`council:outcome.${i.outcome}`)}</strong>
            </p>
          )}
          {i.resolution && (
            <div class="resolution">
              <p>
                <strong>
                  {(() => {
                    const label = t('councilMinutes:resolutionNo', { number: i.resolution.number });
                    const href = props.resolutionHref?.(i.resolution.number);
                    return href ? <a href={href}>{label}</a> : label;
                  })()}
                </strong>
              </p>
              <p>{doc.body.name}</p>
              <ul class="clauses">
                {i.resolution.clauses.map((c) => (
                  <li>{clauseText(t, locale, c)}</li>
                ))}
              </ul>
            </div>
          )}
        </section>
      ))}
      {doc.closing && (
        <>
          <H level={level}>{t('councilMinutes:closing')}</H>
          <Paragraphs text={doc.closing} />
        </>
      )}
      {props.finalAt && (
        <>
          <H level={level}>{t('councilMinutes:approvalsTitle')}</H>
          {doc.verifiers.length === 0 ? (
            <p>{t('councilMinutes:noVerifiers')}</p>
          ) : (
            <>
              <p>{t('councilMinutes:approvals')}</p>
              <ul>
                {props.approvals.map((a) => (
                  <li>
                    {t('councilMinutes:approvedBy', {
                      name: a.name,
                      at: formatDateTime(locale, a.at, props.timeZone),
                    })}
                  </li>
                ))}
              </ul>
            </>
          )}
          <p>{t('councilMinutes:finalAt', { at: formatDateTime(locale, props.finalAt, props.timeZone) })}</p>
        </>
      )}
    </div>
  );
}

/** Due date, state and the calendar's explanation of the due date. */
export function MinutesDue(props: {
  t: T;
  locale: Locale;
  due: string;
  state: MinutesState;
  explanation?: Explanation;
}) {
  const { t, locale } = props;
  const warn = props.state === 'overdue' || props.state === 'final_late';
  return (
    <dl class="facts minutes-due">
      <dt>{t('councilMinutes:due')}</dt>
      <dd>
        {formatDate(locale, props.due)}
        {props.explanation && (
          <span class="hint"> ({formatExplanation(props.explanation, locale).trim()})</span>
        )}
      </dd>
      <dt>{t('councilMinutes:stateLabel')}</dt>
      <dd>
        {warn ? (
          <strong class="overdue">{t(`councilMinutes:state.${props.state}`)}</strong>
        ) : (
          t(`councilMinutes:state.${props.state}`)
        )}
      </dd>
    </dl>
  );
}
