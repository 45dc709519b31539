import { hashPassword } from "better-auth/crypto";
import type { AgreementInput } from "../src/agreements/agreements.input.js";
import { createAgreement } from "../src/agreements/agreements.service.js";
import type { Executor } from "../src/db/client.js";
import type { OrganizationInput } from "../src/partners/organizations.input.js";
import { createOrganization } from "../src/partners/organizations.service.js";
import { systemActor } from "../src/shared/actor.js";
import type { UserInput } from "../src/users/users.input.js";
import { createUser } from "../src/users/users.service.js";

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

export const TEST_PASSWORD = "correct horse battery staple";
let testPasswordHash: Promise<string> | undefined;

/** An account that can sign in with TEST_PASSWORD; a focal point gets an organisation, a council a province. */
export async function buildUser(
  db: Executor,
  overrides: Partial<UserInput> & { role?: UserInput["role"] } = {},
) {
  const n = next();
  const role = overrides.role ?? "secretariat";
  const organizationId =
    overrides.organizationId ?? (role === "focal_point" ? (await buildOrganization(db)).id : undefined);
  const territoryCode = overrides.territoryCode ?? (role === "council" ? "01.571" : undefined);
  // TEST_PASSWORD hashed once per process: scrypt takes ~65 ms of CPU a call, and the suites
  // make hundreds of accounts (147 in six of the folders).
  testPasswordHash ??= hashPassword(TEST_PASSWORD);
  const { user } = await createUser({
    db,
    actor: systemActor,
    input: {
      email: `user${n}@example.org`,
      name: `Test User ${n}`,
      locale: "fr",
      ...overrides,
      role,
      organizationId,
      territoryCode,
    },
    passwordHash: await testPasswordHash,
  });
  return user;
}
