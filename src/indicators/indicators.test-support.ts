/**
 * Test builders of the indicators module (tests and the authorization walk only): the shared
 * follow-up factories under this module's names, and the fixtures its tests share — an
 * agreement with a partner whose focal point reports, and people in every role.
 */
import { asc, eq } from "drizzle-orm";
import { buildAgreement, buildOrganization, buildUser } from "../../test/factories.js";
import { buildIndicator, buildIndicatorValue } from "../../test/followup-factories.js";
import type { AgreementInput } from "../agreements/agreements.input.js";
import type { Executor } from "../db/client.js";
import { objectives } from "../db/schema/index.js";
import type { Actor } from "../shared/actor.js";
import { actorFromUser } from "../users/users.presenter.js";
import type { IndicatorInput } from "./indicators.input.js";

export const insertIndicator = buildIndicator;
export const insertIndicatorValue = buildIndicatorValue;

/** A valid new indicator on `objectiveId`, reported by `responsibleOrganizationId`. */
export function indicatorInput(
  objectiveId: string,
  responsibleOrganizationId: string,
  overrides: Partial<IndicatorInput> = {},
): IndicatorInput {
  return {
    objectiveId,
    name: { fr: "Élus formés", en: "Councillors trained", ar: "المنتخبون المكونون" },
    unit: { fr: "personnes", en: "people", ar: "أشخاص" },
    direction: "increase",
    baselineValue: 0,
    baselineOn: "2026-01-01",
    targetValue: 200,
    targetOn: "2027-12-31",
    frequency: "quarterly",
    aggregation: "cumulative",
    responsibleOrganizationId,
    ...overrides,
  };
}

export interface IndicatorFixture {
  agreementId: string;
  objectiveIds: string[];
  partnerId: string;
  otherPartnerId: string;
  actors: {
    staff: Actor;
    focal: Actor;
    otherFocal: Actor;
    outsiderFocal: Actor;
    council: Actor;
    farCouncil: Actor;
    viewer: Actor;
  };
  emails: Record<keyof IndicatorFixture["actors"], string>;
}

/**
 * An agreement (internal by default) between two partners, naming province 01.571, with people
 * in every role: the first partner's focal point reports its indicators, the second's does not,
 * an outsider's organisation is party to nothing; a council it reaches and one it does not.
 */
export async function indicatorFixture(
  db: Executor,
  overrides: Partial<AgreementInput> = {},
): Promise<IndicatorFixture> {
  const partner = await buildOrganization(db);
  const otherPartner = await buildOrganization(db);
  const outsider = await buildOrganization(db);
  const agreement = await buildAgreement(db, {
    visibility: "internal",
    national: false,
    territoryCodes: ["01.571"],
    parties: [
      { organizationId: partner.id, role: "signatory" },
      { organizationId: otherPartner.id, role: "implementing" },
    ],
    ...overrides,
  });
  const users = {
    staff: await buildUser(db, { role: "secretariat" }),
    focal: await buildUser(db, { role: "focal_point", organizationId: partner.id }),
    otherFocal: await buildUser(db, { role: "focal_point", organizationId: otherPartner.id }),
    outsiderFocal: await buildUser(db, { role: "focal_point", organizationId: outsider.id }),
    council: await buildUser(db, { role: "council", territoryCode: "01.571" }),
    farCouncil: await buildUser(db, { role: "council", territoryCode: "04.421" }),
    viewer: await buildUser(db, { role: "viewer" }),
  };
  const entries = Object.entries(users) as [keyof typeof users, (typeof users)["staff"]][];
  return {
    agreementId: agreement.id,
    objectiveIds: (
      await db
        .select({ id: objectives.id })
        .from(objectives)
        .where(eq(objectives.agreementId, agreement.id))
        .orderBy(asc(objectives.position))
    ).map((row) => row.id),
    partnerId: partner.id,
    otherPartnerId: otherPartner.id,
    actors: Object.fromEntries(
      entries.map(([role, user]) => [role, actorFromUser(user)]),
    ) as IndicatorFixture["actors"],
    emails: Object.fromEntries(
      entries.map(([role, user]) => [role, user.email]),
    ) as IndicatorFixture["emails"],
  };
}
