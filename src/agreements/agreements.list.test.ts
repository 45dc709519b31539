import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildOrganization, buildUser } from "../../test/factories.js";
import { all, attr, byRole, type Html, htmlOf, one, selectedIn, textOf } from "../../test/html.js";
import { signIn } from "../../test/session.js";
import type { DatabaseHandle } from "../db/client.js";

/*
 * The workspace list of agreements: its pages, filters and orders, all in the address. Every
 * agreement here has one partner of its own, so the list filtered by that partner is exactly
 * these, whatever other test files of this worker added.
 */
let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
let secretariat: string;
let partner: string;
const COUNT = 56;
const reference = (n: number) => `LIST-${String(n).padStart(3, "0")}`;

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db);
  secretariat = await signIn(app, (await buildUser(handle.db, { role: "secretariat" })).email);
  partner = (await buildOrganization(handle.db)).id;
  const parties = [{ organizationId: partner, role: "signatory" as const }];
  for (let n = 1; n <= COUNT; n++) {
    // Signed in the order of their numbers, so "newest signature first" reverses them; the
    // reverse again for expiry; every seventh internal, every fourth in force.
    await buildAgreement(handle.db, {
      reference: reference(n),
      parties,
      signedOn: `2020-01-${String((n % 28) + 1).padStart(2, "0")}`.replace(
        /^2020/,
        String(2020 + Math.floor(n / 28)),
      ),
      expiresOn: `2035-12-${String(28 - (n % 28)).padStart(2, "0")}`.replace(
        /^2035/,
        String(2035 - Math.floor(n / 28)),
      ),
      visibility: n % 7 === 0 ? "internal" : "public",
      status: n % 4 === 0 ? "in_force" : "draft",
    });
  }
});
afterAll(async () => {
  await handle?.close();
});

const list = async (query: string, lang = "fr") =>
  app.request(`/${lang}/workspace/agreements?partner=${partner}&${query}`, {
    headers: { cookie: secretariat },
  });
const referencesIn = (html: Html) => all(html, "table.data tbody tr td:first-child a").map(textOf);
const countSaid = (html: Html) => Number(/(\d+)\s+conventions?/.exec(textOf(one(html, "main")))?.[1]);

describe("the workspace list of agreements", () => {
  it("pages 50 at a time with links that keep the filters and the order, and says how many in all", async () => {
    const first = await htmlOf(await list("sort=reference"));
    expect(referencesIn(first)).toEqual(Array.from({ length: 50 }, (_, i) => reference(i + 1)));
    expect(countSaid(first)).toBe(COUNT);
    const next = attr(byRole(first, "link", "Page suivante"), "href") ?? "";
    expect(next).toContain(`partner=${partner}`);
    expect(next).toContain("sort=reference");
    expect(next).toContain("page=2");
    const second = await htmlOf(await app.request(next, { headers: { cookie: secretariat } }));
    expect(referencesIn(second)).toEqual(Array.from({ length: COUNT - 50 }, (_, i) => reference(i + 51)));
    expect(textOf(byRole(second, "link", "Page précédente"))).toBeTruthy();
    expect(all(second, "a[rel=next]")).toEqual([]);
  });

  it("sorts by signature (newest first, the default), by expiry (soonest first) and by last change", async () => {
    const bySignature = referencesIn(await htmlOf(await list("")));
    expect(bySignature.slice(0, 3)).toEqual([reference(56), reference(55), reference(54)]);
    expect(bySignature.at(-1)).toBe(reference(7));
    const byExpiry = referencesIn(await htmlOf(await list("sort=expires")));
    expect(byExpiry.slice(0, 3)).toEqual([reference(56), reference(55), reference(54)]);
    const byChange = referencesIn(await htmlOf(await list("sort=updated")));
    expect(byChange[0]).toBe(reference(COUNT));
  });

  it("filters by status and visibility, with a count that equals the rows listed, and shows the choices made", async () => {
    const internal = await htmlOf(await list("visibility=internal&sort=reference"));
    const internalRefs = Array.from({ length: COUNT }, (_, i) => i + 1)
      .filter((n) => n % 7 === 0)
      .map(reference);
    expect(referencesIn(internal)).toEqual(internalRefs);
    expect(countSaid(internal)).toBe(internalRefs.length);
    expect(selectedIn(internal, "visibility")).toEqual(["internal"]);
    expect(selectedIn(internal, "sort")).toEqual(["reference"]);

    const inForceInternal = await htmlOf(await list("visibility=internal&status=in_force&sort=reference"));
    expect(referencesIn(inForceInternal)).toEqual([reference(28), reference(56)]);
    expect(countSaid(inForceInternal)).toBe(2);
  });

  it("keeps the filters when the language changes", async () => {
    const english = await htmlOf(await list("visibility=internal&sort=reference", "en"));
    const french = all(english, "a[hreflang=fr]").map((link) => attr(link, "href") ?? "");
    expect(
      french.some((href) => href.includes("visibility=internal") && href.includes("sort=reference")),
    ).toBe(true);
  });

  it("answers a page past the last with 404, and an unknown order, visibility or page with 400 naming it", async () => {
    expect((await list("page=3")).status).toBe(404);
    for (const [query, field] of [
      ["sort=cheapest", "« ordre »"],
      ["visibility=secret", "« visibilité »"],
      ["page=0", "« page »"],
      ["page=two", "« page »"],
      ["due=-4", "« échéance »"],
    ] as const) {
      const response = await list(query);
      expect(response.status, query).toBe(400);
      expect(textOf(one(await htmlOf(response), "[role=alert]")), query).toContain(field);
    }
  });
});
