import type { AgreementInput } from "../src/agreements/agreements.schema.js";
import { createAgreement } from "../src/agreements/agreements.service.js";
import type { Executor } from "../src/db/client.js";
import type { OrganizationInput } from "../src/partners/organizations.schema.js";
import { createOrganization } from "../src/partners/organizations.service.js";
import { systemActor } from "../src/shared/actor.js";

let sequence = 0;
const next = () => ++sequence;

export async function buildOrganization(db: Executor, overrides: Partial<OrganizationInput> = {}) {
  const n = next();
  return createOrganization({
    db,
    actor: systemActor,
    input: {
      kind: "university",
      name: { fr: `Université Test ${n}`, en: `Test University ${n}`, ar: `جامعة الاختبار ${n}` },
      ...overrides,
    },
  });
}

/** An agreement with one partner (created when `parties` is not given) and two objectives. */
export async function buildAgreement(db: Executor, overrides: Partial<AgreementInput> = {}) {
  const n = next();
  const parties = overrides.parties ?? [
    { organizationId: (await buildOrganization(db)).id, role: "signatory" as const },
  ];
  return createAgreement({
    db,
    actor: systemActor,
    input: {
      reference: `TEST-${n}`,
      kind: "partnership",
      title: { fr: `Convention de test ${n}`, en: `Test agreement ${n}` },
      visibility: "public",
      status: "draft",
      objectives: [{ en: `First objective ${n}` }, { en: `Second objective ${n}` }],
      ...overrides,
      parties,
    },
  });
}
