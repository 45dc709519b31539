import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { expectShownAsText } from "../../test/html.js";
import { markupPayloads, refusedPayloads } from "../../test/payloads.js";
import { postForm, signIn } from "../../test/session.js";
import type { DatabaseHandle } from "../db/client.js";
import { indicatorValues } from "../db/schema/index.js";
import { type IndicatorFixture, indicatorFixture } from "./indicators.test-support.js";

/** What people type into indicators and values, shown back everywhere: escaped, or refused. */
let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
let fixture: IndicatorFixture;
let staff: string;
let focal: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db);
  fixture = await indicatorFixture(handle.db, { visibility: "public" });
  staff = await signIn(app, fixture.emails.staff);
  focal = await signIn(app, fixture.emails.focal);
});
afterAll(async () => {
  await handle?.close();
});

const page = async (path: string, cookie?: string) =>
  (await app.request(path, { headers: cookie ? { cookie } : {} })).text();

const indicatorForm = (text: string) => ({
  measures: `objective:${fixture.objectiveIds[0]}`,
  "name.fr": text,
  "name.ar": text,
  "unit.fr": text,
  direction: "increase",
  baselineValue: "0",
  baselineOn: "2025-01-01",
  targetValue: "10",
  targetOn: "2026-12-31",
  frequency: "yearly",
  aggregation: "latest",
  responsibleOrganizationId: fixture.partnerId,
});

describe("indicator texts", () => {
  for (const payload of markupPayloads) {
    it(`stores and escapes ${payload}`, async () => {
      const created = await postForm(
        app,
        `/fr/workspace/agreements/${fixture.agreementId}/indicators`,
        staff,
        indicatorForm(payload),
      );
      expect(created.status, await created.clone().text()).toBe(303);
      const path = (created.headers.get("location") ?? "").split("?")[0] as string;
      const id = path.split("/").at(-1) as string;
      const submitted = await postForm(app, `${path}/values`, focal, {
        period: "2025",
        value: "3",
        source: payload,
        comment: payload,
      });
      expect(submitted.status).toBe(303);
      const [value] = await handle.db
        .select()
        .from(indicatorValues)
        .where(eq(indicatorValues.indicatorId, id));
      const returned = await postForm(app, `/fr/workspace/indicator-values/${value?.id}/review`, staff, {
        decision: "return",
        reason: payload,
        version: "1",
      });
      expect(returned.status).toBe(303);
      for (const html of [
        await page(path, staff),
        await page(`/ar${path.slice(3)}`, focal),
        await page(`${path}/edit`, staff),
        await page(`/fr/workspace/agreements/${fixture.agreementId}`, staff),
      ]) {
        expectShownAsText(html, payload);
      }
      const json = await (await app.request(`/api/v1/indicators/${id}`)).json();
      expect(json.name.fr).toBe(payload);
    });
  }

  it("refuses direction overrides and blank names, naming the field", async () => {
    const override = await postForm(
      app,
      `/fr/workspace/agreements/${fixture.agreementId}/indicators`,
      staff,
      indicatorForm(refusedPayloads.rtlOverride),
    );
    expect(override.status).toBe(400);
    expect(await override.text()).toContain("caractères de contrôle");
    const blank = await postForm(app, `/fr/workspace/agreements/${fixture.agreementId}/indicators`, staff, {
      ...indicatorForm("x"),
      "name.fr": refusedPayloads.whitespaceOnly,
      "name.ar": "",
    });
    expect(blank.status).toBe(400);
  });
});
