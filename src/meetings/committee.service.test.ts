import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { buildCommitteeMember } from "../../test/followup-factories.js";
import { refusalCode } from "../../test/refusals.js";
import type { DatabaseHandle } from "../db/client.js";
import { anonymous, systemActor } from "../shared/actor.js";
import { AppError } from "../shared/errors.js";
import { canReadCommittee, committeeScopeCondition } from "./committee.policy.js";
import {
  addCommitteeMember,
  getCommitteeMember,
  listCommitteeMembers,
  removeCommitteeMember,
  updateCommitteeMember,
} from "./committee.service.js";
import { auditTrail, buildCommitteeWorld, type CommitteeWorld } from "./meetings.test-support.js";

let handle: DatabaseHandle;
let world: CommitteeWorld;

beforeAll(async () => {
  handle = await createTestDatabase();
  world = await buildCommitteeWorld(handle.db);
});
afterAll(async () => {
  await handle?.close();
});

/** The code of the AppError a promise rejects with. */
describe("who reads a steering committee", () => {
  it("is whoever's scope reaches the agreement, never the anonymous public", async () => {
    const { db } = handle;
    const readers = ["admin", "staff", "viewer", "council", "focal", "otherFocal"] as const;
    for (const role of readers) {
      expect(
        await canReadCommittee({ db, actor: world.actors[role], agreementId: world.agreementId }),
        role,
      ).toBe(true);
    }
    for (const role of ["farCouncil", "outsiderFocal"] as const) {
      expect(
        await canReadCommittee({ db, actor: world.actors[role], agreementId: world.agreementId }),
        role,
      ).toBe(false);
    }
    expect(await canReadCommittee({ db, actor: anonymous, agreementId: world.agreementId })).toBe(false);
  });

  it("keeps a public agreement's committee internal: the public and people out of its scope get not found", async () => {
    const { db } = handle;
    const agreementId = world.publicAgreementId;
    await buildCommitteeMember(db, agreementId, { fullName: "Membre public" });
    expect(await refusalCode(listCommitteeMembers({ db, actor: anonymous, agreementId }))).toBe("not_found");
    expect(await refusalCode(listCommitteeMembers({ db, actor: world.actors.focal, agreementId }))).toBe(
      "not_found",
    );
    expect(await refusalCode(listCommitteeMembers({ db, actor: world.actors.farCouncil, agreementId }))).toBe(
      "not_found",
    );
    // A council the agreement names, the outsider's own focal point and the staff do see it.
    for (const role of ["council", "outsiderFocal", "staff"] as const) {
      const members = await listCommitteeMembers({ db, actor: world.actors[role], agreementId });
      expect(members.map((member) => member.fullName)).toContain("Membre public");
    }
  });

  it("answers not found for a malformed or unknown agreement id", async () => {
    const { db } = handle;
    const actor = world.actors.staff;
    expect(await refusalCode(listCommitteeMembers({ db, actor, agreementId: "nope" }))).toBe("not_found");
    expect(
      await refusalCode(
        listCommitteeMembers({ db, actor, agreementId: "00000000-0000-4000-8000-000000000000" }),
      ),
    ).toBe("not_found");
  });

  it("has no SQL scope for the staff and viewers, and an empty one for the anonymous public", () => {
    expect(committeeScopeCondition(world.actors.staff)).toBeUndefined();
    expect(committeeScopeCondition(world.actors.viewer)).toBeUndefined();
    expect(committeeScopeCondition(anonymous)).toBeDefined();
  });
});

describe("committee members", () => {
  it("are added by the staff, in order, with the organisation they represent, and audited", async () => {
    const { db } = handle;
    const agreementId = world.agreementId;
    const chair = await addCommitteeMember({
      db,
      actor: world.actors.staff,
      agreementId,
      input: { fullName: "  Amina Benali ", organizationId: world.partnerId, role: "chair" },
    });
    const secretary = await addCommitteeMember({
      db,
      actor: world.actors.admin,
      agreementId,
      input: { fullName: "Youssef El Idrissi", role: "secretary" },
    });
    expect(chair).toMatchObject({ fullName: "Amina Benali", role: "chair", organizationId: world.partnerId });
    expect(chair.organization?.id).toBe(world.partnerId);
    expect(secretary.position).toBeGreaterThan(chair.position);
    expect(secretary.organization).toBeNull();
    const listed = await listCommitteeMembers({ db, actor: world.actors.focal, agreementId });
    expect(listed.map((member) => member.id)).toEqual(expect.arrayContaining([chair.id, secretary.id]));
    const [event] = await auditTrail(db, chair.id);
    expect(event).toMatchObject({ action: "committee_member.create", entityType: "committee_member" });
  });

  it("must represent one of the agreement's parties, if any", async () => {
    const { db } = handle;
    const error = await addCommitteeMember({
      db,
      actor: world.actors.staff,
      agreementId: world.agreementId,
      input: { fullName: "Intrus", organizationId: world.outsiderId },
    }).catch((caught: AppError) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).issues).toEqual([
      expect.objectContaining({ field: "organizationId", reason: "notAParty" }),
    ]);
  });

  it("names each invalid field and saves nothing", async () => {
    const { db } = handle;
    const before = await listCommitteeMembers({ db, actor: systemActor, agreementId: world.agreementId });
    const error = (await addCommitteeMember({
      db,
      actor: world.actors.staff,
      agreementId: world.agreementId,
      input: { fullName: "  ", role: "king" as never, position: -1 },
    }).catch((caught: unknown) => caught)) as AppError;
    expect(error.code).toBe("validation");
    expect(error.issues.map((issue) => issue.field).sort()).toEqual(["fullName", "position", "role"]);
    const after = await listCommitteeMembers({ db, actor: systemActor, agreementId: world.agreementId });
    expect(after).toHaveLength(before.length);
  });

  it("are changed and removed by the staff only", async () => {
    const { db } = handle;
    const member = await buildCommitteeMember(db, world.agreementId, { fullName: "Karim" });
    for (const role of ["focal", "council", "viewer"] as const) {
      const actor = world.actors[role];
      expect(
        await refusalCode(
          updateCommitteeMember({ db, actor, id: member.id, input: { fullName: "X", version: 1 } }),
        ),
      ).toBe("forbidden");
      expect(await refusalCode(removeCommitteeMember({ db, actor, id: member.id }))).toBe("forbidden");
      expect(
        await refusalCode(
          addCommitteeMember({ db, actor, agreementId: world.agreementId, input: { fullName: "X" } }),
        ),
      ).toBe("forbidden");
    }
    const readOnly = { ...world.actors.staff, via: "token" as const, tokenScope: "read" as const };
    expect(await refusalCode(removeCommitteeMember({ db, actor: readOnly, id: member.id }))).toBe(
      "forbidden",
    );
    expect(await refusalCode(removeCommitteeMember({ db, actor: anonymous, id: member.id }))).toBe(
      "unauthenticated",
    );

    const changed = await updateCommitteeMember({
      db,
      actor: world.actors.staff,
      id: member.id,
      input: {
        fullName: "Karim Tazi",
        role: "observer",
        organizationId: world.otherPartyId,
        position: 0,
        version: 1,
      },
    });
    expect(changed).toMatchObject({ fullName: "Karim Tazi", role: "observer", position: 0, version: 2 });
    expect(changed.organization?.id).toBe(world.otherPartyId);
    await removeCommitteeMember({ db, actor: world.actors.staff, id: member.id });
    expect(await refusalCode(getCommitteeMember({ db, actor: world.actors.staff, id: member.id }))).toBe(
      "not_found",
    );
    const trail = await auditTrail(db, member.id);
    expect(trail.map((event) => event.action)).toEqual([
      "committee_member.update",
      "committee_member.delete",
    ]);
    expect(trail[0]?.changes).toMatchObject({
      before: { fullName: "Karim", version: 1 },
      after: { fullName: "Karim Tazi", version: 2 },
    });
  });
});
