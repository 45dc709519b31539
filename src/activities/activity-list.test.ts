import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildUser } from "../../test/factories.js";
import { buildActionPlan, buildActivity } from "../../test/followup-factories.js";
import { all, attr, byRole, type Html, htmlOf, one, selectedIn, textOf } from "../../test/html.js";
import { signIn } from "../../test/session.js";
import type { DatabaseHandle } from "../db/client.js";
import { ACTIVITIES_SHOWN_PER_PLAN } from "./activities.views.js";

/*
 * An agreement's activities beyond what its page shows: a list of their own, filtered, sorted
 * and paged. The first plan has 55 activities, one a day from 1 March 2026, every fifth done and
 * the others ended on the day they started (so overdue once that day is past); the second plan 3.
 */
let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
let staff: string;
let outsider: string;
let agreementId: string;
let bigPlan: string;
const BIG = 55;
const day = (n: number) => new Date(Date.UTC(2026, 2, n)).toISOString().slice(0, 10);
const title = (n: number) => `Activité ${String(n).padStart(2, "0")}`;

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db);
  staff = await signIn(app, (await buildUser(handle.db, { role: "secretariat" })).email);
  outsider = await signIn(app, (await buildUser(handle.db, { role: "focal_point" })).email);
  const agreement = await buildAgreement(handle.db, { visibility: "internal" });
  agreementId = agreement.id;
  bigPlan = (await buildActionPlan(handle.db, agreementId)).id;
  const smallPlan = (await buildActionPlan(handle.db, agreementId)).id;
  for (let n = 1; n <= BIG; n++) {
    await buildActivity(handle.db, agreementId, {
      actionPlanId: bigPlan,
      title: { fr: title(n), ar: `نشاط ${"ب".repeat(BIG + 1 - n)}` },
      plannedStart: day(n),
      // Ends in reverse order: the last one planned ends first.
      plannedEnd: day(BIG + 1 - n),
      status: n % 5 === 0 ? "done" : "planned",
    });
  }
  for (let n = 1; n <= 3; n++)
    await buildActivity(handle.db, agreementId, { actionPlanId: smallPlan, title: { fr: `Petite ${n}` } });
});
afterAll(async () => {
  await handle?.close();
});

const get = (path: string, cookie = staff) => app.request(path, { headers: { cookie } });
const list = async (query = "", lang = "fr") =>
  htmlOf(await get(`/${lang}/workspace/agreements/${agreementId}/activities${query}`));
const titlesIn = (html: Html) => all(html, "table.data tbody tr td:first-child a").map(textOf);

describe("an agreement's activities", () => {
  it("show at most ten per plan on the agreement's page, with a link to all of the plan's", async () => {
    const page = await htmlOf(await get(`/fr/workspace/agreements/${agreementId}`));
    const bigTable = all(page, "#action-plan table.data").find((table) => textOf(table).includes(title(1)));
    expect(bigTable && all(bigTable, "tbody tr")).toHaveLength(ACTIVITIES_SHOWN_PER_PLAN);
    const link = byRole(page, "link", `Voir les ${BIG} activités de ce plan`);
    expect(attr(link, "href")).toBe(`/fr/workspace/agreements/${agreementId}/activities?plan=${bigPlan}`);
  });

  it("are listed 50 a page as planned, the filters kept by the pager", async () => {
    const first = await list(`?plan=${bigPlan}`);
    expect(titlesIn(first)).toEqual(Array.from({ length: 50 }, (_, i) => title(i + 1)));
    expect(textOf(one(first, "main"))).toContain(`${BIG} activités`);
    expect(selectedIn(first, "plan")).toEqual([bigPlan]);
    const next = attr(byRole(first, "link", "Page suivante"), "href") ?? "";
    expect(next).toContain(`plan=${bigPlan}`);
    expect(titlesIn(await htmlOf(await get(next)))).toEqual([51, 52, 53, 54, 55].map(title));
    // Without the plan: both plans' activities.
    expect(textOf(one(await list(), "main"))).toContain(`${BIG + 3} activités`);
  });

  it("are narrowed to a status or to the overdue ones, and sorted by end or by title in the reader's language", async () => {
    const done = titlesIn(await list(`?plan=${bigPlan}&status=done`));
    expect(done).toEqual([5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55].map(title));
    const late = titlesIn(await list(`?plan=${bigPlan}&late=1`));
    expect(late).toHaveLength(BIG - 11);
    expect(late).not.toContain(title(5));
    const byEnd = titlesIn(await list(`?plan=${bigPlan}&sort=due`));
    expect(byEnd.slice(0, 2)).toEqual([title(55), title(54)]);
    const arabic = titlesIn(await list(`?plan=${bigPlan}&sort=title`, "ar"));
    expect(arabic[0]).toBe("نشاط ب");
  });

  it("answer a page past the last with 404, a wrong filter with 400, and someone who may not read the agreement with 404", async () => {
    expect((await get(`/fr/workspace/agreements/${agreementId}/activities?page=3`)).status).toBe(404);
    for (const query of ["plan=3", "status=finished", "kind=party", "late=yes", "sort=budget", "page=-1"])
      expect((await get(`/fr/workspace/agreements/${agreementId}/activities?${query}`)).status, query).toBe(
        400,
      );
    expect((await get(`/fr/workspace/agreements/${agreementId}/activities`, outsider)).status).toBe(404);
  });
});
