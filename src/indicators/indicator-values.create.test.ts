import { randomUUID } from "node:crypto";
import { asc, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { refusal } from "../../test/refusals.js";
import type { DatabaseHandle } from "../db/client.js";
import { auditEvents } from "../db/schema/index.js";
import type { AppError } from "../shared/errors.js";
import { enterNewIndicatorValues } from "./indicator-values.create.js";
import { enterIndicatorValue } from "./indicator-values.service.js";
import { type IndicatorFixture, indicatorFixture, insertIndicator } from "./indicators.test-support.js";

let handle: DatabaseHandle;
let fixture: IndicatorFixture;
const today = "2026-08-15";

beforeAll(async () => {
  handle = await createTestDatabase();
  fixture = await indicatorFixture(handle.db);
});
afterAll(async () => {
  await handle?.close();
});

const newIndicator = () =>
  insertIndicator(handle.db, fixture.agreementId, {
    baselineOn: "2026-01-01",
    targetOn: "2026-12-31",
    responsibleOrganizationId: fixture.partnerId,
  });
const outcome = (result: { error?: AppError }) =>
  result.error
    ? `${result.error.code}:${result.error.issues.map((issue) => issue.reason).join(",")}`
    : "entered";

describe("enterNewIndicatorValues", () => {
  it("enters each new period as one entry would, refuses the others with one entry's reason, and audits each", async () => {
    const db = handle.db;
    const staff = fixture.actors.staff;
    const first = await newIndicator();
    const second = await newIndicator();
    const stored = await enterIndicatorValue({
      db,
      actor: staff,
      indicatorId: second.id,
      input: { period: "2026-Q1", value: "5" },
      today,
    });
    const taken = { indicatorId: second.id, input: { period: "2026-Q1", value: "6" } };
    const results = await enterNewIndicatorValues({
      db,
      actor: staff,
      today,
      source: "valeurs.xlsx",
      items: [
        { indicatorId: first.id, input: { period: "2026-Q1", value: "10", source: "Listes" } },
        { indicatorId: first.id, input: { period: "2026-Q2", value: "12" }, kept: { status: "submitted" } },
        { indicatorId: first.id, input: { period: "2026-Q1", value: "11" } },
        { indicatorId: first.id, input: { period: "2026-Q4", value: "1" } },
        taken,
        { indicatorId: randomUUID(), input: { period: "2026-Q1", value: "1" } },
        {
          indicatorId: second.id,
          input: { period: "2026-Q2", value: "7" },
          kept: { status: "returned", returnReason: "Source manquante" },
        },
      ],
    });

    expect(results.map(outcome)).toEqual([
      "entered",
      "entered",
      "conflict:indicators.reasons.periodHasValue",
      "validation:indicators.reasons.periodInFuture",
      "conflict:indicators.reasons.periodHasValue",
      "not_found:",
      "entered",
    ]);
    // A taken period is refused as one entry without a version is.
    const alone = await refusal(enterIndicatorValue({ db, actor: staff, today, ...taken }));
    expect(results[4]?.error?.issues).toEqual(alone.issues);
    expect(alone.issues[0]?.values).toEqual({ stored: stored.row.version });

    expect(results[0]?.row).toMatchObject({
      status: "approved",
      value: "10.0000",
      source: "Listes",
      enteredBy: staff.id,
      reviewedBy: staff.id,
      periodStart: "2026-01-01",
      periodEnd: "2026-03-31",
      version: 1,
    });
    expect(results[1]?.row).toMatchObject({ status: "submitted", reviewedBy: null });
    expect(results[6]?.row).toMatchObject({ status: "returned", returnReason: "Source manquante" });

    const made = [0, 1, 6].map((index) => results[index]?.row?.id as string);
    const events = await db
      .select()
      .from(auditEvents)
      .where(inArray(auditEvents.entityId, made))
      .orderBy(asc(auditEvents.id));
    expect(events.map((event) => [event.entityId, event.action, event.agreementId])).toEqual([
      [made[0], "indicator_value.enter", fixture.agreementId],
      [made[1], "indicator_value.submit", fixture.agreementId],
      [made[2], "indicator_value.enter", fixture.agreementId],
    ]);
    expect(events[0]?.changes).toMatchObject({
      source: "valeurs.xlsx",
      after: { period: "2026-Q1", value: "10.0000" },
    });
  });

  it("submits a focal point's values for review and keeps an approved period from them, as one entry does", async () => {
    const db = handle.db;
    const indicator = await newIndicator();
    await enterIndicatorValue({
      db,
      actor: fixture.actors.staff,
      indicatorId: indicator.id,
      input: { period: "2026-Q1", value: "5" },
      today,
    });
    const results = await enterNewIndicatorValues({
      db,
      actor: fixture.actors.focal,
      today,
      items: [
        { indicatorId: indicator.id, input: { period: "2026-Q1", value: "9" } },
        {
          indicatorId: indicator.id,
          input: { period: "2026-Q2", value: "9" },
          kept: { status: "submitted" },
        },
      ],
    });
    expect(results.map(outcome)).toEqual(["forbidden:indicators.reasons.approvedLocked", "entered"]);
    expect(results[1]?.row).toMatchObject({ status: "submitted", enteredBy: fixture.actors.focal.id });

    const refused = await enterNewIndicatorValues({
      db,
      actor: fixture.actors.otherFocal,
      today,
      items: [{ indicatorId: indicator.id, input: { period: "2026-Q3", value: "1" } }],
    });
    expect(refused.map((result) => result.error?.code)).toEqual(["forbidden"]);
  });
});
