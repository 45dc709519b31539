import type { ActionStatus, ActivityStatus, IndicatorFrequency, MeetingStatus } from "../db/schema/index.js";
import {
  type AgreementFacts,
  currentTerm,
  periodBounds,
  periodKey,
  REPORTING_GRACE_DAYS,
  trackedAgreementStatuses,
} from "../domain/figures.js";
import { addDays, addMonths, daysBetween } from "../domain/periods.js";
import { formatDate, type Translate } from "../shared/i18n.js";
import { type Language, type LocalizedText, textOf } from "../shared/localized.js";

/**
 * The events of a calendar feed, as pure functions of the rows a feed may show and of
 * "today" (a Casablanca date): which dates become events, their stable UIDs, their wording in
 * the feed's language and the page each links to. Turning them into iCalendar text is
 * calendar.ics.ts's job; deciding which rows a person may see is calendar.queries.ts's.
 */

/** A feed covers a year back and two ahead: enough to plan, small enough to fetch often. */
export const FEED_MONTHS_BACK = 12;
export const FEED_MONTHS_AHEAD = 24;
/** At most this many events, the nearest to today first: a staff feed must stay small. */
export const MAX_FEED_EVENTS = 1500;
/** A meeting's length: the records keep its start only. */
export const MEETING_HOURS = 2;

export interface AgreementRef {
  id: string;
  reference: string;
  title: LocalizedText;
}

export interface AgreementDatesRow extends AgreementRef, AgreementFacts {}

export interface ActivityRow {
  id: string;
  title: LocalizedText;
  status: ActivityStatus;
  plannedStart: string | null;
  plannedEnd: string | null;
  agreement: AgreementRef;
}

export interface MeetingRow {
  id: string;
  title: LocalizedText;
  startsAt: Date;
  place: string;
  status: MeetingStatus;
  agreement: AgreementRef;
}

export interface ActionRow {
  id: string;
  description: LocalizedText;
  dueOn: string;
  status: ActionStatus;
  agreement: AgreementRef;
}

export interface IndicatorRow {
  id: string;
  name: LocalizedText;
  frequency: IndicatorFrequency;
  baselineOn: string | null;
  targetOn: string | null;
  /** the agreement's effective (or signature) date: where reporting starts without a baseline date */
  agreementStart: string | null;
  /** the periods with a value submitted or approved (a returned one is still to be given) */
  reportedPeriods: string[];
  agreement: AgreementRef;
}

export interface FeedRows {
  agreements: AgreementDatesRow[];
  activities: ActivityRow[];
  /** personal feeds only, and only where the person sees inside the agreement */
  meetings: MeetingRow[];
  actions: ActionRow[];
  indicators: IndicatorRow[];
}

/** Where each event links: the workspace for a personal feed, the portal for a public one. */
export interface FeedLinks {
  agreement: (id: string) => string;
  activity: (id: string, agreementId: string) => string;
  meeting: (id: string) => string;
  action: (id: string) => string;
  indicator: (id: string) => string;
}

export function workspaceLinks(publicUrl: string, lang: Language): FeedLinks {
  const base = `${publicUrl}/${lang}/workspace`;
  return {
    agreement: (id) => `${base}/agreements/${id}`,
    activity: (id) => `${base}/activities/${id}`,
    meeting: (id) => `${base}/meetings/${id}`,
    action: (id) => `${base}/actions/${id}`,
    indicator: (id) => `${base}/indicators/${id}`,
  };
}

/** The portal has no page per activity (nor any for the inside records): its agreement's page. */
export function portalLinks(publicUrl: string, lang: Language): FeedLinks {
  const agreement = (id: string) => `${publicUrl}/${lang}/agreements/${id}`;
  return {
    agreement,
    activity: (_id, agreementId) => agreement(agreementId),
    meeting: () => `${publicUrl}/${lang}`,
    action: () => `${publicUrl}/${lang}`,
    indicator: () => `${publicUrl}/${lang}`,
  };
}

interface EventText {
  uid: string;
  summary: string;
  description?: string;
  url: string;
  location?: string;
  cancelled?: boolean;
}

/** All-day events hold dates; DTEND is exclusive (the day after the last). Timed ones hold instants. */
export type CalendarEvent = EventText &
  ({ allDay: true; start: string; end: string } | { allDay: false; start: Date; end: Date });

export interface FeedContext {
  lang: Language;
  t: Translate;
  /** today in Casablanca (YYYY-MM-DD) */
  today: string;
  links: FeedLinks;
}

export function feedWindow(today: string): { from: string; to: string } {
  return { from: addMonths(today, -FEED_MONTHS_BACK), to: addMonths(today, FEED_MONTHS_AHEAD) };
}

const uid = (kind: string, id: string) => `${kind}-${id}@sharaka`;
/** "2026-Q3" as the indicator pages word it (indicators.chart.ts's periodLabel, without loading echarts). */
function periodLabel(t: Translate, period: string): string {
  const [year = period, part] = period.split("-");
  if (!part) return year;
  return t(part.startsWith("Q") ? "indicators.period.quarter" : "indicators.period.half", {
    year,
    n: part.slice(1),
  });
}
const text = (value: LocalizedText, lang: Language, fallback: string) => textOf(value, lang, fallback);
const agreementName = (agreement: AgreementRef, { lang, t }: FeedContext) =>
  t("calendar.events.agreementName", {
    reference: agreement.reference,
    title: text(agreement.title, lang, agreement.reference),
  });

function allDay(day: string, fields: EventText, lastDay = day): CalendarEvent {
  return { ...fields, allDay: true, start: day, end: addDays(lastDay < day ? day : lastDay, 1) };
}

/**
 * An agreement's dates: signature, entry into force, the current term's last day (a tacitly
 * renewed agreement's renewed term) and, for a tacit renewal with a notice period, the last
 * day to give notice. Only an agreement being carried out renews: a draft's, a terminated
 * or an expired one's end stays the one recorded.
 */
export function agreementEvents(agreement: AgreementDatesRow, context: FeedContext): CalendarEvent[] {
  const { t, lang, today, links } = context;
  const name = agreementName(agreement, context);
  const url = links.agreement(agreement.id);
  const status = t("calendar.events.status", { status: t(`status.${agreement.status}`) });
  const events: CalendarEvent[] = [];
  if (agreement.signedOn) {
    events.push(
      allDay(agreement.signedOn, {
        uid: uid("agreement-signature", agreement.id),
        summary: t("calendar.events.signed", { agreement: name }),
        description: status,
        url,
      }),
    );
  }
  if (agreement.effectiveOn) {
    events.push(
      allDay(agreement.effectiveOn, {
        uid: uid("agreement-effective", agreement.id),
        summary: t("calendar.events.effective", { agreement: name }),
        description: status,
        url,
      }),
    );
  }
  const renews = agreement.renewal === "tacit" && trackedAgreementStatuses.includes(agreement.status);
  const term = currentTerm(renews ? agreement : { ...agreement, renewal: "none" }, today);
  if (!term) return events;
  const renewed = term.renewals ? t("calendar.events.renewed", { count: term.renewals }) : "";
  events.push(
    allDay(term.end, {
      uid: uid("agreement-end", agreement.id),
      summary: t("calendar.events.termEnd", { agreement: name }),
      description: [status, renewed].filter(Boolean).join("\n"),
      url,
    }),
  );
  if (renews && agreement.renewalNoticeDays !== null) {
    events.push(
      allDay(addDays(term.end, -agreement.renewalNoticeDays), {
        uid: uid("agreement-renewal-notice", agreement.id),
        summary: t("calendar.events.renewalNotice", { agreement: name }),
        description: t("calendar.events.renewalNoticeDetail", { date: formatDate(lang, term.end) }),
        url,
      }),
    );
  }
  return events;
}

/** Planned start to planned end; an activity with one of the two dates is a one-day event. */
export function activityEvent(activity: ActivityRow, context: FeedContext): CalendarEvent | undefined {
  const start = activity.plannedStart ?? activity.plannedEnd;
  const end = activity.plannedEnd ?? activity.plannedStart;
  if (!start || !end) return undefined;
  const { t, lang, links } = context;
  return allDay(
    start,
    {
      uid: uid("activity", activity.id),
      summary: t("calendar.events.activity", {
        title: text(activity.title, lang, activity.agreement.reference),
        reference: activity.agreement.reference,
      }),
      description: t("calendar.events.status", { status: t(`activities.statuses.${activity.status}`) }),
      url: links.activity(activity.id, activity.agreement.id),
      cancelled: activity.status === "cancelled",
    },
    end,
  );
}

/** A meeting at its stored instant (written in UTC), for MEETING_HOURS. */
export function meetingEvent(meeting: MeetingRow, { t, lang, links }: FeedContext): CalendarEvent {
  return {
    uid: uid("meeting", meeting.id),
    summary: t("calendar.events.meeting", {
      title: text(meeting.title, lang, meeting.agreement.reference),
      reference: meeting.agreement.reference,
    }),
    description: t("calendar.events.status", { status: t(`meetings.meetingStatus.${meeting.status}`) }),
    url: links.meeting(meeting.id),
    location: meeting.place || undefined,
    cancelled: meeting.status === "cancelled",
    allDay: false,
    start: meeting.startsAt,
    end: new Date(meeting.startsAt.getTime() + MEETING_HOURS * 3_600_000),
  };
}

export function actionEvent(action: ActionRow, { t, lang, links }: FeedContext): CalendarEvent {
  return allDay(action.dueOn, {
    uid: uid("action", action.id),
    summary: t("calendar.events.action", {
      title: text(action.description, lang, action.agreement.reference),
      reference: action.agreement.reference,
    }),
    description: t("calendar.events.status", { status: t(`meetings.actionStatus.${action.status}`) }),
    url: links.action(action.id),
  });
}

/** The period before the current one, and the current one: a bounded look at what is due. */
export function recentPeriods(frequency: IndicatorFrequency, today: string): string[] {
  const current = periodKey(frequency, today);
  const previous = periodKey(frequency, addDays(periodBounds(current).start, -1));
  return [previous, current];
}

/**
 * The values an indicator still needs, for the last and the current period: each due
 * REPORTING_GRACE_DAYS after its period ends (figures.ts's rule), when the period lies
 * within the indicator's span (its baseline, or the agreement's start, to its target date).
 */
export function indicatorDueEvents(indicator: IndicatorRow, context: FeedContext): CalendarEvent[] {
  const { t, lang, today, links } = context;
  const start = indicator.baselineOn ?? indicator.agreementStart;
  if (!start) return [];
  const reported = new Set(indicator.reportedPeriods);
  return recentPeriods(indicator.frequency, today)
    .filter((period) => {
      const bounds = periodBounds(period);
      const inSpan = bounds.end >= start && (!indicator.targetOn || bounds.start <= indicator.targetOn);
      return inSpan && !reported.has(period);
    })
    .map((period) => {
      const bounds = periodBounds(period);
      return allDay(addDays(bounds.end, REPORTING_GRACE_DAYS), {
        uid: uid("indicator-due", `${indicator.id}-${period}`),
        summary: t("calendar.events.indicatorDue", {
          title: text(indicator.name, lang, indicator.agreement.reference),
          period: periodLabel(t, period),
          reference: indicator.agreement.reference,
        }),
        description: t("calendar.events.indicatorDueDetail", {
          start: formatDate(lang, bounds.start),
          end: formatDate(lang, bounds.end),
        }),
        url: links.indicator(indicator.id),
      });
    });
}

const firstDay = (event: CalendarEvent): string =>
  event.allDay ? event.start : event.start.toISOString().slice(0, 10);
const lastDay = (event: CalendarEvent): string =>
  event.allDay ? addDays(event.end, -1) : event.end.toISOString().slice(0, 10);

/**
 * Every event of the rows that touches the feed's window, the nearest to today first when
 * there are more than MAX_FEED_EVENTS, then in calendar order (ties by UID, so that a feed
 * fetched twice reads the same).
 */
export function feedEvents(rows: FeedRows, context: FeedContext): CalendarEvent[] {
  const { from, to } = feedWindow(context.today);
  const all: CalendarEvent[] = [
    ...rows.agreements.flatMap((agreement) => agreementEvents(agreement, context)),
    ...rows.activities.flatMap((activity) => activityEvent(activity, context) ?? []),
    ...rows.meetings.map((meeting) => meetingEvent(meeting, context)),
    ...rows.actions.map((action) => actionEvent(action, context)),
    ...rows.indicators.flatMap((indicator) => indicatorDueEvents(indicator, context)),
  ].filter((event) => firstDay(event) <= to && lastDay(event) >= from);
  const distance = (event: CalendarEvent) => Math.abs(daysBetween(context.today, firstDay(event)));
  const kept =
    all.length > MAX_FEED_EVENTS
      ? all.sort((a, b) => distance(a) - distance(b)).slice(0, MAX_FEED_EVENTS)
      : all;
  const key = (event: CalendarEvent) => (event.allDay ? event.start : event.start.toISOString());
  return kept.sort((a, b) => key(a).localeCompare(key(b)) || a.uid.localeCompare(b.uid));
}
