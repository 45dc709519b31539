import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement } from "../../test/factories.js";
import { buildPartnership, buildPeople, RABAT, sessionActors } from "../../test/worlds.js";
import type { DatabaseHandle } from "../db/client.js";
import { type Actor, anonymous } from "../shared/actor.js";
import { type AppError, notFound } from "../shared/errors.js";
import {
  agreementsNotSeenInside,
  assertCanReadAgreement,
  seesInsideOf,
  unreadableAgreements,
} from "./agreement-access.js";

let handle: DatabaseHandle;
let ids: string[];
let actors: Record<string, Actor>;

beforeAll(async () => {
  handle = await createTestDatabase();
  const world = await buildPartnership(handle.db);
  const outsiderOnly = [{ organizationId: world.outsiderId, role: "signatory" as const }];
  const publicOne = await buildAgreement(handle.db, { visibility: "public", parties: outsiderOnly });
  const national = await buildAgreement(handle.db, {
    visibility: "internal",
    national: true,
    parties: outsiderOnly,
  });
  const elsewhere = await buildAgreement(handle.db, {
    visibility: "internal",
    national: false,
    territoryCodes: [RABAT],
    parties: outsiderOnly,
  });
  ids = [
    world.agreement.id,
    world.agreement.id.toUpperCase(),
    publicOne.id,
    national.id,
    elsewhere.id,
    randomUUID(),
    "not-an-id",
  ];
  actors = { ...sessionActors(await buildPeople(handle.db, world)), anonymous };
});
afterAll(async () => {
  await handle?.close();
});

/** The ids the one-agreement check refuses, each with its refusal's code and message. */
async function refusedOneByOne(check: (id: string) => Promise<unknown>) {
  const refused: string[][] = [];
  for (const id of ids)
    await check(id).catch((error: AppError) => refused.push([id, `${error.code}: ${error.message}`]));
  return refused;
}
const described = (map: Map<string, AppError>) =>
  [...map].map(([id, error]) => [id, `${error.code}: ${error.message}`]);

describe("the access checks for many agreements at once", () => {
  it("refuse to each role exactly what the one-agreement checks refuse, with the same error", async () => {
    const { db } = handle;
    expect(Object.keys(actors)).toHaveLength(8);
    for (const [role, actor] of Object.entries(actors)) {
      expect([role, described(await unreadableAgreements({ db, actor, ids }))]).toEqual([
        role,
        await refusedOneByOne((id) => assertCanReadAgreement({ db, actor, id })),
      ]);
      expect([role, described(await agreementsNotSeenInside({ db, actor, ids }))]).toEqual([
        role,
        // As the committee's and the follow-up's services refuse one agreement.
        await refusedOneByOne(async (id) => {
          if (!(await seesInsideOf({ db, actor, id }))) throw notFound("Agreement", id);
        }),
      ]);
    }
  });

  it("ask nothing of the database for no ids", async () => {
    expect(await unreadableAgreements({ db: handle.db, actor: actors.staff as Actor, ids: [] })).toEqual(
      new Map(),
    );
  });
});
