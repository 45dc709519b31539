import { buildAgreement, buildOrganization } from "../../test/factories.js";
import type { AgreementInput } from "../agreements/agreements.input.js";
import type { Executor } from "../db/client.js";
import { activityAttendance, activityTerritories } from "../db/schema/index.js";
import { todayInMorocco } from "../domain/figures.js";
import { addDays } from "../domain/periods.js";

/** Dates around today in Casablanca, so that "overdue" and "due soon" hold on any day the tests run. */
export const today = (): string => todayInMorocco();
export const daysFromToday = (days: number): string => addDays(todayInMorocco(), days);

/**
 * An agreement in force for a year already and two more to go (one party, made when not
 * given), so that its health is followed and its activities can be due.
 */
export async function buildUnderwayAgreement(db: Executor, overrides: Partial<AgreementInput> = {}) {
  const parties = overrides.parties ?? [
    { organizationId: (await buildOrganization(db)).id, role: "signatory" as const },
  ];
  return buildAgreement(db, {
    status: "in_force",
    signedOn: daysFromToday(-365),
    effectiveOn: daysFromToday(-365),
    expiresOn: daysFromToday(730),
    ...overrides,
    parties,
  });
}

/** Names the territories an activity takes place in. */
export async function placeActivity(db: Executor, activityId: string, codes: string[]) {
  await db.insert(activityTerritories).values(codes.map((territoryCode) => ({ activityId, territoryCode })));
}

/** Records that a council's president attended an activity. */
export async function recordAttendance(db: Executor, activityId: string, territoryCode: string) {
  await db.insert(activityAttendance).values({ activityId, territoryCode, recordedBy: "system" });
}
