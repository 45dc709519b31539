import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueOf, jsonClient, tokenFor } from "../../test/api-client.js";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildUser } from "../../test/factories.js";
import type { DatabaseHandle } from "../db/client.js";
import { agreements } from "../db/schema/index.js";

let handle: DatabaseHandle;
let call: ReturnType<typeof jsonClient>;
let writer: string;
let reader: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  call = jsonClient(createTestApp(handle.db));
  const translator = await buildUser(handle.db, { role: "viewer", translates: ["en"] });
  writer = await tokenFor(handle.db, translator, "write");
  reader = await tokenFor(handle.db, translator, "read");
});
afterAll(async () => {
  await handle?.close();
});

const titleOf = async (id: string) =>
  (await handle.db.select({ title: agreements.title }).from(agreements).where(eq(agreements.id, id)))[0]
    ?.title;

describe("/api/v1/translations", () => {
  it("gives a translator's token the queue of its language and saves a text with the version", async () => {
    const agreement = await buildAgreement(handle.db, { title: { fr: "Convention par l’API" } });
    const queue = await call("GET", "/translations/en?kind=agreement&limit=100", { token: writer });
    expect(queue.status).toBe(200);
    const item = queue.body.items.find((entry: { id: string }) => entry.id === agreement.id);
    expect(item).toEqual({
      kind: "agreement",
      id: agreement.id,
      version: agreement.version,
      agreement: { id: agreement.id, reference: agreement.reference, title: { fr: "Convention par l’API" } },
      texts: { title: { fr: "Convention par l’API" }, summary: {} },
      missing: ["title"],
    });
    expect(queue.body.waiting.agreement).toBe(queue.body.total);
    const saved = await call(
      "PUT",
      `/translations/en/agreement/${agreement.id}`,
      { token: writer },
      {
        version: agreement.version,
        texts: { title: "Agreement through the API" },
      },
    );
    expect(saved).toMatchObject({ status: 200, body: { version: agreement.version + 1 } });
    expect((await titleOf(agreement.id))?.en).toBe("Agreement through the API");
    const stale = await call(
      "PUT",
      `/translations/en/agreement/${agreement.id}`,
      { token: writer },
      {
        version: agreement.version,
        texts: { summary: "Stale" },
      },
    );
    expect(stale.status).toBe(409);
    expect(issueOf(stale.body, "version")?.reason).toBe("staleVersion");
  });

  it("refuses another language, a read-only token and the anonymous, before reading the body", async () => {
    const agreement = await buildAgreement(handle.db, { title: { fr: "Refusée" } });
    const path = `/translations/ar/agreement/${agreement.id}`;
    expect((await call("PUT", path, { token: writer }, "not json")).status).toBe(403);
    expect((await call("GET", "/translations/ar", { token: writer })).status).toBe(403);
    expect((await call("GET", "/translations/en", { token: reader })).status).toBe(403);
    const english = `/translations/en/agreement/${agreement.id}`;
    expect(
      (await call("PUT", english, { token: reader }, { version: 1, texts: { title: "No" } })).status,
    ).toBe(403);
    expect((await call("PUT", english, {}, { version: 1, texts: { title: "No" } })).status).toBe(401);
    expect(await titleOf(agreement.id)).toEqual({ fr: "Refusée" });
  });

  it("names the field of a refused body and saves nothing", async () => {
    const agreement = await buildAgreement(handle.db, { title: { fr: "Champs" } });
    const path = `/translations/en/agreement/${agreement.id}`;
    const unknown = await call("PUT", path, { token: writer }, { version: 1, texts: { status: "signed" } });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body.error.issues)).toContain("status");
    const noVersion = await call("PUT", path, { token: writer }, { texts: { title: "Fields" } });
    expect(noVersion.status).toBe(400);
    expect(issueOf(noVersion.body, "version")).toBeDefined();
    const badKind = await call(
      "PUT",
      `/translations/en/user/${agreement.id}`,
      { token: writer },
      {
        version: 1,
        texts: { title: "Fields" },
      },
    );
    expect(badKind.status).toBe(400);
    expect((await call("GET", "/translations/en?kind=agreement&limit=1000", { token: writer })).status).toBe(
      400,
    );
    expect(await titleOf(agreement.id)).toEqual({ fr: "Champs" });
  });
});
