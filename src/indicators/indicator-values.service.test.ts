import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { pdfBytes } from "../../test/document-files.js";
import { buildAgreement } from "../../test/factories.js";
import { refusal } from "../../test/refusals.js";
import type { DatabaseHandle } from "../db/client.js";
import { auditEvents, indicatorValues } from "../db/schema/index.js";
import { deleteDocument, uploadDocument } from "../documents/documents.service.js";
import type { AppError } from "../shared/errors.js";
import { enterIndicatorValue, reviewIndicatorValue } from "./indicator-values.service.js";
import { agreementFacts, figuresOf, indicatorFacts } from "./indicators.facts.js";
import type { ValueInput } from "./indicators.input.js";
import { getIndicator, listReturnedValues, listValuesAwaitingReview } from "./indicators.queries.js";
import { type IndicatorFixture, indicatorFixture, insertIndicator } from "./indicators.test-support.js";

let handle: DatabaseHandle;
let fixture: IndicatorFixture;
const uploadsDir = mkdtempSync(path.join(tmpdir(), "indicator-values-"));
const today = "2026-08-15";

beforeAll(async () => {
  handle = await createTestDatabase();
  fixture = await indicatorFixture(handle.db);
});
afterAll(async () => {
  await handle?.close();
});

const reasons = (error: AppError) => error.issues.map((issue) => `${issue.field}:${issue.reason ?? ""}`);

const newIndicator = (overrides: Parameters<typeof insertIndicator>[2] = {}) =>
  insertIndicator(handle.db, fixture.agreementId, {
    baselineOn: "2026-01-01",
    targetOn: "2026-12-31",
    ...overrides,
  });

const enter = (actor: IndicatorFixture["actors"]["staff"], indicatorId: string, input: ValueInput) =>
  enterIndicatorValue({ db: handle.db, actor, indicatorId, input, today });

const review = (
  valueId: string,
  input: Parameters<typeof reviewIndicatorValue>[0]["input"],
  actor = fixture.actors.staff,
) => reviewIndicatorValue({ db: handle.db, actor, valueId, input });

const actionsOf = async (id: string) =>
  (
    await handle.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.entityId, id))
  ).map((event) => event.action);

describe("the approval flow", () => {
  it("counts a focal point's value only once approved", async () => {
    const indicator = await newIndicator();
    const { row, created } = await enter(fixture.actors.focal, indicator.id, {
      period: "2026-Q1",
      value: "40",
      source: "Attendance lists",
      comment: "two sessions",
    });
    expect(created).toBe(true);
    expect(row).toMatchObject({
      status: "submitted",
      enteredBy: fixture.actors.focal.id,
      reviewedBy: null,
      version: 1,
    });

    const figures = async () => {
      const detail = await getIndicator({ db: handle.db, actor: fixture.actors.staff, id: indicator.id });
      return figuresOf(indicatorFacts(detail, detail.values), agreementFacts(detail.agreement), today);
    };
    expect(await figures()).toMatchObject({ actual: null, awaitingReview: 1 });

    const approved = await review(row.id, { decision: "approve", version: 1 });
    expect(approved.row).toMatchObject({
      status: "approved",
      reviewedBy: fixture.actors.staff.id,
      version: 2,
    });
    expect(await figures()).toMatchObject({ actual: 40, achievement: 0.4, awaitingReview: 0 });
    expect(await actionsOf(row.id)).toEqual(["indicator_value.submit", "indicator_value.approve"]);
  });

  it("returns a value with a reason (required); it is corrected in place and submitted again", async () => {
    const indicator = await newIndicator();
    const { row } = await enter(fixture.actors.focal, indicator.id, { period: "2026-Q2", value: 12 });
    const noReason = await refusal(review(row.id, { decision: "return", version: 1 }));
    expect(reasons(noReason)).toEqual(["reason:indicators.reasons.returnReasonRequired"]);
    const returned = await review(row.id, {
      decision: "return",
      reason: "Count the second session too",
      version: 1,
    });
    expect(returned.row).toMatchObject({ status: "returned", returnReason: "Count the second session too" });

    const corrected = await enter(fixture.actors.focal, indicator.id, {
      period: "2026-Q2",
      value: 24,
      version: 2,
    });
    expect(corrected.created).toBe(false);
    expect(corrected.row).toMatchObject({
      id: row.id,
      status: "submitted",
      value: "24.0000",
      returnReason: null,
      version: 3,
    });
    expect(await actionsOf(row.id)).toEqual([
      "indicator_value.submit",
      "indicator_value.return",
      "indicator_value.submit",
    ]);
  });

  it("reviews a value once, as of its version, by the staff only", async () => {
    const indicator = await newIndicator();
    const { row } = await enter(fixture.actors.focal, indicator.id, { period: "2026-Q1", value: 5 });
    for (const actor of [
      fixture.actors.focal,
      fixture.actors.viewer,
      { ...fixture.actors.staff, tokenScope: "read" as const },
    ]) {
      expect((await refusal(review(row.id, { decision: "approve", version: 1 }, actor))).code).toBe(
        "forbidden",
      );
    }
    const stale = await refusal(review(row.id, { decision: "approve", version: 9 }));
    expect(reasons(stale)).toEqual(["version:staleVersion"]);
    await review(row.id, { decision: "approve", version: 1 });
    const twice = await refusal(review(row.id, { decision: "return", reason: "late", version: 2 }));
    expect(twice.code).toBe("invalid_transition");
    expect(reasons(twice)).toEqual(["decision:indicators.reasons.alreadyApproved"]);
  });

  it("lets the submitter replace a submitted value before review, never an approved one", async () => {
    const indicator = await newIndicator();
    const { row } = await enter(fixture.actors.focal, indicator.id, { period: "2026-Q1", value: 5 });
    const replaced = await enter(fixture.actors.focal, indicator.id, {
      period: "2026-Q1",
      value: 6,
      version: 1,
    });
    expect(replaced.row).toMatchObject({ id: row.id, value: "6.0000", status: "submitted", version: 2 });
    await review(row.id, { decision: "approve", version: 2 });
    const locked = await refusal(
      enter(fixture.actors.focal, indicator.id, { period: "2026-Q1", value: 7, version: 3 }),
    );
    expect(locked.code).toBe("forbidden");
    expect(reasons(locked)).toEqual(["period:indicators.reasons.approvedLocked"]);
    const [stored] = await handle.db.select().from(indicatorValues).where(eq(indicatorValues.id, row.id));
    expect(stored?.value).toBe("6.0000");
  });

  it("approves the staff's own entries at once, and lets them change approved values", async () => {
    const indicator = await newIndicator();
    const { row } = await enter(fixture.actors.staff, indicator.id, { period: "2026-Q1", value: 8 });
    expect(row).toMatchObject({ status: "approved", reviewedBy: fixture.actors.staff.id });
    const changed = await enter(fixture.actors.staff, indicator.id, {
      period: "2026-Q1",
      value: 9,
      version: 1,
    });
    expect(changed.row).toMatchObject({ status: "approved", value: "9.0000", version: 2 });
    expect(await actionsOf(row.id)).toEqual(["indicator_value.enter", "indicator_value.enter"]);
  });

  it("asks for the version of a period that has a value, and refuses a stale one", async () => {
    const indicator = await newIndicator();
    await enter(fixture.actors.focal, indicator.id, { period: "2026-Q1", value: 5 });
    const missing = await refusal(enter(fixture.actors.focal, indicator.id, { period: "2026-Q1", value: 6 }));
    expect([missing.code, ...reasons(missing)]).toEqual([
      "conflict",
      "version:indicators.reasons.periodHasValue",
    ]);
    const stale = await refusal(
      enter(fixture.actors.staff, indicator.id, { period: "2026-Q1", value: 6, version: 4 }),
    );
    expect([stale.code, ...reasons(stale)]).toEqual(["conflict", "version:staleVersion"]);
  });
});

describe("who enters values", () => {
  it("is the responsible organisation's focal point and the staff, no one else", async () => {
    const indicator = await newIndicator();
    const others = [
      fixture.actors.otherFocal,
      fixture.actors.council,
      fixture.actors.viewer,
      { ...fixture.actors.focal, tokenScope: "read" as const },
    ];
    for (const actor of others) {
      expect((await refusal(enter(actor, indicator.id, { period: "2026-Q1", value: 1 }))).code).toBe(
        "forbidden",
      );
    }
    // Who may not read the agreement learns nothing of the indicator.
    expect(
      (await refusal(enter(fixture.actors.outsiderFocal, indicator.id, { period: "2026-Q1", value: 1 })))
        .code,
    ).toBe("not_found");
    const byOther = await newIndicator({ responsibleOrganizationId: fixture.otherPartnerId });
    const { row } = await enter(fixture.actors.otherFocal, byOther.id, { period: "2026-Q1", value: 1 });
    expect(row.status).toBe("submitted");
  });
});

describe("periods and evidence", () => {
  it("takes only the indicator's kind of period, begun by today and not before the baseline's", async () => {
    const quarterly = await newIndicator({ baselineOn: "2026-02-10" });
    const cases: [string, string][] = [
      ["2026", "notAQuarter"],
      ["2026-H1", "notAQuarter"],
      ["2026-Q5", "periodFormat"],
      ["26-Q1", "periodFormat"],
      ["2026-Q4", "periodInFuture"],
      ["2025-Q4", "periodBeforeBaseline"],
    ];
    for (const [period, reason] of cases) {
      const error = await refusal(enter(fixture.actors.staff, quarterly.id, { period, value: 1 }));
      expect(reasons(error), period).toEqual([`period:indicators.reasons.${reason}`]);
    }
    // The baseline's own period and today's are open.
    for (const period of ["2026-Q1", "2026-Q3"]) {
      expect((await enter(fixture.actors.staff, quarterly.id, { period, value: 1 })).created).toBe(true);
    }
    const yearly = await newIndicator({ frequency: "yearly" });
    expect(
      reasons(await refusal(enter(fixture.actors.staff, yearly.id, { period: "2026-Q1", value: 1 }))),
    ).toEqual(["period:indicators.reasons.notAYear"]);
    const halves = await newIndicator({ frequency: "half_yearly" });
    const { row } = await enter(fixture.actors.staff, halves.id, { period: "2026-H1", value: 1 });
    expect([row.periodStart, row.periodEnd]).toEqual(["2026-01-01", "2026-06-30"]);
  });

  it("refuses a value that is not a number, and names every faulty field", async () => {
    const indicator = await newIndicator();
    const error = await refusal(
      enter(fixture.actors.focal, indicator.id, {
        period: "2026-Q1",
        value: "beaucoup",
        source: "x".repeat(301),
      }),
    );
    expect(reasons(error)).toEqual(["value:indicators.reasons.notADecimal", "source:tooLongMax"]);
    const empty = await refusal(enter(fixture.actors.focal, indicator.id, {} as ValueInput));
    expect(reasons(empty)).toEqual(["period:required", "value:required"]);
  });

  it("takes as evidence one of the agreement's documents, not deleted, and no other", async () => {
    const indicator = await newIndicator();
    const upload = (ownerId: string) =>
      uploadDocument({
        db: handle.db,
        actor: fixture.actors.staff,
        uploadsDir,
        maxBytes: 1024 * 1024,
        input: { ownerType: "agreement", ownerId, kind: "report", title: { fr: "Rapport" } },
        file: { name: "rapport.pdf", bytes: pdfBytes() },
      });
    const own = await upload(fixture.agreementId);
    const foreign = await upload((await buildAgreement(handle.db)).id);
    const gone = await upload(fixture.agreementId);
    await deleteDocument({ db: handle.db, actor: fixture.actors.staff, id: gone.id });
    for (const document of [foreign, gone]) {
      const error = await refusal(
        enter(fixture.actors.focal, indicator.id, {
          period: "2026-Q1",
          value: 1,
          evidenceDocumentId: document.id,
        }),
      );
      expect(reasons(error)).toEqual(["evidenceDocumentId:indicators.reasons.notThisAgreementsDocument"]);
    }
    const { row } = await enter(fixture.actors.focal, indicator.id, {
      period: "2026-Q1",
      value: 1,
      evidenceDocumentId: own.id,
    });
    expect(row.evidenceDocumentId).toBe(own.id);
  });
});

describe("work lists", () => {
  it("gives the staff every submitted value, oldest first, with its indicator and agreement", async () => {
    const db = await createTestDatabase();
    try {
      const local = await indicatorFixture(db.db);
      const first = await insertIndicator(db.db, local.agreementId, { baselineOn: "2026-01-01" });
      const second = await insertIndicator(db.db, local.agreementId, { baselineOn: "2026-01-01" });
      const a = await enterIndicatorValue({
        db: db.db,
        actor: local.actors.focal,
        indicatorId: second.id,
        input: { period: "2026-Q1", value: 1 },
        today,
      });
      const b = await enterIndicatorValue({
        db: db.db,
        actor: local.actors.focal,
        indicatorId: first.id,
        input: { period: "2026-Q2", value: 2 },
        today,
      });
      await enterIndicatorValue({
        db: db.db,
        actor: local.actors.staff,
        indicatorId: first.id,
        input: { period: "2026-Q1", value: 3 },
        today,
      });
      const list = await listValuesAwaitingReview({ db: db.db, actor: local.actors.staff, limit: 1 });
      expect(list.total).toBe(2);
      expect(list.items.map((item) => item.value.id)).toEqual([a.row.id]);
      expect(list.items[0]).toMatchObject({
        indicator: { id: second.id, name: second.name },
        agreement: { id: local.agreementId },
      });
      expect(
        (await listValuesAwaitingReview({ db: db.db, actor: local.actors.staff })).items.map(
          (item) => item.value.id,
        ),
      ).toEqual([a.row.id, b.row.id]);
      expect(await listValuesAwaitingReview({ db: db.db, actor: local.actors.focal })).toEqual({
        items: [],
        total: 0,
      });

      await reviewIndicatorValue({
        db: db.db,
        actor: local.actors.staff,
        valueId: b.row.id,
        input: { decision: "return", reason: "Source?", version: 1 },
      });
      const returned = await listReturnedValues({ db: db.db, actor: local.actors.focal });
      expect(returned.items.map((item) => [item.value.id, item.value.returnReason])).toEqual([
        [b.row.id, "Source?"],
      ]);
      expect((await listReturnedValues({ db: db.db, actor: local.actors.otherFocal })).total).toBe(0);
      expect((await listReturnedValues({ db: db.db, actor: local.actors.staff })).total).toBe(0);
    } finally {
      await db.close();
    }
  });
});
