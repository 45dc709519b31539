import { and, eq, inArray, isNotNull, lte, ne, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../db/client.js";
import {
  type AlertKind,
  activities,
  agreementParties,
  agreements,
  committeeMembers,
  followUpActions,
  indicators,
  indicatorValues,
  meetings,
} from "../db/schema/index.js";
import {
  type AgreementFacts,
  currentTerm,
  openActionStatuses,
  openActivityStatuses,
  periodBounds,
  periodsBetween,
  REPORTING_GRACE_DAYS,
  trackedAgreementStatuses,
} from "../progress/figures.js";
import { addDays, todayInMorocco } from "../progress/periods.js";
import type { LocalizedText } from "../shared/localized.js";
import { alertKindRules, horizon, type LeadTimes, REVIEW_WITHIN_DAYS, stageOn } from "./alert-rules.js";

/**
 * The causes of alerts on a given day: one finder per kind, each a database query for the
 * deadlines near enough to matter, then the stage in TypeScript (alert-rules.ts), with the
 * dates of src/progress/figures.ts so that an alert and the agreement page never disagree.
 *
 * The same finders serve the daily evaluation (every subject) and the alert centre, which
 * checks the alerts it shows against their cause (`subjectIds`), so a fixed cause disappears
 * at once rather than at the next evaluation.
 */
export interface AlertCondition {
  kind: AlertKind;
  subjectId: string;
  occurrence: string;
  agreementId: string;
  dueOn: string;
  stage: number;
  subjectTitle: LocalizedText;
  detail: string;
  recordPath: string;
  organizationIds: string[];
  ownerUserId: string | null;
}

interface FinderOptions {
  db: Executor;
  today: string;
  leadDays: readonly number[];
  /** only these subjects (the alert centre's check); all when absent */
  subjectIds?: string[];
}

type Finder = (options: FinderOptions) => Promise<AlertCondition[]>;

const tracked = inArray(agreements.status, [...trackedAgreementStatuses]);
const onlySubjects = (column: Parameters<typeof inArray>[0], ids?: string[]): SQL | undefined =>
  ids ? inArray(column, ids.length ? ids : ["00000000-0000-0000-0000-000000000000"]) : undefined;

function staged(
  kind: AlertKind,
  options: FinderOptions,
  dueOn: string,
  rest: Omit<AlertCondition, "kind" | "dueOn" | "stage">,
): AlertCondition | null {
  const stage = stageOn({
    dueOn,
    today: options.today,
    leadDays: options.leadDays,
    overdue: alertKindRules[kind].overdue,
  });
  return stage === null ? null : { kind, dueOn, stage, ...rest };
}

async function partiesOf(db: Executor, agreementIds: string[]): Promise<Map<string, string[]>> {
  const parties = new Map<string, string[]>();
  if (!agreementIds.length) return parties;
  const rows = await db
    .select({ agreementId: agreementParties.agreementId, organizationId: agreementParties.organizationId })
    .from(agreementParties)
    .where(inArray(agreementParties.agreementId, agreementIds));
  for (const row of rows)
    parties.set(row.agreementId, [...(parties.get(row.agreementId) ?? []), row.organizationId]);
  return parties;
}

const agreementFacts = {
  id: agreements.id,
  reference: agreements.reference,
  title: agreements.title,
  status: agreements.status,
  signedOn: agreements.signedOn,
  effectiveOn: agreements.effectiveOn,
  expiresOn: agreements.expiresOn,
  durationMonths: agreements.durationMonths,
  renewal: agreements.renewal,
  renewalNoticeDays: agreements.renewalNoticeDays,
};

/**
 * The next renewal-notice deadline of a tacitly renewed agreement: its current term's end
 * minus the notice, or — once that day has passed — the next term's.
 */
export function renewalNoticeDeadline(agreement: AgreementFacts, today: string) {
  if (agreement.renewal !== "tacit" || agreement.renewalNoticeDays === null) return null;
  const term = currentTerm(agreement, today);
  if (!term) return null;
  const notice = addDays(term.end, -agreement.renewalNoticeDays);
  if (notice >= today) return { dueOn: notice, termEnd: term.end };
  // The notice for this term is past: the agreement will renew, and the next notice is the one to give.
  const next = currentTerm(agreement, addDays(term.end, 1));
  if (!next || next.end === term.end) return null;
  return { dueOn: addDays(next.end, -agreement.renewalNoticeDays), termEnd: next.end };
}

async function trackedAgreements(options: FinderOptions, extra?: SQL) {
  return options.db
    .select(agreementFacts)
    .from(agreements)
    .where(and(tracked, extra, onlySubjects(agreements.id, options.subjectIds)));
}

const findExpiries: Finder = async (options) => {
  // A tacitly renewed agreement with a notice period does not simply expire: its notice is the
  // deadline to watch. Without one, the end of its term (which rolls on) is still announced.
  const rows = await trackedAgreements(
    options,
    sql`not (${agreements.renewal} = 'tacit' and ${agreements.renewalNoticeDays} is not null)`,
  );
  const parties = await partiesOf(
    options.db,
    rows.map((row) => row.id),
  );
  return rows.flatMap((row) => {
    const term = currentTerm(row, options.today);
    if (!term) return [];
    const condition = staged("agreement_expiry", options, term.end, {
      subjectId: row.id,
      occurrence: term.end,
      agreementId: row.id,
      subjectTitle: row.title,
      detail: row.reference,
      recordPath: `agreements/${row.id}`,
      organizationIds: parties.get(row.id) ?? [],
      ownerUserId: null,
    });
    return condition ? [condition] : [];
  });
};

const findRenewalNotices: Finder = async (options) => {
  const rows = await trackedAgreements(
    options,
    and(eq(agreements.renewal, "tacit"), isNotNull(agreements.renewalNoticeDays)),
  );
  const parties = await partiesOf(
    options.db,
    rows.map((row) => row.id),
  );
  return rows.flatMap((row) => {
    const deadline = renewalNoticeDeadline(row, options.today);
    if (!deadline) return [];
    const condition = staged("renewal_notice", options, deadline.dueOn, {
      subjectId: row.id,
      // The term it renews into tells this year's notice from next year's.
      occurrence: deadline.termEnd,
      agreementId: row.id,
      subjectTitle: row.title,
      detail: row.reference,
      recordPath: `agreements/${row.id}`,
      organizationIds: parties.get(row.id) ?? [],
      ownerUserId: null,
    });
    return condition ? [condition] : [];
  });
};

const findLateActivities: Finder = async (options) => {
  const rows = await options.db
    .select({
      id: activities.id,
      agreementId: activities.agreementId,
      title: activities.title,
      plannedEnd: activities.plannedEnd,
      organizationId: activities.responsibleOrganizationId,
    })
    .from(activities)
    .innerJoin(agreements, eq(agreements.id, activities.agreementId))
    .where(
      and(
        tracked,
        inArray(activities.status, [...openActivityStatuses]),
        lte(activities.plannedEnd, addDays(options.today, horizon(options.leadDays))),
        onlySubjects(activities.id, options.subjectIds),
      ),
    );
  return rows.flatMap((row) => {
    if (!row.plannedEnd) return [];
    const condition = staged("activity_overdue", options, row.plannedEnd, {
      subjectId: row.id,
      occurrence: row.plannedEnd,
      agreementId: row.agreementId,
      subjectTitle: row.title,
      detail: "",
      recordPath: `activities/${row.id}`,
      organizationIds: row.organizationId ? [row.organizationId] : [],
      ownerUserId: null,
    });
    return condition ? [condition] : [];
  });
};

const findLateActions: Finder = async (options) => {
  const rows = await options.db
    .select({
      id: followUpActions.id,
      agreementId: followUpActions.agreementId,
      description: followUpActions.description,
      dueOn: followUpActions.dueOn,
      organizationId: followUpActions.ownerOrganizationId,
      ownerUserId: followUpActions.ownerUserId,
    })
    .from(followUpActions)
    .innerJoin(agreements, eq(agreements.id, followUpActions.agreementId))
    .where(
      and(
        tracked,
        inArray(followUpActions.status, [...openActionStatuses]),
        lte(followUpActions.dueOn, addDays(options.today, horizon(options.leadDays))),
        onlySubjects(followUpActions.id, options.subjectIds),
      ),
    );
  return rows.flatMap((row) => {
    const condition = staged("action_overdue", options, row.dueOn, {
      subjectId: row.id,
      occurrence: row.dueOn,
      agreementId: row.agreementId,
      subjectTitle: row.description,
      detail: "",
      recordPath: `actions/${row.id}`,
      organizationIds: row.organizationId ? [row.organizationId] : [],
      ownerUserId: row.ownerUserId,
    });
    return condition ? [condition] : [];
  });
};

/**
 * One alert per indicator: its oldest period without a value (submitted or approved), due
 * REPORTING_GRACE_DAYS after the period ends. Once it is reported, the next one takes its place.
 */
const findDueValues: Finder = async (options) => {
  const lookAhead = addDays(options.today, horizon(options.leadDays));
  const rows = await options.db
    .select({
      id: indicators.id,
      agreementId: indicators.agreementId,
      name: indicators.name,
      frequency: indicators.frequency,
      start: sql<
        string | null
      >`coalesce(${indicators.baselineOn}, ${agreements.effectiveOn}, ${agreements.signedOn})`,
      targetOn: indicators.targetOn,
      organizationId: indicators.responsibleOrganizationId,
    })
    .from(indicators)
    .innerJoin(agreements, eq(agreements.id, indicators.agreementId))
    .where(and(tracked, onlySubjects(indicators.id, options.subjectIds)));
  if (!rows.length) return [];
  const reported = new Set(
    (
      await options.db
        .select({ indicatorId: indicatorValues.indicatorId, period: indicatorValues.period })
        .from(indicatorValues)
        .where(
          and(
            inArray(
              indicatorValues.indicatorId,
              rows.map((row) => row.id),
            ),
            ne(indicatorValues.status, "returned"),
          ),
        )
    ).map((value) => `${value.indicatorId}|${value.period}`),
  );
  return rows.flatMap((row) => {
    if (!row.start) return [];
    // The periods whose due date (end + grace) falls before the horizon, up to the target's.
    const lastEnd = addDays(lookAhead, -REPORTING_GRACE_DAYS);
    const until = row.targetOn && row.targetOn < lastEnd ? row.targetOn : lastEnd;
    if (until < row.start) return [];
    const missing = periodsBetween(row.frequency, row.start, until).find(
      (period) => periodBounds(period).end <= lastEnd && !reported.has(`${row.id}|${period}`),
    );
    if (!missing) return [];
    const condition = staged(
      "indicator_due",
      options,
      addDays(periodBounds(missing).end, REPORTING_GRACE_DAYS),
      {
        subjectId: row.id,
        occurrence: missing,
        agreementId: row.agreementId,
        subjectTitle: row.name,
        detail: missing,
        recordPath: `indicators/${row.id}`,
        organizationIds: row.organizationId ? [row.organizationId] : [],
        ownerUserId: null,
      },
    );
    return condition ? [condition] : [];
  });
};

const findUpcomingMeetings: Finder = async (options) => {
  const rows = await options.db
    .select({
      id: meetings.id,
      agreementId: meetings.agreementId,
      title: meetings.title,
      startsAt: meetings.startsAt,
    })
    .from(meetings)
    .innerJoin(agreements, eq(agreements.id, meetings.agreementId))
    .where(
      and(
        tracked,
        eq(meetings.status, "planned"),
        // A day either side, since the Casablanca day of a meeting is computed below.
        sql`${meetings.startsAt} >= ${addDays(options.today, -1)}::date`,
        sql`${meetings.startsAt} < ${addDays(options.today, horizon(options.leadDays) + 2)}::date`,
        onlySubjects(meetings.id, options.subjectIds),
      ),
    );
  const members = new Map<string, string[]>();
  if (rows.length) {
    const memberRows = await options.db
      .selectDistinct({
        agreementId: committeeMembers.agreementId,
        organizationId: committeeMembers.organizationId,
      })
      .from(committeeMembers)
      .where(
        and(
          inArray(
            committeeMembers.agreementId,
            rows.map((row) => row.agreementId),
          ),
          isNotNull(committeeMembers.organizationId),
        ),
      );
    for (const row of memberRows)
      if (row.organizationId)
        members.set(row.agreementId, [...(members.get(row.agreementId) ?? []), row.organizationId]);
  }
  const parties = await partiesOf(options.db, [
    ...new Set(rows.filter((row) => !members.has(row.agreementId)).map((row) => row.agreementId)),
  ]);
  return rows.flatMap((row) => {
    const condition = staged("meeting_upcoming", options, todayInMorocco(row.startsAt), {
      subjectId: row.id,
      // Moving the meeting is a new occurrence, announced again.
      occurrence: row.startsAt.toISOString(),
      agreementId: row.agreementId,
      subjectTitle: row.title,
      detail: row.startsAt.toISOString(),
      recordPath: `meetings/${row.id}`,
      // The organisations that sit on the committee; without members, the agreement's parties.
      organizationIds: members.get(row.agreementId) ?? parties.get(row.agreementId) ?? [],
      ownerUserId: null,
    });
    return condition ? [condition] : [];
  });
};

const findValuesAwaitingReview: Finder = async (options) => {
  const rows = await options.db
    .select({
      id: indicatorValues.id,
      indicatorId: indicators.id,
      agreementId: indicators.agreementId,
      name: indicators.name,
      period: indicatorValues.period,
      enteredAt: indicatorValues.enteredAt,
    })
    .from(indicatorValues)
    .innerJoin(indicators, eq(indicators.id, indicatorValues.indicatorId))
    .innerJoin(agreements, eq(agreements.id, indicators.agreementId))
    .where(
      and(
        tracked,
        eq(indicatorValues.status, "submitted"),
        onlySubjects(indicatorValues.id, options.subjectIds),
      ),
    );
  return rows.flatMap((row) => {
    const condition = staged(
      "value_review",
      options,
      addDays(todayInMorocco(row.enteredAt), REVIEW_WITHIN_DAYS),
      {
        subjectId: row.id,
        // A value submitted again after its return is a new request for review.
        occurrence: row.enteredAt.toISOString(),
        agreementId: row.agreementId,
        subjectTitle: row.name,
        detail: row.period,
        recordPath: `indicators/${row.indicatorId}`,
        // The secretariat reviews: no partner is told.
        organizationIds: [],
        ownerUserId: null,
      },
    );
    return condition ? [condition] : [];
  });
};

const finders: Record<AlertKind, Finder> = {
  agreement_expiry: findExpiries,
  renewal_notice: findRenewalNotices,
  activity_overdue: findLateActivities,
  action_overdue: findLateActions,
  indicator_due: findDueValues,
  meeting_upcoming: findUpcomingMeetings,
  value_review: findValuesAwaitingReview,
};

/** Every cause of an alert on `today`, or only those of the given subjects, per kind. */
export async function findAlertConditions({
  db,
  today,
  leadTimes,
  subjects,
}: {
  db: Executor;
  today: string;
  leadTimes: LeadTimes;
  subjects?: Partial<Record<AlertKind, string[]>>;
}): Promise<AlertCondition[]> {
  const kinds = (Object.keys(finders) as AlertKind[]).filter((kind) => !subjects || subjects[kind]);
  const found: AlertCondition[] = [];
  for (const kind of kinds) {
    const leadDays = leadTimes[kind];
    // A kind without lead times is switched off (unless it alerts when late).
    if (!leadDays.length && !alertKindRules[kind].overdue) continue;
    found.push(...(await finders[kind]({ db, today, leadDays, subjectIds: subjects?.[kind] })));
  }
  return found;
}

export const conditionKey = (condition: Pick<AlertCondition, "kind" | "subjectId" | "occurrence">) =>
  `${condition.kind}|${condition.subjectId}|${condition.occurrence}`;
