/**
 * Test builders of the indicators module (tests and the authorization walk only): the shared
 * follow-up factories under this module's names, and the fixtures its tests share — an
 * agreement with a partner whose focal point reports, and people in every role.
 */
import { buildIndicator, buildIndicatorValue } from "../../test/followup-factories.js";
import { buildPartnership, buildPeople, objectiveIdsOf, sessionActors } from "../../test/worlds.js";
import type { AgreementInput } from "../agreements/agreements.input.js";
import type { Executor } from "../db/client.js";
import type { Actor } from "../shared/actor.js";
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
  const { partnerId, otherPartyId, outsiderId, agreement } = await buildPartnership(db, overrides);
  const users = await buildPeople(db, { partnerId, otherPartyId, outsiderId });
  return {
    agreementId: agreement.id,
    objectiveIds: await objectiveIdsOf(db, agreement.id),
    partnerId,
    otherPartnerId: otherPartyId,
    actors: sessionActors(users),
    emails: Object.fromEntries(
      Object.entries(users).map(([role, user]) => [role, user.email]),
    ) as IndicatorFixture["emails"],
  };
}
