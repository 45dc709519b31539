import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { textPdfBytes } from "../../test/document-files.js";
import { buildAgreement, buildOrganization, buildUser } from "../../test/factories.js";
import { buildActivity, buildMeeting } from "../../test/followup-factories.js";
import { all, parse, textOf } from "../../test/html.js";
import { signIn } from "../../test/session.js";
import type { DatabaseHandle } from "../db/client.js";
import { activities, meetings } from "../db/schema/index.js";
import { uploadDocument } from "../documents/documents.service.js";
import { writeAgreementSearchText } from "../search/agreement-search-text.js";
import { reindexSearch } from "../search/reindex.js";
import { systemActor } from "../shared/actor.js";
import { translator } from "../shared/i18n.js";

/*
 * The workspace's one search box: agreements, organisations, people, activities, meetings and
 * documents (by their text too), each
 * found as the person, so that nothing they may not read is found, listed or counted.
 */

const fr = translator("fr");
let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
const cookies: Record<string, string> = {};
let ours: { id: string };
let theirs: { id: string };
let partner: { id: string };

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db);
  const db = handle.db;
  partner = await buildOrganization(db, {
    name: { fr: "Observatoire régional de l'hydrologie", ar: "المرصد الجهوي للهيدرولوجيا" },
    acronym: "ORH",
    contacts: [{ fullName: "Salma Benjelloun", role: "Directrice" }],
  });
  const other = await buildOrganization(db, {
    name: { fr: "Fondation des hydrologues" },
    contacts: [{ fullName: "Karim Hydrologue-Tazi" }],
  });
  ours = await buildAgreement(db, {
    visibility: "internal",
    title: { fr: "Réseau d'hydrologie des provinces" },
    parties: [{ organizationId: partner.id, role: "signatory" }],
  });
  theirs = await buildAgreement(db, {
    visibility: "internal",
    title: { fr: "Cartes d'hydrologie confidentielles" },
    parties: [{ organizationId: other.id, role: "signatory" }],
  });
  await buildActivity(db, ours.id, { title: { fr: "Atelier d'hydrologie appliquée" } });
  await buildActivity(db, theirs.id, { title: { fr: "Relevés d'hydrologie secrets" } });
  await buildMeeting(db, ours.id, { title: { fr: "Comité sur l'hydrologie" }, agenda: { fr: "Budget" } });
  await buildMeeting(db, theirs.id, { title: { fr: "Comité secret" }, agenda: { fr: "Hydrologie" } });
  const uploadsDir = mkdtempSync(path.join(tmpdir(), "sharaka-global-search-"));
  for (const [agreementId, pages] of [
    [ours.id, ["Sommaire", "Bilan d'hydrologie des provinces"]],
    [theirs.id, ["Hydrologie confidentielle"]],
  ] as const) {
    await uploadDocument({
      db,
      actor: systemActor,
      uploadsDir,
      maxBytes: 1024 * 1024,
      input: { ownerType: "agreement", ownerId: agreementId, kind: "report", visibility: "internal" },
      file: { name: "bilan.pdf", bytes: textPdfBytes([...pages]) },
    });
  }
  // The factory writes activities directly: their titles join the agreements' words here.
  await writeAgreementSearchText({ db, agreementIds: [ours.id, theirs.id] });
  cookies.staff = await signIn(app, (await buildUser(db, { role: "secretariat" })).email);
  cookies.focal = await signIn(
    app,
    (await buildUser(db, { role: "focal_point", organizationId: partner.id })).email,
  );
});
afterAll(async () => {
  await handle?.close();
});

const search = async (who: string, q: string) => {
  const response = await app.request(`/fr/workspace/search?q=${encodeURIComponent(q)}`, {
    headers: { cookie: cookies[who] as string },
  });
  expect(response.status).toBe(200);
  return parse(await response.text());
};
const listed = (page: ReturnType<typeof parse>, section: string) =>
  all(page, `section[aria-labelledby="found-${section}"] li`).map((item) => textOf(item));

describe("the workspace's search", () => {
  it("finds every kind for the staff, grouped, with what matched marked", async () => {
    const page = await search("staff", "hydrologie");
    expect(listed(page, "agreements")).toHaveLength(2);
    expect(listed(page, "organizations").join(" ")).toContain("Observatoire régional de l'hydrologie");
    expect(listed(page, "activities")).toHaveLength(2);
    expect(listed(page, "meetings")).toHaveLength(2);
    expect(listed(page, "documents")).toHaveLength(2);
    expect(all(page, "mark").length).toBeGreaterThan(0);
    expect(listed(await search("staff", "benjelloun"), "contacts")).toEqual([
      expect.stringContaining("Salma Benjelloun"),
    ]);
  });

  it("shows a focal point only its agreements, their activities and its own people", async () => {
    const page = await search("focal", "hydrologie");
    expect(listed(page, "agreements")).toEqual([
      expect.stringContaining("Réseau d'hydrologie des provinces"),
    ]);
    expect(textOf(all(page, "#found-agreements")[0])).toContain("(1)");
    expect(listed(page, "activities")).toEqual([expect.stringContaining("Atelier d'hydrologie appliquée")]);
    expect(listed(page, "organizations").join(" ")).not.toContain("Fondation des hydrologues");
    expect(listed(page, "meetings")).toEqual([expect.stringContaining("Comité sur l'hydrologie")]);
    // A document's hit names its page and shows the words there.
    expect(listed(page, "documents")).toEqual([
      expect.stringContaining(fr("workspace.search.page", { page: 2 })),
    ]);
    expect(listed(page, "documents")[0]).toContain("Bilan d'hydrologie des provinces");
    expect(listed(await search("focal", "benjelloun"), "contacts")).toHaveLength(1);
    expect(listed(await search("focal", "karim"), "contacts")).toEqual([]);
  });

  it("answers any input with a page, and says when nothing matches", async () => {
    for (const q of ["", "a", "&|!():*", "x".repeat(500), "<script>alert(1)</script>"]) {
      const page = await search("staff", q);
      expect(all(page, "section[aria-labelledby^='found-']")).toHaveLength(0);
    }
    const none = await search("staff", "introuvable");
    expect(textOf(all(none, "[role=status]")[0])).toBe(fr("workspace.search.none", { q: "introuvable" }));
  });

  it("says when the agreements listed are close matches of a mistyped word, and marks those", async () => {
    const page = await search("focal", "hidrologie");
    expect(listed(page, "agreements")).toEqual([
      expect.stringContaining("Réseau d'hydrologie des provinces"),
    ]);
    const section = all(page, `section[aria-labelledby="found-agreements"]`)[0];
    expect(textOf(all(section ?? page, "[role=status]")[0])).toBe(
      fr("catalogue.closeMatches", { typed: "hidrologie", query: "hydrologie" }),
    );
    expect(all(section ?? page, "li mark").map((mark) => textOf(mark).toLowerCase())).toEqual([
      "d'hydrologie",
    ]);
    // Typed right, nothing is said.
    const typedRight = await search("focal", "hydrologie");
    expect(all(typedRight, `section[aria-labelledby="found-agreements"] [role=status]`)).toHaveLength(0);
  });

  it("marks the words found in the workspace's list of agreements too", async () => {
    const list = parse(
      await (
        await app.request("/fr/workspace/agreements?q=hydrologie", {
          headers: { cookie: cookies.staff as string },
        })
      ).text(),
    );
    const marked = all(list, "table mark").map((mark) => textOf(mark).toLowerCase());
    expect(marked.length).toBeGreaterThan(0);
    // The word as written is marked, with its elided article ("d'hydrologie").
    expect(marked.every((word) => word.endsWith("hydrologie"))).toBe(true);
  });

  it("finds activities and meetings again once the reindex rebuilds their words", async () => {
    await handle.db.update(activities).set({ searchText: "" });
    await handle.db.update(meetings).set({ searchText: "" });
    const emptied = await search("staff", "hydrologie");
    expect(listed(emptied, "activities")).toEqual([]);
    expect(listed(emptied, "meetings")).toEqual([]);
    await reindexSearch({ db: handle.db });
    const rebuilt = await search("staff", "hydrologie");
    expect(listed(rebuilt, "activities")).toHaveLength(2);
    expect(listed(rebuilt, "meetings")).toHaveLength(2);
  });

  it("is reached from a search box in every workspace page's header", async () => {
    const page = parse(
      await (
        await app.request("/fr/workspace/agreements", { headers: { cookie: cookies.focal as string } })
      ).text(),
    );
    expect(all(page, 'header search form[action="/fr/workspace/search"] input[name="q"]')).toHaveLength(1);
  });
});
