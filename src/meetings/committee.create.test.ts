import { randomUUID } from "node:crypto";
import { asc, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { buildCommitteeMember } from "../../test/followup-factories.js";
import { refusal } from "../../test/refusals.js";
import type { DatabaseHandle } from "../db/client.js";
import { auditEvents } from "../db/schema/index.js";
import type { AppError } from "../shared/errors.js";
import { addCommitteeMembers } from "./committee.create.js";
import { addCommitteeMember } from "./committee.service.js";
import { buildCommitteeWorld, type CommitteeWorld } from "./meetings.test-support.js";

let handle: DatabaseHandle;
let world: CommitteeWorld;

beforeAll(async () => {
  handle = await createTestDatabase();
  world = await buildCommitteeWorld(handle.db);
});
afterAll(async () => {
  await handle?.close();
});

const outcome = (result: { error?: AppError; row?: { position: number } }) =>
  result.error
    ? `${result.error.code}:${result.error.issues.map((issue) => issue.reason).join(",")}`
    : result.row?.position;

describe("addCommitteeMembers", () => {
  it("adds each member as one form after the other would, refuses the others with the form's reasons, and audits each", async () => {
    const { db } = handle;
    const staff = world.actors.staff;
    await buildCommitteeMember(db, world.agreementId, { position: 4 });
    const outsider = {
      agreementId: world.agreementId,
      input: { fullName: "Hors partie", organizationId: world.outsiderId },
    };
    const results = await addCommitteeMembers({
      db,
      actor: staff,
      source: "comite.xlsx",
      items: [
        {
          agreementId: world.agreementId,
          input: { fullName: "Présidente", role: "chair", organizationId: world.partnerId },
        },
        outsider,
        { agreementId: world.agreementId, input: { fullName: "Placé", position: 9 } },
        { agreementId: world.agreementId, input: { fullName: "" } },
        { agreementId: randomUUID(), input: { fullName: "Nulle part" } },
        { agreementId: world.agreementId, input: { fullName: "Suivant" } },
        { agreementId: world.publicAgreementId, input: { fullName: "Premier ailleurs" } },
      ],
    });

    // After the stored last (4), then after the placed one (9); another committee starts at 1.
    expect(results.map(outcome)).toEqual([
      5,
      "validation:notAParty",
      9,
      expect.stringMatching(/^validation:/),
      "not_found:",
      10,
      1,
    ]);
    const alone = await refusal(addCommitteeMember({ db, actor: staff, ...outsider }));
    expect(results[1]?.error?.issues).toEqual(alone.issues);
    expect(results[0]?.row).toMatchObject({ role: "chair", organizationId: world.partnerId, version: 1 });

    const made = [0, 2, 5, 6].map((index) => results[index]?.row?.id as string);
    const events = await db
      .select()
      .from(auditEvents)
      .where(inArray(auditEvents.entityId, made))
      .orderBy(asc(auditEvents.id));
    expect(events.map((event) => [event.entityId, event.action, event.agreementId])).toEqual([
      [made[0], "committee_member.create", world.agreementId],
      [made[1], "committee_member.create", world.agreementId],
      [made[2], "committee_member.create", world.agreementId],
      [made[3], "committee_member.create", world.publicAgreementId],
    ]);
    expect(events[0]?.changes).toMatchObject({ source: "comite.xlsx", after: { fullName: "Présidente" } });
  });

  it("is the staff's alone, like one member", async () => {
    const error = await refusal(
      addCommitteeMembers({
        db: handle.db,
        actor: world.actors.focal,
        items: [{ agreementId: world.agreementId, input: { fullName: "Membre" } }],
      }),
    );
    expect(error.code).toBe("forbidden");
  });
});
