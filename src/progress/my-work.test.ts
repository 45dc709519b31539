import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildOrganization, buildUser } from "../../test/factories.js";
import {
  buildActivity,
  buildDecision,
  buildFollowUpAction,
  buildIndicator,
  buildIndicatorValue,
  buildMeeting,
} from "../../test/followup-factories.js";
import { signIn } from "../../test/session.js";
import type { DatabaseHandle } from "../db/client.js";
import { periodKey } from "../domain/periods.js";
import { getAssociation } from "../partners/organizations.service.js";
import type { Actor } from "../shared/actor.js";
import { actorFromUser } from "../users/users.presenter.js";
import { loadMyWork } from "./my-work.queries.js";
import { buildUnderwayAgreement, daysFromToday, placeActivity } from "./progress.test-support.js";

let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
let focal: Actor;
let staff: Actor;
let council: Actor;
let viewer: Actor;
const cookies: Record<string, string> = {};
const ids: Record<string, string> = {};

const titled = (name: string) => ({ title: { fr: name, en: name } });
const described = (name: string) => ({ description: { fr: name, en: name } });

beforeAll(async () => {
  handle = await createTestDatabase();
  const { db } = handle;
  app = createTestApp(db);
  const association = await getAssociation({ db });
  if (!association) throw new Error("the test database has no association");
  const own = await buildOrganization(db);
  const other = await buildOrganization(db);
  const users = {
    focal: await buildUser(db, { role: "focal_point", organizationId: own.id }),
    staff: await buildUser(db, { role: "secretariat" }),
    council: await buildUser(db, { role: "council", territoryCode: "01.571" }),
    viewer: await buildUser(db, { role: "viewer" }),
  };
  focal = actorFromUser(users.focal);
  staff = actorFromUser(users.staff);
  council = actorFromUser(users.council);
  viewer = actorFromUser(users.viewer);
  for (const [role, user] of Object.entries(users)) cookies[role] = await signIn(app, user.email);

  // Internal, in force, naming Tétouan; the focal point's organisation, another and the association are parties.
  const shared = await buildUnderwayAgreement(db, {
    visibility: "internal",
    national: false,
    territoryCodes: ["01.571"],
    parties: [
      { organizationId: own.id, role: "signatory" },
      { organizationId: other.id, role: "signatory" },
      { organizationId: association.id, role: "signatory" },
    ],
  });
  ids.shared = shared.id;
  const activity = (name: string, organizationId: string, extra: Record<string, unknown>) =>
    buildActivity(db, shared.id, { ...titled(name), responsibleOrganizationId: organizationId, ...extra });
  ids.ownLate = (await activity("Own late workshop", own.id, { plannedEnd: daysFromToday(-5) })).id;
  ids.ownSoon = (
    await activity("Own coming study", own.id, { status: "ongoing", plannedEnd: daysFromToday(10) })
  ).id;
  ids.ownLater = (await activity("Own distant forum", own.id, { plannedEnd: daysFromToday(90) })).id;
  await activity("Own finished course", own.id, { status: "done", plannedEnd: daysFromToday(-40) });
  await activity("Other late seminar", other.id, { plannedEnd: daysFromToday(-5) });
  ids.associationSoon = (
    await activity("Association caravan", association.id, { plannedEnd: daysFromToday(20) })
  ).id;
  // Placed in Salé only: it does not reach Tétouan although its agreement does.
  const elsewhere = await activity("Salé programme", other.id, { plannedEnd: daysFromToday(5) });
  await placeActivity(db, elsewhere.id, ["04.441"]);

  const indicator = (name: string, organizationId: string) =>
    buildIndicator(db, shared.id, {
      name: { fr: name, en: name },
      responsibleOrganizationId: organizationId,
      baselineOn: daysFromToday(-365),
      targetOn: daysFromToday(365),
    });
  const ownIndicator = await indicator("Own people trained", own.id);
  ids.ownIndicator = ownIndicator.id;
  await indicator("Other people trained", other.id);
  const associationIndicator = await indicator("Association councils reached", association.id);
  ids.lastQuarter = periodKey("quarterly", daysFromToday(-100));
  await buildIndicatorValue(db, ownIndicator.id, {
    period: ids.lastQuarter,
    status: "returned",
    returnReason: "Which source?",
    value: "12",
  });
  await buildIndicatorValue(db, associationIndicator.id, {
    period: ids.lastQuarter,
    status: "submitted",
    value: "7",
  });

  const meeting = await buildMeeting(db, shared.id);
  const decision = await buildDecision(db, meeting);
  ids.ownAction = (
    await buildFollowUpAction(db, shared.id, {
      ...described("Own overdue action"),
      ownerOrganizationId: own.id,
      decisionId: decision.id,
      dueOn: daysFromToday(-3),
    })
  ).id;
  await buildFollowUpAction(db, shared.id, { ...described("Other action"), ownerOrganizationId: other.id });
  ids.personalAction = (
    await buildFollowUpAction(db, shared.id, {
      ...described("Personal action"),
      ownerOrganizationId: other.id,
      ownerUserId: users.staff.id,
      dueOn: daysFromToday(60),
    })
  ).id;
  await buildFollowUpAction(db, shared.id, {
    ...described("Own finished action"),
    ownerOrganizationId: own.id,
    status: "done",
  });

  // An internal agreement the focal point's organisation is not party to, though responsible for an activity there.
  const unreadable = await buildUnderwayAgreement(db, {
    visibility: "internal",
    national: false,
    territoryCodes: ["04.441"],
  });
  await buildActivity(db, unreadable.id, {
    ...titled("Hidden activity"),
    responsibleOrganizationId: own.id,
    plannedEnd: daysFromToday(-1),
  });
  // A draft's dates are plans: nothing in it is due.
  const draft = await buildUnderwayAgreement(db, {
    status: "draft",
    parties: [{ organizationId: own.id, role: "signatory" }],
  });
  ids.draftActivity = (
    await buildActivity(db, draft.id, {
      ...titled("Draft activity"),
      responsibleOrganizationId: own.id,
      plannedEnd: daysFromToday(-2),
    })
  ).id;
});
afterAll(async () => {
  await handle?.close();
});

const idsOf = (list: { items: { id: string }[] }) => list.items.map((item) => item.id).sort();

describe("loadMyWork", () => {
  it("gives a focal point its organisation's open activities, indicators and actions, and its returned values", async () => {
    const work = await loadMyWork({ db: handle.db, actor: focal });
    expect(work.scope).toBe("organization");
    expect(idsOf(work.responsible.activities)).toEqual(
      [ids.ownLate, ids.ownSoon, ids.ownLater, ids.draftActivity].sort(),
    );
    expect(idsOf(work.due.activities)).toEqual([ids.ownLate, ids.ownSoon].sort());
    expect(work.due.activities.items.find((item) => item.id === ids.ownLate)?.overdue).toBe(true);
    expect(work.due.activities.items.find((item) => item.id === ids.ownSoon)?.overdue).toBe(false);
    expect(idsOf(work.responsible.indicators)).toEqual([ids.ownIndicator]);
    expect(idsOf(work.due.actions)).toEqual([ids.ownAction]);
    expect(work.due.actions.items[0]).toMatchObject({ overdue: true });
    expect(work.due.actions.items[0]?.meetingId).toBeTruthy();
    // Its indicator has no value for the ended quarters (the returned one does not count).
    const periods = work.due.periods.items;
    expect(periods.map((item) => item.indicator.id)).toEqual([ids.ownIndicator]);
    expect(periods[0]?.periods).toContain(ids.lastQuarter);
    expect(periods[0]?.overdue).toBe(true);
    expect(work.review.returned.items.map((item) => item.value.returnReason)).toEqual(["Which source?"]);
    expect(work.review.submitted.total).toBe(0);
  });

  it("gives the staff the association's work, their own actions and the values to review", async () => {
    const work = await loadMyWork({ db: handle.db, actor: staff });
    expect(work.scope).toBe("association");
    expect(idsOf(work.due.activities)).toEqual([ids.associationSoon]);
    expect(idsOf(work.responsible.actions)).toEqual([ids.personalAction]);
    expect(work.due.actions.total).toBe(0);
    expect(work.review.submitted.items.map((item) => Number(item.value.value))).toEqual([7]);
    expect(work.review.returned.total).toBe(0);
    // The submitted value counts as reported: that period is not missing.
    expect(work.due.periods.items[0]?.periods).not.toContain(ids.lastQuarter);
  });

  it("gives a council the activities reaching its province, and no indicator or action", async () => {
    const work = await loadMyWork({ db: handle.db, actor: council });
    expect(work.scope).toBe("territory");
    const titles = work.responsible.activities.items.map((item) => item.title.fr);
    expect(titles).toContain("Own late workshop");
    expect(titles).toContain("Other late seminar");
    expect(titles).not.toContain("Salé programme");
    expect(titles).not.toContain("Hidden activity");
    expect(work.responsible.indicators.total).toBe(0);
    expect(work.responsible.actions.total).toBe(0);
  });

  it("gives a viewer nothing to answer for", async () => {
    const work = await loadMyWork({ db: handle.db, actor: viewer });
    expect(work.scope).toBe("none");
    expect(work.responsible.activities.total + work.due.activities.total + work.review.submitted.total).toBe(
      0,
    );
  });

  it("keeps to the limit and tells how many there are", async () => {
    const work = await loadMyWork({ db: handle.db, actor: focal, limit: 1 });
    expect(work.responsible.activities.items).toHaveLength(1);
    expect(work.responsible.activities.total).toBe(4);
  });

  it("refuses the anonymous public", async () => {
    await expect(
      loadMyWork({ db: handle.db, actor: { id: "anonymous", role: "anonymous" } }),
    ).rejects.toMatchObject({
      code: "unauthenticated",
    });
  });
});

describe("GET /:lang/workspace/my-work", () => {
  it("shows a focal point its items with links, agreements, due dates and overdue in words", async () => {
    const response = await app.request("/fr/workspace/my-work", { headers: { cookie: cookies.focal ?? "" } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Mon travail");
    expect(html).toContain(`href="/fr/workspace/activities/${ids.ownLate}"`);
    expect(html).toContain(`href="/fr/workspace/indicators/${ids.ownIndicator}"`);
    expect(html).toContain(`href="/fr/workspace/actions/${ids.ownAction}"`);
    expect(html).toContain(`href="/fr/workspace/agreements/${ids.shared}"`);
    expect(html).toMatch(/en retard de 5 jours/);
    expect(html).toContain("Which source?");
    expect(html).not.toContain("Other late seminar");
    expect(html).not.toContain("Hidden activity");
  });

  it("is in Arabic, right to left, for the Arabic workspace", async () => {
    const response = await app.request("/ar/workspace/my-work", { headers: { cookie: cookies.staff ?? "" } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('dir="rtl"');
    expect(html).toContain("عملي");
    expect(html).toContain("في انتظار مراجعتي");
  });

  it("sends the anonymous public to sign in", async () => {
    const response = await app.request("/fr/workspace/my-work");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toContain("/fr/workspace/sign-in");
  });
});
