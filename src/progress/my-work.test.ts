import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { deleteActivity } from "../activities/activities.service.js";
import type { DatabaseHandle } from "../db/client.js";
import type { Actor } from "../shared/actor.js";
import { actorFromUser } from "../users/users.presenter.js";
import { loadMyWork } from "./my-work.queries.js";
import { buildMyWorkWorld, dueOf } from "./my-work.test-support.js";

let handle: DatabaseHandle;
let focal: Actor;
let staff: Actor;
let council: Actor;
let viewer: Actor;
/** a focal point of an organisation with nothing late or due */
let idle: Actor;
let ids: Record<string, string> = {};

beforeAll(async () => {
  handle = await createTestDatabase();
  const world = await buildMyWorkWorld(handle.db);
  ids = world.ids;
  focal = actorFromUser(world.users.focal);
  staff = actorFromUser(world.users.staff);
  council = actorFromUser(world.users.council);
  viewer = actorFromUser(world.users.viewer);
  idle = actorFromUser(world.users.idle);
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
