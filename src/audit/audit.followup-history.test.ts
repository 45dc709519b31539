import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildOrganization, buildUser } from "../../test/factories.js";
import {
  buildActivity,
  buildIndicator,
  buildIndicatorValue,
  buildMeeting,
} from "../../test/followup-factories.js";
import type { DatabaseHandle } from "../db/client.js";
import { anonymous } from "../shared/actor.js";
import { actorFromUser } from "../users/users.presenter.js";
import { assertCanReadHistory } from "./audit.policy.js";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

const outcome = (promise: Promise<void>) =>
  promise.then(
    () => "read",
    (error: { code?: string }) => error.code ?? "error",
  );

describe("the history of a follow-up record", () => {
  it("is for those who may read the record, and not found for the rest", async () => {
    const partner = await buildOrganization(handle.db);
    const agreement = await buildAgreement(handle.db, {
      visibility: "public",
      parties: [{ organizationId: partner.id, role: "implementing" }],
    });
    const activity = await buildActivity(handle.db, agreement.id);
    const indicator = await buildIndicator(handle.db, agreement.id);
    const value = await buildIndicatorValue(handle.db, indicator.id);
    const meeting = await buildMeeting(handle.db, agreement.id);
    const actors = {
      partnerFocal: actorFromUser(
        await buildUser(handle.db, { role: "focal_point", organizationId: partner.id }),
      ),
      otherFocal: actorFromUser(await buildUser(handle.db, { role: "focal_point" })),
      viewer: actorFromUser(await buildUser(handle.db, { role: "viewer" })),
      secretariat: actorFromUser(await buildUser(handle.db, { role: "secretariat" })),
      anonymous,
    };
    const seen: Record<string, string[]> = {};
    for (const [name, actor] of Object.entries(actors)) {
      seen[name] = [];
      for (const [entityType, entityId] of [
        ["activity", activity.id],
        ["indicator", indicator.id],
        ["indicator_value", value.id],
        ["meeting", meeting.id],
      ] as const) {
        seen[name]?.push(await outcome(assertCanReadHistory({ db: handle.db, actor, entityType, entityId })));
      }
    }
    expect(seen).toEqual({
      partnerFocal: ["read", "read", "read", "read"],
      // The agreement is public, so are its activities and indicators; a value's review trail
      // and the committee's meetings are its inner circle's, as on their own pages.
      otherFocal: ["read", "read", "not_found", "not_found"],
      viewer: ["read", "read", "read", "read"],
      secretariat: ["read", "read", "read", "read"],
      anonymous: ["unauthenticated", "unauthenticated", "unauthenticated", "unauthenticated"],
    });
    // A record that is gone, or an id that is no record: "not found" for a scoped reader.
    expect(
      await outcome(
        assertCanReadHistory({
          db: handle.db,
          actor: actors.partnerFocal,
          entityType: "meeting",
          entityId: "00000000-0000-4000-8000-000000000000",
        }),
      ),
    ).toBe("not_found");
  });
});
