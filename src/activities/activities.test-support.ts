import { pdfBytes } from "../../test/document-files.js";
import { buildAgreement } from "../../test/factories.js";
import { buildActionPlan } from "../../test/followup-factories.js";
import {
  buildPartnership,
  buildPeople,
  objectiveIdsOf,
  RABAT,
  sessionActors,
  TETOUAN,
} from "../../test/worlds.js";
import type { Database } from "../db/client.js";
import { uploadDocument } from "../documents/documents.service.js";
import { anonymous, systemActor } from "../shared/actor.js";
import type { ActivityInput } from "./activities.input.js";

/**
 * The records the activities' tests start from: an internal agreement naming Tétouan (01.571)
 * between a partner (whose focal point reports) and a second party, a public agreement, an
 * unrelated one, and a person of every role.
 */
export { RABAT, TETOUAN };

export async function buildActivityWorld(db: Database, uploadsDir: string) {
  const partnership = await buildPartnership(db, { otherPartyRole: "funder" });
  const { partner, otherParty: secondParty, outsider, parties, agreement } = partnership;
  const publicAgreement = await buildAgreement(db, { visibility: "public", parties });
  const otherAgreement = await buildAgreement(db, {
    visibility: "internal",
    parties: [{ organizationId: outsider.id, role: "signatory" }],
  });
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
  const { otherFocal: secondFocal, farCouncil: otherCouncil, ...people } = await buildPeople(db, partnership);
  const users = { ...people, secondFocal, otherCouncil };
  const actors = sessionActors(users);
  return {
    partner,
    secondParty,
    outsider,
    agreement,
    publicAgreement,
    otherAgreement,
    objectiveIds: await objectiveIdsOf(db, agreement.id),
    otherObjectiveIds: await objectiveIdsOf(db, otherAgreement.id),
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
