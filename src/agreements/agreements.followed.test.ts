import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildOrganization } from "../../test/factories.js";
import { buildActivity, buildFollowUpAction, buildIndicator } from "../../test/followup-factories.js";
import type { DatabaseHandle } from "../db/client.js";
import { activityObjectives, objectives } from "../db/schema/index.js";
import { systemActor } from "../shared/actor.js";
import { AppError } from "../shared/errors.js";
import { getAgreementDetail } from "./agreements.queries.js";
import { updateAgreement } from "./agreements.update.service.js";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

/** An edit of the agreement keeping only the objectives at `keep` (positions), with their ids. */
async function editKeeping(agreementId: string, keep: number[], keepParties?: number[]) {
  const detail = await getAgreementDetail({ db: handle.db, actor: systemActor, id: agreementId });
  const parties = detail.parties.filter((_party, index) => keepParties?.includes(index) ?? true);
  return updateAgreement({
    db: handle.db,
    actor: systemActor,
    id: agreementId,
    input: {
      reference: detail.reference,
      kind: detail.kind,
      title: detail.title,
      parties: parties.map((party) => ({ organizationId: party.organization.id, role: party.role })),
      objectives: keep.map((position) => detail.objectives[position]?.text ?? {}),
      objectiveIds: keep.map((position) => detail.objectives[position]?.id ?? null),
      version: detail.version,
    },
  });
}

const objectiveCount = async (agreementId: string) =>
  (await handle.db.select().from(objectives).where(eq(objectives.agreementId, agreementId))).length;

describe("objectives that the follow-up hangs on", () => {
  it("cannot be removed while an activity serves one or an indicator measures one, and the edit saves nothing", async () => {
    const agreement = await buildAgreement(handle.db, {
      objectives: [{ fr: "Former" }, { fr: "Étudier" }, { fr: "Dialoguer" }],
    });
    const [first, second] = await handle.db
      .select()
      .from(objectives)
      .where(eq(objectives.agreementId, agreement.id))
      .orderBy(objectives.position);
    const activity = await buildActivity(handle.db, agreement.id);
    await handle.db
      .insert(activityObjectives)
      .values({ activityId: activity.id, objectiveId: first?.id ?? "" });
    await buildIndicator(handle.db, agreement.id, { objectiveId: second?.id });

    const refused = await editKeeping(agreement.id, [2]).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe("conflict");
    expect((refused as AppError).issues.map((issue) => [issue.field, issue.reason])).toEqual([
      ["objectives.0", "objectiveFollowed"],
      ["objectives.1", "objectiveFollowed"],
    ]);
    expect(await objectiveCount(agreement.id)).toBe(3);

    // The one nothing follows may go.
    const saved = await editKeeping(agreement.id, [0, 1]);
    expect(saved.version).toBe(agreement.version + 1);
    expect(await objectiveCount(agreement.id)).toBe(2);
  });

  it("keeps a party that answers for activities or follow-up actions, and lets one that does not go", async () => {
    const [first, second, third] = [
      await buildOrganization(handle.db),
      await buildOrganization(handle.db),
      await buildOrganization(handle.db),
    ];
    const agreement = await buildAgreement(handle.db, {
      parties: [first, second, third].map((organization) => ({
        organizationId: organization?.id ?? "",
        role: "signatory" as const,
      })),
    });
    await buildActivity(handle.db, agreement.id, { responsibleOrganizationId: second?.id });
    await buildFollowUpAction(handle.db, agreement.id, { ownerOrganizationId: second?.id });

    const refused = await editKeeping(agreement.id, [0, 1], [0]).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).issues.map((issue) => [issue.field, issue.reason])).toEqual([
      ["parties.1", "partyFollowed"],
    ]);
    // Dropping only the third, which nothing names, is fine.
    const saved = await editKeeping(agreement.id, [0, 1], [0, 1]);
    expect(saved.version).toBe(agreement.version + 1);
  });
});
