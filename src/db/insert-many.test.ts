import { randomUUID } from "node:crypto";
import { asc, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildOrganization } from "../../test/factories.js";
import { buildActionPlan } from "../../test/followup-factories.js";
import type { DatabaseHandle } from "./client.js";
import { insertMany, insertManyReturning } from "./insert-many.js";
import { activities, auditEvents } from "./schema/index.js";

let handle: DatabaseHandle;
let agreementId: string;
let actionPlanId: string;
let organizationId: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  organizationId = (await buildOrganization(handle.db)).id;
  agreementId = (await buildAgreement(handle.db, { parties: [{ organizationId, role: "signatory" }] })).id;
  actionPlanId = (await buildActionPlan(handle.db, agreementId)).id;
});
afterAll(async () => {
  await handle?.close();
});

/** An activity with every kind of column given, its texts as awkward as people write them. */
const activity = (
  overrides: Partial<typeof activities.$inferInsert> = {},
): typeof activities.$inferInsert => ({
  id: randomUUID(),
  agreementId,
  actionPlanId,
  responsibleOrganizationId: organizationId,
  kind: "training",
  title: { fr: `L'atelier « d'été » \\ "quoted"\nline`, ar: "ورشة التكوين" },
  description: {},
  status: "done",
  targetGroups: ["students", "women"],
  plannedStart: "2026-03-01",
  plannedEnd: null,
  actualStart: "2026-03-02",
  budgetPlanned: "1500.00",
  budgetSpent: "12.5",
  participantCount: 40,
  deliverables: { en: "A report" },
  documentIds: [],
  searchText: "atelier",
  ...overrides,
});

describe("insertMany", () => {
  it("writes the rows as Drizzle's values() does: the same columns, types and defaults", async () => {
    const given = activity();
    const [byDrizzle] = await handle.db
      .insert(activities)
      .values({ ...given, id: randomUUID() })
      .returning();
    const [byJson] = await insertManyReturning(handle.db, activities, [given]);
    const comparable = (row: typeof activities.$inferSelect | undefined) => {
      const { id: _id, createdAt, updatedAt, ...rest } = row as typeof activities.$inferSelect;
      expect(createdAt).toBeInstanceOf(Date);
      expect(updatedAt).toBeInstanceOf(Date);
      return rest;
    };
    expect(byJson?.id).toBe(given.id);
    expect(comparable(byJson)).toEqual(comparable(byDrizzle));
    expect(byJson?.budgetPlanned).toBe("1500.00");
    expect(byJson?.budgetSpent).toBe("12.50");
    expect(byJson?.version).toBe(1);
    const [stored] = await handle.db
      .select()
      .from(activities)
      .where(eq(activities.id, given.id as string));
    expect(stored).toEqual(byJson);
  });

  it("gives a left-out column its default and an explicit null a null, rows of both kinds together", async () => {
    const full = activity({ plannedEnd: "2026-04-01", participantCount: null });
    const { status: _status, targetGroups: _groups, budgetSpent: _spent, ...short } = activity();
    const written = await insertManyReturning(handle.db, activities, [full, short, activity()]);
    expect(written.map((row) => row.id)).toEqual([full.id, short.id, expect.any(String)]);
    expect(written[0]).toMatchObject({ plannedEnd: "2026-04-01", participantCount: null, status: "done" });
    expect(written[1]).toMatchObject({ status: "planned", targetGroups: [], budgetSpent: "0.00" });
  });

  it("keeps the order given in the timestamps of an ordered column, across statements", async () => {
    const rows = Array.from({ length: 7 }, (_, n) => activity({ searchText: `order ${n}` }));
    await insertMany(handle.db, activities, rows, { inOrder: "createdAt", perStatement: 3 });
    const stored = await handle.db
      .select({ id: activities.id })
      .from(activities)
      .where(
        inArray(
          activities.id,
          rows.map((row) => row.id as string),
        ),
      )
      .orderBy(asc(activities.createdAt));
    expect(stored.map((row) => row.id)).toEqual(rows.map((row) => row.id));
  });

  it("writes text that JSON escapes (quotes, backslashes, line breaks, Arabic, emoji) unchanged", async () => {
    const awkward = `"a" \\ b\n\t${"ي".repeat(3)} 🎉 $1 ' ; drop table x; --`;
    await insertMany(handle.db, auditEvents, [
      {
        actor: awkward,
        action: "test.insert-many",
        entityType: "test",
        entityId: "1",
        changes: { after: awkward, nested: [1, null, { deep: true }] } as never,
        generation: null,
      },
    ]);
    const [event] = await handle.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "test.insert-many"));
    expect(event?.actor).toBe(awkward);
    expect(event?.changes).toEqual({ after: awkward, nested: [1, null, { deep: true }] });
    expect(event?.id).toEqual(expect.any(Number));
    expect(event?.at).toBeInstanceOf(Date);
  });

  it("writes an unpaired surrogate as the driver does (U+FFFD), and a typed backslash-u as typed", async () => {
    const typed = String.raw`C:\ud800 \\ud83d`;
    const given = activity({ searchText: `a\ud800b \udc00 😀 ${typed}` });
    const [byJson] = await insertManyReturning(handle.db, activities, [given]);
    const [byDrizzle] = await handle.db
      .insert(activities)
      .values({ ...given, id: randomUUID() })
      .returning();
    expect(byJson?.searchText).toBe(`a\ufffdb \ufffd 😀 ${typed}`);
    expect(byJson?.searchText).toBe(byDrizzle?.searchText);
  });

  it("writes nothing for no rows, and fails whole on a row the table refuses", async () => {
    await insertMany(handle.db, activities, []);
    const broken = [activity(), activity({ actionPlanId: randomUUID() })];
    await expect(insertMany(handle.db, activities, broken)).rejects.toThrow();
    const stored = await handle.db
      .select()
      .from(activities)
      .where(eq(activities.id, broken[0]?.id as string));
    expect(stored).toEqual([]);
  });
});
