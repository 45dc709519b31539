import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildOrganization, buildUser } from "../../test/factories.js";
import { all, htmlOf, one, textOf } from "../../test/html.js";
import { signIn } from "../../test/session.js";
import type { DatabaseHandle } from "../db/client.js";

let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
let agreementId: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db);
  // French and English title, English objectives only, a partner named in three languages
  agreementId = (await buildAgreement(handle.db)).id;
});
afterAll(async () => {
  await handle?.close();
});

describe("what is translated, as readers see it", () => {
  it("says on an agreement's public page whether it is complete in the reader's language", async () => {
    const english = await htmlOf(await app.request(`/en/agreements/${agreementId}`));
    expect(textOf(one(english, ".translation-state"))).toBe("Complete in English.");
    const french = await htmlOf(await app.request(`/fr/agreements/${agreementId}`));
    // its two objectives are written in English only
    expect(textOf(one(french, ".translation-state"))).toBe(
      "Textes pas encore traduits en français : 2 (affichés dans une autre langue).",
    );
    const arabic = await htmlOf(await app.request(`/ar/agreements/${agreementId}`));
    expect(textOf(one(arabic, ".translation-state"))).toMatch(/العربية: 3/u);
  });

  it("gives the public registry's completeness per language on the open-data page", async () => {
    const page = await htmlOf(await app.request("/en/open-data"));
    const rows = all(page, "section[aria-labelledby=translations-heading] tbody tr").map((row) =>
      all(row, "th, td").map((cell) => textOf(cell)),
    );
    expect(rows.map((row) => row[0])).toEqual(["العربية", "Français", "English"]);
    // the Arabic column counts at least this agreement (its title) and its objectives
    expect(Number(rows[0]?.[2])).toBeGreaterThanOrEqual(3);
    expect(rows.every((row) => /^\d{1,3}%$/u.test(row[1] ?? ""))).toBe(true);
  });

  it("tells the staff, not a partner, how many public records are still to translate", async () => {
    const staff = await signIn(app, (await buildUser(handle.db, { role: "secretariat" })).email);
    const staffPage = await htmlOf(await app.request("/fr/workspace", { headers: { cookie: staff } }));
    expect(textOf(one(staffPage, ".translation-gaps"))).toMatch(
      /^Fiches publiques à traduire : \d+ en arabe, \d+ en français, \d+ en anglais\.$/u,
    );
    const organization = await buildOrganization(handle.db);
    const focal = await signIn(
      app,
      (await buildUser(handle.db, { role: "focal_point", organizationId: organization.id })).email,
    );
    const focalPage = await htmlOf(await app.request("/fr/workspace", { headers: { cookie: focal } }));
    expect(all(focalPage, ".translation-gaps")).toHaveLength(0);
  });
});
