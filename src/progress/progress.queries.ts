import { and, asc, count, eq, inArray, max } from "drizzle-orm";
import { assertCanReadAgreement } from "../access/agreement-access.js";
import type { Executor } from "../db/client.js";
import {
  activities,
  agreements,
  agreementTermColumns,
  committeeMembers,
  followUpActions,
  indicators,
  indicatorValues,
  meetings,
} from "../db/schema/index.js";
import {
  type ActivityFacts,
  type AgreementFigures,
  agreementFigures,
  type HealthFacts,
  type IndicatorFacts,
  openActionStatuses,
  todayInMorocco,
} from "../domain/figures.js";
import type { Actor } from "../shared/actor.js";
import { notFound } from "../shared/errors.js";
import type { LocalizedText } from "../shared/localized.js";

/**
 * The facts src/domain/figures.ts computes from, read for many agreements at once: one
 * query per table whatever the number of agreements or rows (each on an index leading with
 * the agreement), only the columns the figures use, and never a query per row.
 */

/** An indicator's facts, with what a page needs to name it. */
export interface LoadedIndicator extends IndicatorFacts {
  id: string;
  name: LocalizedText;
  unit: LocalizedText;
  objectiveId: string | null;
  activityId: string | null;
  responsibleOrganizationId: string;
}

export interface LoadedFacts extends HealthFacts {
  agreementId: string;
  activities: (ActivityFacts & { responsibleOrganizationId: string })[];
  indicators: LoadedIndicator[];
  /** the follow-up actions still open or in progress, with who owns them ("my work"'s counts) */
  openActions: { dueOn: string; ownerOrganizationId: string }[];
}

/**
 * The facts of each agreement in `agreementIds` that exists (the caller has checked who may
 * read them). `publicView`: what the anonymous public may know — approved indicator values
 * only, and nothing of the steering committee (meetings, follow-up actions).
 */
export async function loadAgreementFacts({
  db,
  agreementIds,
  publicView,
}: {
  db: Executor;
  agreementIds: readonly string[];
  publicView: boolean;
}): Promise<Map<string, LoadedFacts>> {
  const ids = [...new Set(agreementIds)];
  const result = new Map<string, LoadedFacts>();
  if (!ids.length) return result;
  // Side by side on PostgreSQL (PGlite takes them in turn); the committee only for the workspace.
  const [agreementRows, activityRows, indicatorRows, meetingRows, actionRows, memberRows] = await Promise.all(
    [
      db
        .select({
          id: agreements.id,
          ...agreementTermColumns,
        })
        .from(agreements)
        .where(inArray(agreements.id, ids)),
      db
        .select({
          agreementId: activities.agreementId,
          responsibleOrganizationId: activities.responsibleOrganizationId,
          status: activities.status,
          plannedEnd: activities.plannedEnd,
          budgetPlanned: activities.budgetPlanned,
          budgetSpent: activities.budgetSpent,
        })
        .from(activities)
        .where(inArray(activities.agreementId, ids)),
      loadIndicators(db, ids, publicView),
      publicView
        ? []
        : db
            .select({ agreementId: meetings.agreementId, last: max(meetings.startsAt) })
            .from(meetings)
            .where(and(inArray(meetings.agreementId, ids), eq(meetings.status, "held")))
            .groupBy(meetings.agreementId),
      publicView
        ? []
        : db
            .select({
              agreementId: followUpActions.agreementId,
              dueOn: followUpActions.dueOn,
              ownerOrganizationId: followUpActions.ownerOrganizationId,
            })
            .from(followUpActions)
            .where(
              and(
                inArray(followUpActions.agreementId, ids),
                inArray(followUpActions.status, [...openActionStatuses]),
              ),
            ),
      publicView
        ? []
        : db
            .select({ agreementId: committeeMembers.agreementId, members: count() })
            .from(committeeMembers)
            .where(inArray(committeeMembers.agreementId, ids))
            .groupBy(committeeMembers.agreementId),
    ],
  );
  for (const { id, ...agreement } of agreementRows) {
    result.set(id, {
      agreementId: id,
      agreement,
      activities: [],
      indicators: [],
      lastMeetingOn: null,
      openActionDueDates: [],
      openActions: [],
      committeeMembers: 0,
    });
  }
  for (const row of memberRows) {
    const facts = result.get(row.agreementId);
    if (facts) facts.committeeMembers = row.members;
  }
  for (const row of activityRows) {
    result.get(row.agreementId)?.activities.push({
      responsibleOrganizationId: row.responsibleOrganizationId,
      status: row.status,
      plannedEnd: row.plannedEnd,
      budgetPlanned: Number(row.budgetPlanned),
      budgetSpent: Number(row.budgetSpent),
    });
  }
  for (const { agreementId, indicator } of indicatorRows) result.get(agreementId)?.indicators.push(indicator);
  for (const row of meetingRows) {
    const facts = result.get(row.agreementId);
    // The day it was held, in Casablanca.
    if (facts && row.last) facts.lastMeetingOn = todayInMorocco(new Date(row.last));
  }
  for (const row of actionRows) {
    const facts = result.get(row.agreementId);
    facts?.openActionDueDates.push(row.dueOn);
    facts?.openActions.push({ dueOn: row.dueOn, ownerOrganizationId: row.ownerOrganizationId });
  }
  return result;
}

/** The agreements' indicators, each with its values (approved ones only for the public). */
async function loadIndicators(
  db: Executor,
  agreementIds: string[],
  publicView: boolean,
): Promise<{ agreementId: string; indicator: LoadedIndicator }[]> {
  const indicatorRows = await db
    .select({
      id: indicators.id,
      agreementId: indicators.agreementId,
      name: indicators.name,
      unit: indicators.unit,
      objectiveId: indicators.objectiveId,
      activityId: indicators.activityId,
      responsibleOrganizationId: indicators.responsibleOrganizationId,
      direction: indicators.direction,
      baselineValue: indicators.baselineValue,
      baselineOn: indicators.baselineOn,
      targetValue: indicators.targetValue,
      targetOn: indicators.targetOn,
      frequency: indicators.frequency,
      aggregation: indicators.aggregation,
    })
    .from(indicators)
    .where(inArray(indicators.agreementId, agreementIds))
    .orderBy(asc(indicators.createdAt), asc(indicators.id));
  if (!indicatorRows.length) return [];
  const loaded = indicatorRows.map(({ agreementId, baselineValue, targetValue, ...row }) => {
    const indicator: LoadedIndicator = {
      ...row,
      baselineValue: Number(baselineValue),
      targetValue: Number(targetValue),
      values: [],
    };
    return { agreementId, indicator };
  });
  const byId = new Map(loaded.map((entry) => [entry.indicator.id, entry.indicator]));
  // By the indicators' ids: the values come straight from their (indicator, period) index.
  const valueRows = await db
    .select({
      indicatorId: indicatorValues.indicatorId,
      period: indicatorValues.period,
      value: indicatorValues.value,
      status: indicatorValues.status,
    })
    .from(indicatorValues)
    .where(
      and(
        inArray(indicatorValues.indicatorId, [...byId.keys()]),
        publicView ? eq(indicatorValues.status, "approved") : undefined,
      ),
    );
  for (const row of valueRows) {
    byId
      .get(row.indicatorId)
      ?.values.push({ period: row.period, value: Number(row.value), status: row.status });
  }
  return loaded;
}

/** An agreement's figures as the actor may see them: the public view outside its scope. */
export async function getAgreementProgress({
  db,
  actor,
  id,
  today = todayInMorocco(),
}: {
  db: Executor;
  actor: Actor;
  id: string;
  today?: string;
}): Promise<{ facts: LoadedFacts; figures: AgreementFigures; publicView: boolean }> {
  // A reader outside the agreement's scope (a public agreement read by another partner) gets
  // what the portal shows: no health, since it weighs the committee and its actions.
  const publicView = !(await assertCanReadAgreement({ db, actor, id })).seesInside;
  const facts = (await loadAgreementFacts({ db, agreementIds: [id], publicView })).get(id);
  // Read a moment ago: only a concurrent deletion gets here.
  if (!facts) throw notFound("Agreement", id);
  return { facts, figures: agreementFigures(facts, today), publicView };
}
