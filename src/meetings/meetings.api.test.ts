import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Caller, issueOf, jsonClient, tokenFor } from "../../test/api-client.js";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildCommitteeMember, buildFollowUpAction, buildMeeting } from "../../test/followup-factories.js";
import type { DatabaseHandle } from "../db/client.js";
import { committeeMembers, followUpActions } from "../db/schema/index.js";
import { todayInMorocco } from "../domain/figures.js";
import {
  agreementDocument,
  auditTrail,
  buildCommitteeWorld,
  type CommitteeWorld,
  type CommitteeWorldRole,
  uploadsDir,
} from "./meetings.test-support.js";

let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
let call: ReturnType<typeof jsonClient>;
let world: CommitteeWorld;
const callers = new Map<string, Caller>();

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db);
  call = jsonClient(app);
  world = await buildCommitteeWorld(handle.db);
  for (const role of ["staff", "focal", "otherFocal", "council", "outsiderFocal", "viewer"] as const) {
    callers.set(role, { token: await tokenFor(handle.db, world.users[role], "write") });
  }
  callers.set("staffReader", { token: await tokenFor(handle.db, world.users.staff, "read") });
});
afterAll(async () => {
  await handle?.close();
});

const as = (role: CommitteeWorldRole | "staffReader" | "anonymous"): Caller => callers.get(role) ?? {};

describe("the committee's API", () => {
  it("is in the OpenAPI document", async () => {
    const { body } = await call("GET", "/openapi.json");
    for (const path of [
      "/agreements/{id}/committee-members",
      "/committee-members/{memberId}",
      "/agreements/{id}/meetings",
      "/meetings/{meetingId}",
      "/meetings/{meetingId}/decisions",
      "/decisions/{decisionId}",
      "/agreements/{id}/actions",
      "/actions/{actionId}",
    ]) {
      expect(body.paths[path], path).toBeDefined();
    }
    for (const name of [
      "CommitteeMember",
      "Meeting",
      "MeetingSummary",
      "Decision",
      "FollowUpAction",
      "MeetingInput",
    ]) {
      expect(body.components.schemas[name], name).toBeDefined();
    }
  });

  it("manages members for the staff; others read where their scope reaches", async () => {
    const base = `/agreements/${world.agreementId}/committee-members`;
    const created = await call("POST", base, as("staff"), {
      fullName: "Rachid Amrani",
      organizationId: world.partnerId,
      role: "chair",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      fullName: "Rachid Amrani",
      role: "chair",
      organization: { id: world.partnerId },
    });
    const id = created.body.id as string;
    const listed = await call("GET", base, as("council"));
    expect(listed.body.items.map((item: { id: string }) => item.id)).toContain(id);
    expect((await call("GET", base, as("outsiderFocal"))).status).toBe(404);
    expect((await call("GET", base)).status).toBe(404);
    expect(created.body.version).toBe(1);
    const patched = await call("PATCH", `/committee-members/${id}`, as("staff"), {
      version: 1,
      organizationId: null,
      position: 9,
    });
    expect(patched.body).toMatchObject({
      fullName: "Rachid Amrani",
      organization: null,
      position: 9,
      version: 2,
    });
    expect((await call("PATCH", `/committee-members/${id}`, as("focal"), { fullName: "X" })).status).toBe(
      403,
    );
    expect((await call("DELETE", `/committee-members/${id}`, as("staffReader"))).status).toBe(403);
    expect((await call("DELETE", `/committee-members/${id}`, as("staff"))).status).toBe(204);
  });

  it("changes a member as of its version; a stale or missing one changes nothing", async () => {
    const member = await buildCommitteeMember(handle.db, world.agreementId, { fullName: "Leila Bennani" });
    const path = `/committee-members/${member.id}`;
    const first = await call("PATCH", path, as("staff"), { version: 1, position: 3 });
    expect(first.body).toMatchObject({ fullName: "Leila Bennani", position: 3, version: 2 });
    const second = await call("PATCH", path, as("staff"), { version: 2, role: "secretary" });
    expect(second.body).toMatchObject({ role: "secretary", position: 3, version: 3 });
    const events = (await auditTrail(handle.db, member.id)).length;

    const stale = await call("PATCH", path, as("staff"), { version: 2, fullName: "Écrasé" });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("conflict");
    expect(issueOf(stale.body, "version")).toMatchObject({ reason: "staleVersion" });
    expect(stale.body.error.message).toContain("now version 3, yours 2");
    const missing = await call("PATCH", path, as("staff"), { fullName: "Écrasé" });
    expect(missing.status).toBe(400);
    expect(issueOf(missing.body, "version")).toBeDefined();
    const [row] = await handle.db.select().from(committeeMembers).where(eq(committeeMembers.id, member.id));
    expect(row).toMatchObject({ fullName: "Leila Bennani", role: "secretary", version: 3 });
    expect(await auditTrail(handle.db, member.id)).toHaveLength(events);
  });

  it("accepts one of two changes of a member made at once from the same version", async () => {
    const member = await buildCommitteeMember(handle.db, world.agreementId, { fullName: "Omar" });
    const path = `/committee-members/${member.id}`;
    const answers = await Promise.all(
      ["Omar A", "Omar B"].map((fullName) => call("PATCH", path, as("staff"), { version: 1, fullName })),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const winner = answers.find((answer) => answer.status === 200)?.body.fullName;
    const [row] = await handle.db.select().from(committeeMembers).where(eq(committeeMembers.id, member.id));
    expect(row).toMatchObject({ fullName: winner, version: 2 });
  });

  it("records meetings on Moroccan time or from an exact instant, and answers both", async () => {
    const base = `/agreements/${world.agreementId}/meetings`;
    const member = await buildCommitteeMember(handle.db, world.agreementId);
    const ramadan = await call("POST", base, as("staff"), {
      title: { fr: "Comité", ar: "لجنة" },
      startsAt: "2026-03-10T15:00",
      status: "held",
      attendeeIds: [member.id],
    });
    expect(ramadan.status).toBe(201);
    expect(ramadan.body).toMatchObject({
      startsAt: "2026-03-10T15:00:00.000Z",
      startsAtMorocco: "2026-03-10T15:00",
      attendees: [{ id: member.id }],
      decisions: [],
      minutesUrl: null,
      version: 1,
    });
    const exact = await call("POST", base, as("staff"), {
      title: { fr: "Comité" },
      startsAt: "2026-07-01T08:30:00Z",
    });
    expect(exact.body).toMatchObject({ startsAtMorocco: "2026-07-01T09:30", status: "planned" });
    const listed = await call("GET", base, as("focal"));
    expect(listed.body.items[0]).toHaveProperty("decisionCount");
    expect((await call("GET", base, as("outsiderFocal"))).status).toBe(404);
  });

  it("names each field a refused meeting gets wrong", async () => {
    const base = `/agreements/${world.agreementId}/meetings`;
    const empty = await call("POST", base, as("staff"), {});
    expect(empty.status).toBe(400);
    expect(issueOf(empty.body, "title")).toBeDefined();
    expect(issueOf(empty.body, "startsAt")).toBeDefined();
    const unknown = await call("POST", base, as("staff"), {
      title: { fr: "x" },
      startsAt: "2026-01-01T10:00",
      room: 4,
    });
    expect(issueOf(unknown.body, "room")).toMatchObject({ message: "is not a known field or parameter" });
    const skipped = await call("POST", base, as("staff"), {
      title: { fr: "x" },
      startsAt: "2026-03-22T02:15",
    });
    expect(issueOf(skipped.body, "startsAt")).toMatchObject({ reason: "meetings.reasons.skippedTime" });
    expect((await call("POST", base, as("focal"), {})).status).toBe(403);
    expect((await call("POST", base, as("anonymous"), {})).status).toBe(401);
  });

  it("changes a meeting as of its version, and refuses a stale one", async () => {
    const meeting = await buildMeeting(handle.db, world.agreementId, { place: "Oujda" });
    const path = `/meetings/${meeting.id}`;
    const saved = await call("PATCH", path, as("staff"), { version: 1, place: "Agadir" });
    expect(saved.body).toMatchObject({
      place: "Agadir",
      version: 2,
      startsAt: meeting.startsAt.toISOString(),
    });
    const stale = await call("PATCH", path, as("staff"), { version: 1, place: "Laâyoune" });
    expect(stale.status).toBe(409);
    expect(issueOf(stale.body, "version")).toMatchObject({ reason: "staleVersion" });
    expect((await call("GET", path, as("viewer"))).body.place).toBe("Agadir");
    expect((await call("DELETE", `${path}?version=1`, as("staff"))).status).toBe(409);
    expect((await call("DELETE", `${path}?version=2`, as("staff"))).status).toBe(204);
  });

  it("drops minutes deleted since, rather than refusing a change that does not name them", async () => {
    const minutes = await agreementDocument(handle.db, world.agreementId, uploadsDir(), { deleted: true });
    const meeting = await buildMeeting(handle.db, world.agreementId, { minutesDocumentId: minutes.id });
    expect((await call("GET", `/meetings/${meeting.id}`, as("staff"))).body.minutesUrl).toBeNull();
    const saved = await call("PATCH", `/meetings/${meeting.id}`, as("staff"), {
      version: 1,
      place: "Meknès",
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ place: "Meknès", minutesDocumentId: null });
  });

  it("records decisions with their action, and deletes them", async () => {
    const meeting = await buildMeeting(handle.db, world.agreementId);
    const created = await call("POST", `/meetings/${meeting.id}/decisions`, as("staff"), {
      text: { fr: "Élargir le comité" },
      action: {
        description: { fr: "Inviter la région" },
        ownerOrganizationId: world.otherPartyId,
        dueOn: "2027-01-10",
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.actions).toEqual([
      expect.objectContaining({
        decisionId: created.body.id,
        status: "open",
        ownerOrganization: expect.objectContaining({ id: world.otherPartyId }),
      }),
    ]);
    expect(created.body.version).toBe(1);
    const detail = await call("GET", `/meetings/${meeting.id}`, as("otherFocal"));
    expect(detail.body.decisions[0]).toMatchObject({ text: { fr: "Élargir le comité" }, version: 1 });
    expect((await call("DELETE", `/decisions/${created.body.id}`, as("staff"))).status).toBe(204);
    const actions = await call("GET", `/agreements/${world.agreementId}/actions`, as("focal"));
    const kept = actions.body.items.find((item: { id: string }) => item.id === created.body.actions[0].id);
    expect(kept).toMatchObject({ decisionId: null });
  });
});

describe("follow-up actions in the API", () => {
  it("are created by the staff", async () => {
    const created = await call("POST", `/agreements/${world.agreementId}/actions`, as("staff"), {
      description: { en: "Share the budget" },
      ownerOrganizationId: world.partnerId,
      ownerUserId: world.users.focal.id,
      dueOn: "2027-01-31",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ overdue: false, ownerUser: { id: world.users.focal.id } });
    const refused = await call("POST", `/agreements/${world.agreementId}/actions`, as("staff"), {
      description: { en: "x" },
      ownerOrganizationId: world.outsiderId,
      dueOn: "2027-01-31",
    });
    expect(issueOf(refused.body, "ownerOrganizationId")).toMatchObject({ reason: "notAParty" });
    expect((await call("POST", `/agreements/${world.agreementId}/actions`, as("focal"), {})).status).toBe(
      403,
    );
  });

  it("let the owning organisation's focal point change the status only", async () => {
    const action = await buildFollowUpAction(handle.db, world.agreementId, {
      ownerOrganizationId: world.partnerId,
    });
    const path = `/actions/${action.id}`;
    const other = await call("PATCH", path, as("focal"), { version: 1, status: "done", dueOn: "2030-01-01" });
    expect(other.status).toBe(403);
    expect(issueOf(other.body, "dueOn")).toBeDefined();
    expect((await call("PATCH", path, as("otherFocal"), { version: 1, status: "done" })).status).toBe(403);
    expect((await call("PATCH", path, as("council"), { version: 1, status: "done" })).status).toBe(403);
    expect((await call("PATCH", path, as("outsiderFocal"), { version: 1, status: "done" })).status).toBe(404);
    const [untouched] = await handle.db
      .select()
      .from(followUpActions)
      .where(eq(followUpActions.id, action.id));
    expect(untouched).toMatchObject({ status: "open", dueOn: action.dueOn, version: 1 });
    const missing = await call("PATCH", path, as("focal"), { version: 1 });
    expect(missing.status).toBe(400);
    expect(issueOf(missing.body, "status")).toBeDefined();
    const done = await call("PATCH", path, as("focal"), { version: 1, status: "done" });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: "done", doneOn: todayInMorocco(), version: 2 });
    expect((await call("PATCH", path, as("focal"), { version: 1, status: "open" })).status).toBe(409);
  });

  it("let the staff change any field, keeping what is left out", async () => {
    const action = await buildFollowUpAction(handle.db, world.agreementId, {
      status: "done",
      doneOn: "2026-10-01",
    });
    const path = `/actions/${action.id}`;
    const moved = await call("PATCH", path, as("staff"), { version: 1, dueOn: "2027-05-05" });
    expect(moved.body).toMatchObject({
      dueOn: "2027-05-05",
      status: "done",
      doneOn: "2026-10-01",
      version: 2,
    });
    const reopened = await call("PATCH", path, as("staff"), { version: 2, status: "open" });
    expect(reopened.body).toMatchObject({ status: "open", doneOn: null, version: 3 });
    const refused = await call("PATCH", path, as("staff"), { version: 3, doneOn: "2026-10-02" });
    expect(issueOf(refused.body, "doneOn")).toMatchObject({ reason: "meetings.reasons.doneOnNotDone" });
  });
});
