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
import { all, one, parse, textOf } from "../../test/html.js";
import { signIn } from "../../test/session.js";
import { deleteActivity } from "../activities/activities.service.js";
import type { DatabaseHandle } from "../db/client.js";
import { periodKey } from "../domain/periods.js";
import { getAssociation } from "../partners/organizations.service.js";
import type { Actor } from "../shared/actor.js";
import { actorFromUser } from "../users/users.presenter.js";
import { loadMyWork, type MyWork } from "./my-work.queries.js";
import { buildUnderwayAgreement, daysFromToday, placeActivity } from "./progress.test-support.js";

let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
let focal: Actor;
let staff: Actor;
let council: Actor;
let viewer: Actor;
/** a focal point of an organisation with nothing late or due */
let idle: Actor;
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
    idle: await buildUser(db, { role: "focal_point", organizationId: (await buildOrganization(db)).id }),
  };
  focal = actorFromUser(users.focal);
  staff = actorFromUser(users.staff);
  council = actorFromUser(users.council);
  viewer = actorFromUser(users.viewer);
  idle = actorFromUser(users.idle);
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

  // A second agreement the association runs, with a late visit someone else answers for.
  const second = await buildUnderwayAgreement(db, {
    visibility: "internal",
    parties: [
      { organizationId: other.id, role: "signatory" },
      { organizationId: association.id, role: "signatory" },
    ],
  });
  ids.second = second.id;
  ids.secondLate = (
    await buildActivity(db, second.id, {
      ...titled("Second late visit"),
      responsibleOrganizationId: other.id,
      plannedEnd: daysFromToday(-30),
    })
  ).id;

  // An internal agreement neither the focal point's organisation nor the association is party to,
  // though the focal point's organisation answers for a late activity there.
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
  await buildFollowUpAction(db, unreadable.id, {
    ...described("Hidden action"),
    ownerOrganizationId: other.id,
  });
  await buildIndicator(db, unreadable.id, {
    name: { fr: "Hidden indicator", en: "Hidden indicator" },
    responsibleOrganizationId: other.id,
    baselineOn: daysFromToday(-365),
    targetOn: daysFromToday(365),
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

/** The page's late or due items, by agreement id. */
function dueOf(work: MyWork) {
  const byAgreement = work.byAgreement;
  if (!byAgreement) throw new Error("no work by agreement");
  return {
    ...byAgreement,
    of: (agreementId: string | undefined) =>
      byAgreement.items.find((entry) => entry.agreement.id === agreementId),
    activities: byAgreement.items.flatMap((entry) => entry.activities),
    actions: byAgreement.items.flatMap((entry) => entry.actions),
    periods: byAgreement.items.flatMap((entry) => entry.periods),
  };
}

describe("loadMyWork", () => {
  it("gives a focal point its organisation's open activities, indicators and actions, and its returned values", async () => {
    const work = await loadMyWork({ db: handle.db, actor: focal });
    expect(work.scope).toBe("organization");
    expect(idsOf(work.responsible.activities)).toEqual(
      [ids.ownLate, ids.ownSoon, ids.ownLater, ids.draftActivity].sort(),
    );
    const due = dueOf(work);
    // One agreement: the shared one (not the draft, nor the one its organisation is no party to).
    expect(due.items.map((entry) => entry.agreement.id)).toEqual([ids.shared]);
    expect(idsOf({ items: due.activities })).toEqual([ids.ownLate, ids.ownSoon].sort());
    expect(due.activities.find((item) => item.id === ids.ownLate)?.overdue).toBe(true);
    expect(due.activities.find((item) => item.id === ids.ownSoon)?.overdue).toBe(false);
    expect(idsOf(work.responsible.indicators)).toEqual([ids.ownIndicator]);
    expect(idsOf({ items: due.actions })).toEqual([ids.ownAction]);
    expect(due.actions[0]).toMatchObject({ overdue: true });
    expect(due.actions[0]?.meetingId).toBeTruthy();
    // The counts are what is listed.
    expect(due.totals).toMatchObject({ activities: 2, actions: 1, periods: 1 });
    expect(due.agreements).toBe(1);
    // Its indicator has no value for the ended quarters (the returned one does not count).
    const periods = due.periods;
    expect(periods.map((item) => item.indicator.id)).toEqual([ids.ownIndicator]);
    expect(periods[0]?.periods).toContain(ids.lastQuarter);
    expect(periods[0]?.overdue).toBe(true);
    expect(work.review.returned.items.map((item) => item.value.returnReason)).toEqual(["Which source?"]);
    expect(work.review.submitted.total).toBe(0);
  });

  it("gives the staff everything late or due in the agreements the association runs, by agreement, and their own actions", async () => {
    const work = await loadMyWork({ db: handle.db, actor: staff });
    expect(work.scope).toBe("association");
    const due = dueOf(work);
    // The two agreements the association is a party to; not the one it is no party to, nor the draft.
    expect(due.items.map((entry) => entry.agreement.id).sort()).toEqual([ids.shared, ids.second].sort());
    // The most pressing first: the shared agreement's "Other action" is due on the factory's fixed
    // date, long past; the second agreement's visit is 30 days late.
    expect(due.items.map((entry) => entry.agreement.id)).toEqual([ids.shared, ids.second]);
    expect(due.items.map((entry) => entry.counts.firstDue)).toEqual(
      due.items.map((entry) => entry.counts.firstDue).sort(),
    );
    const shared = due.of(ids.shared);
    // Whoever answers for it.
    expect(shared?.activities.map((item) => item.title.fr).sort()).toEqual(
      [
        "Association caravan",
        "Other late seminar",
        "Own coming study",
        "Own late workshop",
        "Salé programme",
      ].sort(),
    );
    // "Other action" is due on the factory's fixed date, long past; the personal one in 60 days.
    expect(shared?.actions.map((item) => item.description.fr).sort()).toEqual([
      "Other action",
      "Own overdue action",
    ]);
    expect(shared?.periods.map((item) => item.indicator.name.fr).sort()).toEqual([
      "Association councils reached",
      "Other people trained",
      "Own people trained",
    ]);
    // The submitted value counts as reported: that period is not missing.
    const associationGaps = shared?.periods.find(
      (item) => item.indicator.name.fr === "Association councils reached",
    );
    expect(associationGaps?.periods).not.toContain(ids.lastQuarter);
    expect(due.of(ids.second)?.activities.map((item) => item.id)).toEqual([ids.secondLate]);
    const titles = due.activities.map((item) => item.title.fr);
    expect(titles).not.toContain("Hidden activity");
    expect(titles).not.toContain("Draft activity");
    expect(due.actions.map((item) => item.description.fr)).not.toContain("Hidden action");
    expect(due.periods.map((item) => item.indicator.name.fr)).not.toContain("Hidden indicator");
    // The counts are what is listed, in all and agreement by agreement.
    expect(due.totals).toMatchObject({
      activities: due.activities.length,
      actions: due.actions.length,
      periods: due.periods.length,
    });
    for (const entry of due.items)
      expect(entry.counts).toMatchObject({
        activities: entry.activities.length,
        actions: entry.actions.length,
        periods: entry.periods.length,
      });
    // Their own part: the actions assigned to them, and the values to review.
    expect(idsOf(work.responsible.actions)).toEqual([ids.personalAction]);
    expect(work.responsible.activities.total).toBe(0);
    expect(work.review.submitted.items.map((item) => Number(item.value.value))).toEqual([7]);
    expect(work.review.submitted.total).toBe(1);
    expect(work.review.returned.total).toBe(0);
  });

  it("comes a page of agreements at a time, every page's items adding up to the totals", async () => {
    const first = dueOf(await loadMyWork({ db: handle.db, actor: staff, perPage: 1 }));
    expect(first.pages).toBe(2);
    const second = dueOf(await loadMyWork({ db: handle.db, actor: staff, perPage: 1, page: 2 }));
    expect([...first.items, ...second.items].map((entry) => entry.agreement.id).sort()).toEqual(
      [ids.shared, ids.second].sort(),
    );
    expect(second.totals).toEqual(first.totals);
    expect(first.activities.length + second.activities.length).toBe(first.totals.activities);
    expect(first.actions.length + second.actions.length).toBe(first.totals.actions);
    expect(first.periods.length + second.periods.length).toBe(first.totals.periods);
    await expect(loadMyWork({ db: handle.db, actor: staff, perPage: 1, page: 3 })).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("has nothing late or due for an organisation that answers for nothing", async () => {
    const due = dueOf(await loadMyWork({ db: handle.db, actor: idle }));
    expect(due).toMatchObject({ agreements: 0, pages: 1, items: [] });
    expect(due.totals).toMatchObject({ activities: 0, actions: 0, periods: 0 });
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
    expect(work.byAgreement).toBeNull();
    expect(work.dueActivities.items.map((item) => item.title.fr)).toContain("Own late workshop");
    expect(work.dueActivities.items.map((item) => item.title.fr)).not.toContain("Own distant forum");
  });

  it("gives a viewer nothing to answer for", async () => {
    const work = await loadMyWork({ db: handle.db, actor: viewer });
    expect(work.scope).toBe("none");
    expect(work.byAgreement).toBeNull();
    expect(work.responsible.activities.total + work.dueActivities.total + work.review.submitted.total).toBe(
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

  it("shows the staff what is late or due grouped under each agreement's reference and title", async () => {
    const response = await app.request("/en/workspace/my-work", { headers: { cookie: cookies.staff ?? "" } });
    expect(response.status).toBe(200);
    const html = await response.text();
    const page = parse(html);
    const group = one(page, `section[aria-labelledby="work-${ids.shared}"]`);
    const heading = one(group, `h3#work-${ids.shared} a`);
    expect(heading.getAttribute("href")).toBe(`/en/workspace/agreements/${ids.shared}`);
    expect(textOf(heading)).toMatch(/— /);
    const text = textOf(group);
    for (const title of ["Other late seminar", "Other action", "Other people trained", "Association caravan"])
      expect(text).toContain(title);
    // The activities' table: a row per activity, no agreement column (the group names it).
    const activityRows = all(
      one(group, `section[aria-labelledby="work-${ids.shared}-activities"]`),
      "tbody tr",
    );
    expect(activityRows).toHaveLength(5);
    expect(textOf(one(page, `section[aria-labelledby="work-${ids.second}"]`))).toContain("Second late visit");
    expect(html).not.toContain("Hidden activity");
    expect(html).not.toContain("Hidden action");
    expect(html).not.toContain("Nothing is late or due");
    expect(html).toContain("2 agreements have something late or due.");
  });

  it("says nothing is late or due only when nothing is", async () => {
    const idlePage = await app.request("/fr/workspace/my-work", { headers: { cookie: cookies.idle ?? "" } });
    expect(await idlePage.text()).toContain("Rien n’est en retard ni à échéance dans les 30 jours.");
    const focalPage = await app.request("/fr/workspace/my-work", {
      headers: { cookie: cookies.focal ?? "" },
    });
    expect(await focalPage.text()).not.toContain("Rien n’est en retard");
  });

  it("answers a page past the last one with 404 and a page that is no number with 400", async () => {
    const headers = { cookie: cookies.staff ?? "" };
    expect((await app.request("/fr/workspace/my-work?page=2", { headers })).status).toBe(404);
    expect((await app.request("/fr/workspace/my-work?page=0", { headers })).status).toBe(400);
    expect((await app.request("/fr/workspace/my-work?page=deux", { headers })).status).toBe(400);
    const council = await app.request("/fr/workspace/my-work?page=2", {
      headers: { cookie: cookies.council ?? "" },
    });
    expect(council.status).toBe(404);
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

describe("after a write", () => {
  it("tells at once: the agreement whose last late item went is no longer listed", async () => {
    const before = dueOf(await loadMyWork({ db: handle.db, actor: staff }));
    expect(before.of(ids.second)).toBeDefined();
    await deleteActivity({ db: handle.db, actor: staff, id: ids.secondLate ?? "" });
    const after = dueOf(await loadMyWork({ db: handle.db, actor: staff }));
    expect(after.of(ids.second)).toBeUndefined();
    expect(after.agreements).toBe(before.agreements - 1);
    expect(after.totals.activities).toBe(before.totals.activities - 1);
  });
});
