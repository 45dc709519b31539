import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement } from "../../test/factories.js";
import type { DatabaseHandle } from "../db/client.js";
import { auditEvents, organizations } from "../db/schema/index.js";
import { systemActor } from "../shared/actor.js";
import { AppError } from "../shared/errors.js";
import {
  exportRegistry,
  importRegistry,
  parseRegistryDocument,
  type RegistryDocument,
} from "./registry-json.js";

/*
 * A registry file is JSON too: a lone UTF-16 surrogate ("\ud800") in any of its texts, the
 * audit events' recorded changes included (kept as jsonb), is a named invalid field, not a
 * database failure halfway through the import.
 */

let source: DatabaseHandle;
let target: DatabaseHandle;
let text: string;

beforeAll(async () => {
  source = await createTestDatabase();
  target = await createTestDatabase({ referenceData: false });
  await buildAgreement(source.db);
  text = JSON.stringify(await exportRegistry({ db: source.db }));
});
afterAll(async () => {
  await source?.close();
  await target?.close();
});

const lone = "\ud800";

function refusalOf(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error("accepted");
}

describe("a registry file with a lone surrogate", () => {
  it("is refused, naming each field, and imports nothing", async () => {
    const document = JSON.parse(text) as RegistryDocument;
    const [event] = document.auditEvents;
    if (!event) throw new Error("the export holds no audit event");
    event.changes = { after: { name: { fr: `Nom ${lone}` } } };
    event.actor = `system${lone}`;
    const error = refusalOf(() => parseRegistryDocument(JSON.stringify(document)));
    expect(error.code).toBe("import_invalid");
    const fields = error.issues.map((issue) => issue.field);
    expect(fields).toContain("auditEvents[0].changes");
    expect(fields).toContain("auditEvents[0].actor");
    expect(error.message).toContain("unpaired UTF-16 surrogate");

    const { db } = target;
    const before = { events: await db.$count(auditEvents), organizations: await db.$count(organizations) };
    const imported = await importRegistry({ db, actor: systemActor, document }).catch(
      (caught: unknown) => caught,
    );
    expect(imported).toBeInstanceOf(AppError);
    expect((imported as AppError).code).toBe("import_invalid");
    expect({ events: await db.$count(auditEvents), organizations: await db.$count(organizations) }).toEqual(
      before,
    );
  });
});
