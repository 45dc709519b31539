import { asc, eq } from "drizzle-orm";
import type { AgreementInput } from "../src/agreements/agreements.input.js";
import type { Executor } from "../src/db/client.js";
import { objectives } from "../src/db/schema/index.js";
import type { Actor } from "../src/shared/actor.js";
import { actorFromUser } from "../src/users/users.presenter.js";
import { buildAgreement, buildOrganization, buildUser } from "./factories.js";

/**
 * What the modules' "worlds" (src/<module>/<module>.test-support.ts) have in common: two
 * partners and an outsider, an internal agreement between the partners reaching one province,
 * the people around it in every role, and their actors. Each world adds what its module needs.
 */

/** The province the partnership's agreement reaches (Tétouan), and one it does not (Rabat). */
export const TETOUAN = "01.571";
export const RABAT = "04.421";

export type User = Awaited<ReturnType<typeof buildUser>>;

/** The actors of these accounts, as a signed-in session makes them. */
export function sessionActors<Role extends string>(users: Record<Role, User>): Record<Role, Actor> {
  return Object.fromEntries(
    Object.entries<User>(users).map(([role, user]) => [
      role,
      { ...actorFromUser(user), via: "session" as const },
    ]),
  ) as Record<Role, Actor>;
}

/** The ids of an agreement's objectives, in their order. */
export async function objectiveIdsOf(db: Executor, agreementId: string): Promise<string[]> {
  const rows = await db
    .select({ id: objectives.id })
    .from(objectives)
    .where(eq(objectives.agreementId, agreementId))
    .orderBy(asc(objectives.position));
  return rows.map((row) => row.id);
}

/**
 * Two partners and an outsider (party to nothing yet), and an internal agreement between the
 * partners (the second as `otherPartyRole`) that reaches Tétouan only.
 */
export async function buildPartnership(
  db: Executor,
  {
    otherPartyRole = "implementing",
    ...overrides
  }: Partial<AgreementInput> & { otherPartyRole?: "implementing" | "funder" } = {},
) {
  const partner = await buildOrganization(db);
  const otherParty = await buildOrganization(db);
  const outsider = await buildOrganization(db);
  const parties = [
    { organizationId: partner.id, role: "signatory" as const },
    { organizationId: otherParty.id, role: otherPartyRole },
  ];
  const agreement = await buildAgreement(db, {
    visibility: "internal",
    national: false,
    territoryCodes: [TETOUAN],
    parties,
    ...overrides,
  });
  return {
    partner,
    otherParty,
    outsider,
    parties,
    agreement,
    partnerId: partner.id,
    otherPartyId: otherParty.id,
    outsiderId: outsider.id,
  };
}

/**
 * A person in each role around a partnership: staff, a viewer, the focal point of each partner
 * and of the outsider, a council the agreement reaches and one it does not.
 */
export async function buildPeople(
  db: Executor,
  { partnerId, otherPartyId, outsiderId }: { partnerId: string; otherPartyId: string; outsiderId: string },
) {
  return {
    staff: await buildUser(db, { role: "secretariat" }),
    viewer: await buildUser(db, { role: "viewer" }),
    focal: await buildUser(db, { role: "focal_point", organizationId: partnerId }),
    otherFocal: await buildUser(db, { role: "focal_point", organizationId: otherPartyId }),
    outsiderFocal: await buildUser(db, { role: "focal_point", organizationId: outsiderId }),
    council: await buildUser(db, { role: "council", territoryCode: TETOUAN }),
    farCouncil: await buildUser(db, { role: "council", territoryCode: RABAT }),
  };
}
