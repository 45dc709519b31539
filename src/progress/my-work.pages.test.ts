import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { all, one, parse, textOf } from "../../test/html.js";
import { signIn } from "../../test/session.js";
import { statementsOf } from "../../test/statements.js";
import type { DatabaseHandle } from "../db/client.js";
import { bumpRegistryGeneration } from "../db/registry-generation.js";
import { buildMyWorkWorld } from "./my-work.test-support.js";

let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
const cookies: Record<string, string> = {};
let ids: Record<string, string> = {};

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db);
  const world = await buildMyWorkWorld(handle.db);
  ids = world.ids;
  for (const [role, user] of Object.entries(world.users)) cookies[role] = await signIn(app, user.email);
});
afterAll(async () => {
  await handle?.close();
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

  it("reads a page's late or due lists once per registry generation, for everyone of its scope", async () => {
    const load = (cookie: string) =>
      statementsOf(handle.db, async () => {
        const response = await app.request("/fr/workspace/my-work", { headers: { cookie } });
        expect(response.status).toBe(200);
        await response.text();
      });
    const detailReads = (statements: { sql: string }[]) =>
      statements.filter((statement) =>
        /"(activities|follow_up_actions)"\."agreement_id" in \(/.test(statement.sql),
      );
    await load(cookies.staff ?? "");
    expect(detailReads(await load(cookies.staff ?? ""))).toEqual([]);
    // A write raises the generation: the next load reads the page anew.
    await bumpRegistryGeneration(handle.db);
    expect(detailReads(await load(cookies.staff ?? "")).length).toBeGreaterThan(0);
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
