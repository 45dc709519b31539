import { desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildOrganization } from "../../test/factories.js";
import { buildIndicator, buildIndicatorValue } from "../../test/followup-factories.js";
import { systemActor } from "../shared/actor.js";
import { recordAuditEvent } from "./audit-events.js";
import type { DatabaseHandle } from "./client.js";
import { readRegistryGeneration } from "./registry-generation.js";
import { auditEvents, indicators } from "./schema/index.js";

let handle: DatabaseHandle;
let eventId: number;

beforeAll(async () => {
  handle = await createTestDatabase();
  const organization = await buildOrganization(handle.db);
  const [event] = await handle.db.select().from(auditEvents).where(eq(auditEvents.entityId, organization.id));
  if (!event) throw new Error("the factory recorded no event");
  eventId = event.id;
});
afterAll(async () => {
  await handle?.close();
});

/** The database's own message, wherever the driver and the ORM put it. */
async function refusal(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    const messages: string[] = [];
    for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
      messages.push(String((current as Error).message));
      current = (current as { cause?: unknown }).cause;
    }
    return messages.join(" | ");
  }
  throw new Error("the statement was not refused");
}

describe("audit_events is append-only in the database", () => {
  it("refuses an UPDATE, even one through the ORM", async () => {
    const message = await refusal(() =>
      handle.db.update(auditEvents).set({ action: "forged" }).where(eq(auditEvents.id, eventId)),
    );
    expect(message).toMatch(/append-only: UPDATE/);
  });

  it("refuses a DELETE, and an UPDATE or DELETE that matches no row", async () => {
    expect(await refusal(() => handle.db.delete(auditEvents).where(eq(auditEvents.id, eventId)))).toMatch(
      /append-only: DELETE/,
    );
    expect(await refusal(() => handle.db.execute(sql`delete from audit_events where false`))).toMatch(
      /append-only: DELETE/,
    );
    expect(
      await refusal(() => handle.db.execute(sql`update audit_events set actor = 'x' where false`)),
    ).toMatch(/append-only: UPDATE/);
  });

  it("refuses a TRUNCATE", async () => {
    expect(await refusal(() => handle.db.execute(sql`truncate audit_events`))).toMatch(
      /append-only: TRUNCATE/,
    );
  });

  it("leaves the event as it was, and still accepts new events", async () => {
    const [event] = await handle.db.select().from(auditEvents).where(eq(auditEvents.id, eventId));
    expect(event?.action).toBe("organization.create");
    await recordAuditEvent({
      db: handle.db,
      actor: systemActor,
      action: "test.append",
      entityType: "test",
      entityId: "1",
    });
    const added = await handle.db.select().from(auditEvents).where(eq(auditEvents.action, "test.append"));
    expect(added).toHaveLength(1);
  });

  it("refuses inside a transaction too, and the transaction's other writes roll back", async () => {
    const message = await refusal(() =>
      handle.db.transaction(async (tx) => {
        await recordAuditEvent({
          db: tx,
          actor: systemActor,
          action: "test.rolled_back",
          entityType: "test",
          entityId: "2",
        });
        await tx.delete(auditEvents).where(eq(auditEvents.id, eventId));
      }),
    );
    expect(message).toMatch(/append-only/);
    expect(
      await handle.db.select().from(auditEvents).where(eq(auditEvents.action, "test.rolled_back")),
    ).toEqual([]);
  });
});

describe("each event says what it changed", () => {
  it("keeps the generation it raised (none for private records) and the agreement its record belongs to", async () => {
    const db = handle.db;
    const agreement = await buildAgreement(db);
    const indicator = await buildIndicator(db, agreement.id);
    const value = await buildIndicatorValue(db, indicator.id);
    const record = async (entityType: string, entityId: string) => {
      await recordAuditEvent({ db, actor: systemActor, action: `${entityType}.test`, entityType, entityId });
      const [event] = await db
        .select({ generation: auditEvents.generation, agreementId: auditEvents.agreementId })
        .from(auditEvents)
        .where(eq(auditEvents.action, `${entityType}.test`))
        .orderBy(desc(auditEvents.id))
        .limit(1);
      return { ...event, current: await readRegistryGeneration(db) };
    };
    const ofValue = await record("indicator_value", value.id);
    expect(ofValue).toEqual({
      generation: ofValue.current,
      agreementId: agreement.id,
      current: ofValue.current,
    });
    expect(await record("indicator", indicator.id)).toMatchObject({ agreementId: agreement.id });
    expect(await record("agreement", agreement.id)).toMatchObject({ agreementId: agreement.id });
    const before = await readRegistryGeneration(db);
    expect(await record("api_token", agreement.id)).toEqual({
      generation: null,
      agreementId: null,
      current: before,
    });
    expect(await record("organization", agreement.id)).toMatchObject({ agreementId: null });

    // Once the indicator is gone, its events still name the agreement: the earlier ones did.
    await db.delete(indicators).where(eq(indicators.id, indicator.id));
    expect(await record("indicator", indicator.id)).toMatchObject({ agreementId: agreement.id });
    expect(await record("indicator", "not-a-record-id")).toMatchObject({ agreementId: null });
  });
});
