import { asc, eq } from "drizzle-orm";
import { pdfBytes } from "../../test/document-files.js";
import { buildAgreement, buildOrganization, buildUser } from "../../test/factories.js";
import { buildActionPlan } from "../../test/followup-factories.js";
import type { Database } from "../db/client.js";
import { objectives } from "../db/schema/index.js";
import { uploadDocument } from "../documents/documents.service.js";
import { type Actor, anonymous, systemActor } from "../shared/actor.js";
import { actorFromUser } from "../users/users.presenter.js";
import type { ActivityInput } from "./activities.input.js";

/**
 * The records the activities' tests start from: an internal agreement naming Tétouan (01.571)
 * between a partner (whose focal point reports) and a second party, a public agreement, an
 * unrelated one, and a person of every role.
 */
export const TETOUAN = "01.571";
export const RABAT = "04.421";

export async function buildActivityWorld(db: Database, uploadsDir: string) {
  const partner = await buildOrganization(db);
  const secondParty = await buildOrganization(db);
  const outsider = await buildOrganization(db);
  const parties = [
    { organizationId: partner.id, role: "signatory" as const },
    { organizationId: secondParty.id, role: "funder" as const },
  ];
  const agreement = await buildAgreement(db, {
    visibility: "internal",
    national: false,
    territoryCodes: [TETOUAN],
    parties,
  });
  const publicAgreement = await buildAgreement(db, { visibility: "public", parties });
  const otherAgreement = await buildAgreement(db, {
    visibility: "internal",
    parties: [{ organizationId: outsider.id, role: "signatory" }],
  });
  const objectivesOf = async (agreementId: string) =>
    (
      await db
        .select({ id: objectives.id })
        .from(objectives)
        .where(eq(objectives.agreementId, agreementId))
        .orderBy(asc(objectives.position))
    ).map((row) => row.id);
  const plan = await buildActionPlan(db, agreement.id);
  const otherPlan = await buildActionPlan(db, otherAgreement.id);
  const upload = (ownerId: string, visibility: "public" | "internal") =>
    uploadDocument({
      db,
      actor: systemActor,
      uploadsDir,
      maxBytes: 1024 * 1024,
      input: {
        ownerType: "agreement",
        ownerId,
        kind: "report",
        title: { fr: `Rapport ${visibility}` },
        visibility,
      },
      file: { name: "rapport.pdf", bytes: pdfBytes() },
    });
  const documents = {
    internal: await upload(agreement.id, "internal"),
    public: await upload(publicAgreement.id, "public"),
    publicInternal: await upload(publicAgreement.id, "internal"),
    other: await upload(otherAgreement.id, "internal"),
  };
  const users = {
    staff: await buildUser(db, { role: "secretariat" }),
    viewer: await buildUser(db, { role: "viewer" }),
    focal: await buildUser(db, { role: "focal_point", organizationId: partner.id }),
    secondFocal: await buildUser(db, { role: "focal_point", organizationId: secondParty.id }),
    outsiderFocal: await buildUser(db, { role: "focal_point", organizationId: outsider.id }),
    council: await buildUser(db, { role: "council", territoryCode: TETOUAN }),
    otherCouncil: await buildUser(db, { role: "council", territoryCode: RABAT }),
  };
  const actors = Object.fromEntries(
    Object.entries(users).map(([role, user]) => [role, { ...actorFromUser(user), via: "session" }]),
  ) as Record<keyof typeof users, Actor>;
  return {
    partner,
    secondParty,
    outsider,
    agreement,
    publicAgreement,
    otherAgreement,
    objectiveIds: await objectivesOf(agreement.id),
    otherObjectiveIds: await objectivesOf(otherAgreement.id),
    plan,
    otherPlan,
    documents,
    users,
    actors: { ...actors, anonymous, system: systemActor },
  };
}

export type ActivityWorld = Awaited<ReturnType<typeof buildActivityWorld>>;

/** A valid new activity of the world's internal agreement, by its first party. */
export function activityInput(world: ActivityWorld, overrides: Partial<ActivityInput> = {}): ActivityInput {
  return {
    actionPlanId: world.plan.id,
    kind: "training",
    title: { fr: "Formation des élus", ar: "تكوين المنتخبين" },
    responsibleOrganizationId: world.partner.id,
    objectiveIds: world.objectiveIds.slice(0, 1),
    territoryCodes: [TETOUAN],
    targetGroups: ["council_presidents"],
    plannedStart: "2026-03-01",
    plannedEnd: "2026-03-31",
    budgetPlanned: 15000.5,
    ...overrides,
  };
}
