/**
 * Rows of the follow-up (plans, activities, indicators and their values, committees,
 * meetings, decisions, follow-up actions), inserted directly with sensible defaults. They
 * build the state a test needs to start from; the behaviour under test goes through the
 * modules' services. Every builder takes the agreement (or parent row) it belongs to.
 */
import { eq } from "drizzle-orm";
import type { Executor } from "../src/db/client.js";
import {
  actionPlans,
  activities,
  agreementParties,
  committeeMembers,
  decisions,
  followUpActions,
  indicators,
  indicatorValues,
  meetings,
  objectives,
} from "../src/db/schema/index.js";
import { activitySearchText, meetingSearchText } from "../src/search/record-search-text.js";

let sequence = 0;
const next = () => ++sequence;

type Insert<T extends { $inferInsert: unknown }> = Partial<T["$inferInsert"]>;

/** The agreement's first party: the default responsible organisation. */
async function firstParty(db: Executor, agreementId: string): Promise<string> {
  const [party] = await db
    .select({ organizationId: agreementParties.organizationId })
    .from(agreementParties)
    .where(eq(agreementParties.agreementId, agreementId))
    .orderBy(agreementParties.position)
    .limit(1);
  if (!party) throw new Error(`agreement ${agreementId} has no party`);
  return party.organizationId;
}

export async function buildActionPlan(
  db: Executor,
  agreementId: string,
  overrides: Insert<typeof actionPlans> = {},
) {
  const n = next();
  const [row] = await db
    .insert(actionPlans)
    .values({
      agreementId,
      title: { fr: `Plan d'action ${n}`, en: `Action plan ${n}`, ar: `خطة العمل ${n}` },
      periodStart: "2026-01-01",
      periodEnd: "2026-12-31",
      ...overrides,
    })
    .returning();
  if (!row) throw new Error("no action plan inserted");
  return row;
}

/** An activity in the given plan (one is made when absent), by the agreement's first party. */
export async function buildActivity(
  db: Executor,
  agreementId: string,
  overrides: Insert<typeof activities> = {},
) {
  const n = next();
  const actionPlanId = overrides.actionPlanId ?? (await buildActionPlan(db, agreementId)).id;
  const responsibleOrganizationId =
    overrides.responsibleOrganizationId ?? (await firstParty(db, agreementId));
  const values = {
    agreementId,
    kind: "training" as const,
    title: { fr: `Formation ${n}`, en: `Training ${n}`, ar: `تكوين ${n}` },
    plannedStart: "2026-03-01",
    plannedEnd: "2026-03-31",
    budgetPlanned: "10000.00",
    ...overrides,
    actionPlanId,
    responsibleOrganizationId,
  };
  // As the service writes it: the words the workspace's search finds the activity by.
  const [row] = await db
    .insert(activities)
    .values({ searchText: activitySearchText(values), ...values })
    .returning();
  if (!row) throw new Error("no activity inserted");
  return row;
}

/** An indicator on the agreement's first objective unless `activityId` or `objectiveId` is given. */
export async function buildIndicator(
  db: Executor,
  agreementId: string,
  overrides: Insert<typeof indicators> = {},
) {
  const n = next();
  let objectiveId = overrides.objectiveId ?? null;
  if (!objectiveId && !overrides.activityId) {
    const [objective] = await db
      .select({ id: objectives.id })
      .from(objectives)
      .where(eq(objectives.agreementId, agreementId))
      .orderBy(objectives.position)
      .limit(1);
    if (!objective) throw new Error(`agreement ${agreementId} has no objective`);
    objectiveId = objective.id;
  }
  const responsibleOrganizationId =
    overrides.responsibleOrganizationId ?? (await firstParty(db, agreementId));
  const [row] = await db
    .insert(indicators)
    .values({
      agreementId,
      name: { fr: `Personnes formées ${n}`, en: `People trained ${n}`, ar: `الأشخاص المكونون ${n}` },
      unit: { fr: "personnes", en: "people", ar: "أشخاص" },
      direction: "increase",
      baselineValue: "0",
      baselineOn: "2026-01-01",
      targetValue: "100",
      targetOn: "2026-12-31",
      frequency: "quarterly",
      aggregation: "cumulative",
      ...overrides,
      objectiveId: overrides.activityId ? null : objectiveId,
      responsibleOrganizationId,
    })
    .returning();
  if (!row) throw new Error("no indicator inserted");
  return row;
}

/** Quarter bounds of "YYYY-Qn", half-year of "YYYY-Hn", year of "YYYY". */
export function periodBounds(period: string): { periodStart: string; periodEnd: string } {
  const [yearText = "", part] = period.split("-");
  const year = Number(yearText);
  const months = !part ? [1, 12] : part.startsWith("Q") ? quarter(Number(part.slice(1))) : half(part);
  const [from = 1, to = 12] = months;
  const lastDay = new Date(Date.UTC(year, to, 0)).getUTCDate();
  const pad = (value: number) => String(value).padStart(2, "0");
  return { periodStart: `${year}-${pad(from)}-01`, periodEnd: `${year}-${pad(to)}-${pad(lastDay)}` };
}
const quarter = (q: number) => [3 * q - 2, 3 * q];
const half = (part: string) => (part === "H1" ? [1, 6] : [7, 12]);

/** An approved value for a period ("2026-Q1" by default). */
export async function buildIndicatorValue(
  db: Executor,
  indicatorId: string,
  overrides: Insert<typeof indicatorValues> = {},
) {
  const period = overrides.period ?? "2026-Q1";
  const [row] = await db
    .insert(indicatorValues)
    .values({
      indicatorId,
      value: "10",
      status: "approved",
      enteredBy: "system",
      ...periodBounds(period),
      ...overrides,
      period,
    })
    .returning();
  if (!row) throw new Error("no indicator value inserted");
  return row;
}

export async function buildCommitteeMember(
  db: Executor,
  agreementId: string,
  overrides: Insert<typeof committeeMembers> = {},
) {
  const n = next();
  const [row] = await db
    .insert(committeeMembers)
    .values({ agreementId, fullName: `Membre ${n}`, role: "member", position: n, ...overrides })
    .returning();
  if (!row) throw new Error("no committee member inserted");
  return row;
}

export async function buildMeeting(
  db: Executor,
  agreementId: string,
  overrides: Insert<typeof meetings> = {},
) {
  const n = next();
  const values = {
    agreementId,
    title: { fr: `Comité de pilotage ${n}`, en: `Steering committee ${n}`, ar: `لجنة القيادة ${n}` },
    startsAt: new Date("2026-05-12T10:00:00+01:00"),
    place: "Rabat",
    status: "held" as const,
    ...overrides,
  };
  // As the service writes it: the words the workspace's search finds the meeting by.
  const [row] = await db
    .insert(meetings)
    .values({ searchText: meetingSearchText(values), ...values })
    .returning();
  if (!row) throw new Error("no meeting inserted");
  return row;
}

export async function buildDecision(
  db: Executor,
  meeting: { id: string; agreementId: string },
  overrides: Insert<typeof decisions> = {},
) {
  const n = next();
  const [row] = await db
    .insert(decisions)
    .values({
      meetingId: meeting.id,
      agreementId: meeting.agreementId,
      text: { fr: `Décision ${n}`, en: `Decision ${n}` },
      position: n,
      ...overrides,
    })
    .returning();
  if (!row) throw new Error("no decision inserted");
  return row;
}

/** An open follow-up action owned by the agreement's first party. */
export async function buildFollowUpAction(
  db: Executor,
  agreementId: string,
  overrides: Insert<typeof followUpActions> = {},
) {
  const n = next();
  const ownerOrganizationId = overrides.ownerOrganizationId ?? (await firstParty(db, agreementId));
  const [row] = await db
    .insert(followUpActions)
    .values({
      agreementId,
      description: { fr: `Action de suivi ${n}`, en: `Follow-up action ${n}` },
      dueOn: "2026-06-30",
      ...overrides,
      ownerOrganizationId,
    })
    .returning();
  if (!row) throw new Error("no follow-up action inserted");
  return row;
}
