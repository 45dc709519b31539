import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Body, issueOf, jsonClient, tokenFor } from "../../test/api-client.js";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import {
  buildActionPlan,
  buildActivity,
  buildFollowUpAction,
  buildIndicator,
  buildMeeting,
} from "../../test/followup-factories.js";
import type { DatabaseHandle } from "../db/client.js";
import {
  actionPlans,
  activities,
  agreements,
  auditEvents,
  decisions,
  followUpActions,
  indicators,
  meetings,
  organizations,
} from "../db/schema/index.js";
import { buildCommitteeWorld, type CommitteeWorld } from "../meetings/meetings.test-support.js";

/*
 * A lone UTF-16 surrogate is valid JSON ("\ud800") but not Unicode text: PostgreSQL's jsonb
 * refuses it, and every write that stored one answered 500. It is invalid input: a 400 naming
 * the field, and nothing written (neither the record nor its audit event).
 */

let handle: DatabaseHandle;
let call: ReturnType<typeof jsonClient>;
let world: CommitteeWorld;
let token: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  call = jsonClient(createTestApp(handle.db));
  world = await buildCommitteeWorld(handle.db);
  token = await tokenFor(handle.db, world.users.staff, "write");
});
afterAll(async () => {
  await handle?.close();
});

const lone = "Texte \ud800 cassé";

/** Rows in the tables a refused write could have touched: the same before and after. */
async function written() {
  const { db } = handle;
  const total = async (table: Parameters<ReturnType<typeof db.select>["from"]>[0]) =>
    Number((await db.select({ total: count() }).from(table))[0]?.total);
  return {
    audit: await total(auditEvents),
    organizations: await total(organizations),
    agreements: await total(agreements),
    plans: await total(actionPlans),
    meetings: await total(meetings),
    decisions: await total(decisions),
  };
}

async function expectRefused(method: string, path: string, body: Body, field: string) {
  const before = await written();
  const answer = await call(method, path, { token }, body);
  expect(answer.status, `${method} ${path}`).toBe(400);
  expect(answer.body.error.code).toBe("validation");
  expect(
    issueOf(answer.body, field),
    `${field} in ${JSON.stringify(answer.body.error.issues)}`,
  ).toMatchObject({ reason: "unpairedSurrogate" });
  expect(await written(), `${method} ${path}`).toEqual(before);
}

describe("a lone UTF-16 surrogate in a JSON text", () => {
  it("is sent as the JSON escape, which JSON.parse turns back into the lone surrogate", () => {
    expect(JSON.stringify({ fr: lone })).toContain("\\ud800");
    expect(JSON.parse(JSON.stringify(lone))).toBe(lone);
  });

  it("is refused on creation, naming the field, and writes nothing", async () => {
    const { agreementId, partnerId } = world;
    await expectRefused("POST", "/organizations", { kind: "university", name: { fr: lone } }, "name.fr");
    await expectRefused(
      "POST",
      "/organizations",
      { kind: "association", name: { fr: "Association" }, contacts: [{ fullName: lone }] },
      "contacts.0.fullName",
    );
    await expectRefused(
      "POST",
      "/agreements",
      {
        reference: "SURROGATE-1",
        kind: "partnership",
        title: { en: "Fine", ar: lone },
        parties: [{ organizationId: partnerId, role: "signatory" }],
      },
      "title.ar",
    );
    await expectRefused("POST", `/agreements/${agreementId}/plans`, { title: { fr: lone } }, "title.fr");
    await expectRefused(
      "POST",
      `/agreements/${agreementId}/meetings`,
      { title: { fr: "Comité" }, startsAt: "2026-05-12T10:00", place: lone },
      "place",
    );
    const meeting = await buildMeeting(handle.db, agreementId);
    await expectRefused("POST", `/meetings/${meeting.id}/decisions`, { text: { en: lone } }, "text.en");
    await expectRefused(
      "POST",
      `/meetings/${meeting.id}/decisions`,
      {
        text: { en: "Decided" },
        action: { description: { fr: lone }, ownerOrganizationId: partnerId, dueOn: "2027-01-10" },
      },
      "action.description.fr",
    );
  });

  it("is refused on a change of each kind of record, which keeps its version", async () => {
    const { db } = handle;
    const { agreementId, partnerId } = world;
    const plan = await buildActionPlan(db, agreementId);
    const activity = await buildActivity(db, agreementId, { actionPlanId: plan.id });
    const indicator = await buildIndicator(db, agreementId);
    const meeting = await buildMeeting(db, agreementId);
    const action = await buildFollowUpAction(db, agreementId);
    const records = [
      [`/organizations/${partnerId}`, organizations, partnerId, { name: { fr: lone } }, "name.fr"],
      [
        `/organizations/${partnerId}`,
        organizations,
        partnerId,
        { website: `https://example.org/${lone}` },
        "website",
      ],
      [`/agreements/${agreementId}`, agreements, agreementId, { summary: { fr: lone } }, "summary.fr"],
      [`/plans/${plan.id}`, actionPlans, plan.id, { title: { fr: lone } }, "title.fr"],
      [`/activities/${activity.id}`, activities, activity.id, { title: { fr: lone } }, "title.fr"],
      [`/indicators/${indicator.id}`, indicators, indicator.id, { unit: { fr: lone } }, "unit.fr"],
      [`/meetings/${meeting.id}`, meetings, meeting.id, { agenda: { fr: lone } }, "agenda.fr"],
      [`/actions/${action.id}`, followUpActions, action.id, { description: { fr: lone } }, "description.fr"],
    ] as const;
    for (const [path, table, id, change, field] of records) {
      const versionNow = async () =>
        (await db.select({ version: table.version }).from(table).where(eq(table.id, id)))[0]?.version;
      const version = await versionNow();
      expect(version, path).toBeGreaterThan(0);
      await expectRefused("PATCH", path, { version, ...change }, field);
      expect(await versionNow(), path).toBe(version);
    }
  });

  it("lets a surrogate pair (an emoji) through", async () => {
    const created = await call(
      "POST",
      "/organizations",
      { token },
      { kind: "association", name: { fr: "Club 🌍" } },
    );
    expect(created.status).toBe(201);
    expect(created.body.name).toEqual({ fr: "Club 🌍" });
  });
});
