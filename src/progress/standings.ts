import { and, asc, inArray } from "drizzle-orm";
import { insideAgreementsCondition } from "../access/agreement-access.js";
import type { LateKind } from "../agreements/agreements.filters.js";
import type { Theme } from "../agreements/agreements.input.js";
import type { Executor } from "../db/client.js";
import { changesBetween, committedGeneration } from "../db/registry-generation.js";
import { type AgreementStatus, agreements } from "../db/schema/index.js";
import {
  agreementDeadline,
  agreementFigures,
  type HealthLevel,
  type HealthReason,
  isActionOverdue,
  isOverdue,
  isUnderway,
  todayInMorocco,
} from "../domain/figures.js";
import { daysBetween } from "../domain/periods.js";
import type { Actor } from "../shared/actor.js";
import type { LocalizedText } from "../shared/localized.js";
import { giveOthersATurn } from "../shared/turns.js";
import { loadAgreementFacts } from "./progress.queries.js";
import { type AgreementWork, countWork, noWork } from "./work-counts.js";

const nothingToDo: AgreementWork = { all: noWork(), byOrganization: new Map() };

/** One agreement, as the dashboard judges it (the same for everyone who sees its inside). */
export interface AgreementStanding {
  id: string;
  reference: string;
  title: LocalizedText;
  status: AgreementStatus;
  themes: Theme[];
  /** the year it was signed (the agreements list's `year`) */
  year: number | null;
  level: HealthLevel;
  reasons: HealthReason[];
  /** the next end of term or renewal notice, today or later (agreements under way only) */
  deadline: { kind: "agreement_expiry" | "renewal_notice"; dueOn: string; days: number } | null;
  /** overdue activities and follow-up actions (agreements under way only, as alerts count them) */
  late: Record<LateKind, number>;
  budgetPlanned: number;
  budgetSpent: number;
  /** indicator values submitted and not yet reviewed */
  awaitingReview: number;
  /** what is late or due in it, in all and by who answers for it (agreements under way only): "my work" */
  work: AgreementWork;
}

/**
 * Facts are read this many agreements at a time: fewer, larger reads are faster (at 10,000
 * agreements on PostgreSQL, 4.2 s against 6.1 s by 1,000), and the indicators' values, asked for
 * by indicator id (about four per agreement), stay well under PostgreSQL's 65,535 parameters.
 */
const FACTS_BATCH = 2500;

/**
 * Judging is synchronous: judging every agreement at 10,000 held the process for 5.3 s on
 * PostgreSQL (the first staff dashboard of a day), so other requests get a turn this often.
 */
const JUDGED_PER_TURN = 100;

/** Writes to these records change no agreement's standing (they are not among its facts). */
const OUTSIDE_STANDINGS: ReadonlySet<string> = new Set(["organization", "territory", "document"]);

/** Beyond this many writes since the last computation, computing every standing again is as quick. */
const MOST_CHANGES_FOLLOWED = 2000;

/** The standings of the agreements of `ids` (all agreements when undefined) that exist, by id. */
export async function judgeStandings(
  db: Executor,
  today: string,
  ids?: readonly string[],
): Promise<Map<string, AgreementStanding>> {
  const standings = new Map<string, AgreementStanding>();
  if (ids?.length === 0) return standings;
  const rows = await db
    .select({
      id: agreements.id,
      reference: agreements.reference,
      title: agreements.title,
      status: agreements.status,
      themes: agreements.themes,
      signedOn: agreements.signedOn,
    })
    .from(agreements)
    .where(ids ? inArray(agreements.id, [...ids]) : undefined);
  for (let start = 0; start < rows.length; start += FACTS_BATCH) {
    const batch = rows.slice(start, start + FACTS_BATCH);
    const facts = await loadAgreementFacts({
      db,
      agreementIds: batch.map((row) => row.id),
      publicView: false,
    });
    for (const [index, row] of batch.entries()) {
      if (index % JUDGED_PER_TURN === JUDGED_PER_TURN - 1) await giveOthersATurn();
      const entry = facts.get(row.id);
      // Deleted since the first read: it is no longer anyone's.
      if (!entry) continue;
      const figures = agreementFigures(entry, today);
      const underway = isUnderway(row.status);
      const deadline = underway ? agreementDeadline(entry.agreement, today) : null;
      const days = deadline ? daysBetween(today, deadline.dueOn) : -1;
      standings.set(row.id, {
        id: row.id,
        reference: row.reference,
        title: row.title,
        status: row.status,
        themes: row.themes as Theme[],
        year: row.signedOn ? Number(row.signedOn.slice(0, 4)) : null,
        level: figures.health.level,
        reasons: figures.health.reasons,
        deadline: deadline && days >= 0 ? { kind: deadline.kind, dueOn: deadline.dueOn, days } : null,
        late: {
          activities: underway ? entry.activities.filter((activity) => isOverdue(activity, today)).length : 0,
          actions: underway
            ? entry.openActionDueDates.filter((dueOn) => isActionOverdue({ status: "open", dueOn }, today))
                .length
            : 0,
        },
        budgetPlanned: figures.activities.budgetPlanned,
        budgetSpent: figures.activities.budgetSpent,
        awaitingReview: figures.indicators.reduce((sum, indicator) => sum + indicator.awaitingReview, 0),
        work: underway
          ? countWork({ ...entry, start: entry.agreement.effectiveOn ?? entry.agreement.signedOn }, today)
          : nothingToDo,
      });
    }
  }
  return standings;
}

interface KeptStandings {
  today: string;
  generation: number;
  byId: ReadonlyMap<string, AgreementStanding>;
}

/**
 * The agreements a write since `from` may have changed the standing of; undefined when the
 * writes cannot tell (an import, a record tied to no agreement that is not known to be outside
 * the standings, too many writes to be worth following).
 */
export async function agreementsChangedSince(
  db: Executor,
  from: number,
  to: number,
): Promise<Set<string> | undefined> {
  if (to - from > MOST_CHANGES_FOLLOWED) return undefined;
  const { complete, changes } = await changesBetween(db, from, to);
  if (!complete) return undefined;
  const touched = new Set<string>();
  for (const { entityType, agreementId } of changes) {
    if (agreementId) touched.add(agreementId);
    else if (!OUTSIDE_STANDINGS.has(entityType)) return undefined;
  }
  return touched;
}

/** Brings the kept standings to `generation`: only the agreements written to since, when that can be told. */
async function advance(
  db: Executor,
  kept: KeptStandings | undefined,
  generation: number,
  today: string,
): Promise<KeptStandings> {
  if (kept && kept.today === today && kept.generation >= generation) return kept;
  const touched =
    kept && kept.today === today ? await agreementsChangedSince(db, kept.generation, generation) : undefined;
  if (!kept || !touched) return { today, generation, byId: await judgeStandings(db, today) };
  const byId = new Map(kept.byId);
  const fresh = await judgeStandings(db, today, [...touched]);
  for (const id of touched) {
    const standing = fresh.get(id);
    if (standing) byId.set(id, standing);
    else byId.delete(id);
  }
  return { today, generation, byId };
}

const keptPerDatabase = new WeakMap<Executor, Promise<KeptStandings | undefined>>();
/** The day of the standings last brought up to date in this process, per database. */
const judgedOn = new WeakMap<Executor, string>();

/**
 * Every agreement's standing on `today`, as of registry generation `generation` or later. Kept per
 * database and day: judging all 10,000 agreements of a large registry takes seconds, so after a
 * write only the agreements it touched are judged again (the audit events of the generations in
 * between name them; see changesBetween). Calls are taken in turn, so two never judge the same
 * writes twice; a failed one leaves the next to start afresh.
 */
export async function standingsAt(
  db: Executor,
  today: string,
  generation: number,
): Promise<ReadonlyMap<string, AgreementStanding>> {
  const previous = keptPerDatabase.get(db) ?? Promise.resolve(undefined);
  const next = previous.catch(() => undefined).then((kept) => advance(db, kept, generation, today));
  keptPerDatabase.set(db, next);
  next.then(
    (kept) => judgedOn.set(db, kept.today),
    () => judgedOn.delete(db),
  );
  return (await next).byId;
}

/**
 * The kept standings, brought up to date, when this process has already judged today's: then
 * only the agreements written to since are judged again. On a process that has not (just
 * started, or a new day), undefined at once, and judging every agreement for today starts
 * behind the caller, for the next request: a list page should not wait seconds for 10,000.
 */
async function standingsIfJudged(
  db: Executor,
  today: string,
): Promise<ReadonlyMap<string, AgreementStanding> | undefined> {
  const generation = await committedGeneration(db);
  if (judgedOn.get(db) === today) return standingsAt(db, today, generation);
  // Only for the day it is: the kept standings are one day's, and a caller asking about another
  // day (a report, a test) must not have them judged again for it, and again for today after.
  if (today === todayInMorocco())
    standingsAt(db, today, generation).catch(() => {
      // Left for the next caller to start again (a closed database, a failed read).
    });
  return undefined;
}

/**
 * The health level of each agreement whose inside the actor sees, among `agreementIds` (for
 * lists and the dashboard); the others (outside its scope) are left out. From the kept standings
 * when they are judged (a lookup a row: the agreements list at 10,000 spent most of its time
 * judging its 50 rows), else judged for these agreements alone.
 */
export async function agreementHealthFor({
  db,
  actor,
  agreementIds,
  today = todayInMorocco(),
}: {
  db: Executor;
  actor: Actor;
  agreementIds: readonly string[];
  today?: string;
}): Promise<Map<string, HealthLevel>> {
  const levels = new Map<string, HealthLevel>();
  if (actor.role === "anonymous" || !agreementIds.length) return levels;
  const inside = insideAgreementsCondition(actor);
  const wanted = [...new Set(agreementIds)];
  // The staff see inside every agreement: no need to ask which.
  const readable = inside
    ? (
        await db
          .select({ id: agreements.id })
          .from(agreements)
          .where(and(inArray(agreements.id, wanted), inside))
      ).map((row) => row.id)
    : wanted;
  const kept = await standingsIfJudged(db, today);
  const unjudged: string[] = [];
  for (const id of readable) {
    const standing = kept?.get(id);
    if (standing) levels.set(id, standing.level);
    else unjudged.push(id);
  }
  if (!unjudged.length) return levels;
  const facts = await loadAgreementFacts({ db, agreementIds: unjudged, publicView: false });
  for (const [id, entry] of facts) levels.set(id, agreementFigures(entry, today).health.level);
  return levels;
}

/** The standing of every agreement whose inside the actor sees, in reference order. */
export async function standingsInScope({
  db,
  actor,
  today,
  generation,
}: {
  db: Executor;
  actor: Actor;
  today: string;
  generation: number;
}): Promise<AgreementStanding[]> {
  const byId = await standingsAt(db, today, generation);
  const inScope = await db
    .select({ id: agreements.id })
    .from(agreements)
    .where(insideAgreementsCondition(actor))
    .orderBy(asc(agreements.reference));
  // One created since the standings were brought up to date has none yet: it is in the next generation's.
  return inScope.flatMap(({ id }) => byId.get(id) ?? []);
}
