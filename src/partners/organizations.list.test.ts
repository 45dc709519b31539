import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildOrganization, buildUser } from "../../test/factories.js";
import { all, attr, byRole, type Html, htmlOf, one, selectedIn, textOf } from "../../test/html.js";
import { signIn } from "../../test/session.js";
import type { DatabaseHandle } from "../db/client.js";
import { systemActor } from "../shared/actor.js";
import { updateOrganization } from "./organizations.edits.js";

/*
 * Lists of organisations a page at a time: the workspace's (every organisation) and the portal's
 * partners (those in a public agreement). Each organisation here has "Paginée" in its name, so the
 * list searched for it holds exactly these, whatever else this worker's database holds.
 */
let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
let staff: string;
const COUNT = 53;
const number = (n: number) => String(n).padStart(2, "0");

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db);
  staff = await signIn(app, (await buildUser(handle.db, { role: "secretariat" })).email);
  const ids: string[] = [];
  for (let n = 1; n <= COUNT; n++) {
    // French names in one order, Arabic names in the reverse one.
    const organization = await buildOrganization(handle.db, {
      name: {
        fr: `Paginée ${number(n)}`,
        en: `Paginated ${number(n)}`,
        ar: `مرقمة ${"ب".repeat(COUNT + 1 - n)}`,
      },
    });
    ids.push(organization.id);
  }
  // Every organisation but the last two is party to one public agreement (at most 50 parties
  // each), number 7 to two more.
  const partiesOf = (some: string[]) =>
    some.map((organizationId) => ({ organizationId, role: "signatory" as const }));
  await buildAgreement(handle.db, { parties: partiesOf(ids.slice(0, 40)) });
  await buildAgreement(handle.db, { parties: partiesOf(ids.slice(40, COUNT - 2)) });
  for (let copy = 0; copy < 2; copy++)
    await buildAgreement(handle.db, { parties: partiesOf([ids[6] as string]) });
});
afterAll(async () => {
  await handle?.close();
});

const workspace = async (query: string, lang = "fr") =>
  htmlOf(
    await app.request(`/${lang}/workspace/organizations?q=Pagin&${query}`, { headers: { cookie: staff } }),
  );
const namesIn = (html: Html) => all(html, "table.data tbody tr td:first-child a").map(textOf);
const cardNames = (html: Html) => all(html, "ul.cards > li h2").map(textOf);

describe("the workspace list of organisations", () => {
  it("pages 50 at a time in the reader's alphabetical order, with links that keep the filters", async () => {
    const first = await workspace("");
    expect(namesIn(first)).toEqual(Array.from({ length: 50 }, (_, i) => `Paginée ${number(i + 1)}`));
    expect(textOf(one(first, "main"))).toContain("53 organisations");
    const next = attr(byRole(first, "link", "Page suivante"), "href") ?? "";
    expect(next).toContain("q=Pagin");
    const second = await htmlOf(await app.request(next, { headers: { cookie: staff } }));
    expect(namesIn(second)).toEqual(["Paginée 51", "Paginée 52", "Paginée 53"]);

    // In Arabic, the Arabic names' order: the reverse of the French one.
    const arabic = await workspace("", "ar");
    expect(namesIn(arabic)[0]).toBe(`مرقمة ب`);
    expect(namesIn(arabic)).toHaveLength(50);
  });

  it("puts those in most agreements first when asked, and shows the order chosen", async () => {
    const byAgreements = await workspace("sort=agreements");
    expect(namesIn(byAgreements)[0]).toBe("Paginée 07");
    expect(selectedIn(byAgreements, "sort")).toEqual(["agreements"]);
    // Equal counts keep the names' order; the two without agreements come last.
    const last = await workspace("sort=agreements&page=2");
    expect(namesIn(last)).toEqual(["Paginée 51", "Paginée 52", "Paginée 53"]);
  });

  it("follows a rename and a new agreement at once: names' order and counts are kept only until a write", async () => {
    const second = await buildOrganization(handle.db, { name: { fr: "Renommée B", ar: "معاد ب" } });
    const third = await buildOrganization(handle.db, { name: { fr: "Renommée C", ar: "معاد ج" } });
    const listed = async () =>
      namesIn(
        await htmlOf(
          await app.request("/fr/workspace/organizations?q=Renomm", { headers: { cookie: staff } }),
        ),
      );
    expect(await listed()).toEqual(["Renommée B", "Renommée C"]);
    await updateOrganization({
      db: handle.db,
      actor: systemActor,
      id: third.id,
      input: { kind: third.kind, name: { fr: "Renommée A", ar: "معاد أ" }, version: third.version },
    });
    expect(await listed()).toEqual(["Renommée A", "Renommée B"]);
    // The counts are kept until a write too: a new agreement puts B first.
    const byCount = async () =>
      namesIn(
        await htmlOf(
          await app.request("/fr/workspace/organizations?q=Renomm&sort=agreements", {
            headers: { cookie: staff },
          }),
        ),
      );
    expect(await byCount()).toEqual(["Renommée A", "Renommée B"]);
    await buildAgreement(handle.db, { parties: [{ organizationId: second.id, role: "signatory" }] });
    expect(await byCount()).toEqual(["Renommée B", "Renommée A"]);
  });

  it("answers a page past the last with 404 and an unknown order with 400", async () => {
    const past = await app.request("/fr/workspace/organizations?q=Pagin&page=3", {
      headers: { cookie: staff },
    });
    expect(past.status).toBe(404);
    const unknown = await app.request("/fr/workspace/organizations?sort=size", {
      headers: { cookie: staff },
    });
    expect(unknown.status).toBe(400);
    expect(textOf(one(await htmlOf(unknown), "[role=alert]"))).toContain("« ordre »");
  });
});

describe("the public partners page", () => {
  it("lists 30 partners a page, only those in a public agreement, searchable, with a pager", async () => {
    const first = await htmlOf(await app.request("/fr/partners?q=Pagin"));
    expect(cardNames(first)).toEqual(Array.from({ length: 30 }, (_, i) => `Paginée ${number(i + 1)}`));
    expect(textOf(one(first, "main"))).toContain(`${COUNT - 2} organisations`);
    const second = await htmlOf(await app.request("/fr/partners?q=Pagin&page=2"));
    expect(cardNames(second)).toHaveLength(COUNT - 2 - 30);
    expect(cardNames(second)).not.toContain("Paginée 52");
    expect((await app.request("/fr/partners?q=Pagin&page=3")).status).toBe(404);
    expect((await app.request("/fr/partners?kind=planet")).status).toBe(400);
  });
});
