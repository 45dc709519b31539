import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildOrganization } from "../../test/factories.js";
import { buildActivity, buildIndicator, buildIndicatorValue } from "../../test/followup-factories.js";
import type { DatabaseHandle } from "../db/client.js";
import { exportRegistry, parseRegistryDocument } from "./registry-json.js";
import { writeRegistryJson } from "./registry-json.write.js";

const handles: DatabaseHandle[] = [];
const open = async () => {
  const handle = await createTestDatabase();
  handles.push(handle);
  return handle;
};
afterAll(async () => {
  for (const handle of handles) await handle.close();
});

/** The document as one value, written as the CLI and backups used to write it. */
async function wholeText(db: DatabaseHandle["db"]): Promise<string> {
  return `${JSON.stringify(await exportRegistry({ db }), null, 2)}\n`;
}

async function writtenText(db: DatabaseHandle["db"], batchSize: number) {
  const pieces: string[] = [];
  const written = await writeRegistryJson({
    db,
    batchSize,
    write: async (text) => {
      pieces.push(text);
    },
  });
  return { text: pieces.join(""), pieces: pieces.length, written };
}

/** Two readings minutes apart differ only in the moment they name. */
const withoutMoment = (text: string) => text.replace(/"exportedAt": "[^"]*"/, '"exportedAt": ""');

let db: DatabaseHandle["db"];
beforeAll(async () => {
  ({ db } = await open());
  const partners = [];
  for (let i = 0; i < 5; i++)
    partners.push(await buildOrganization(db, { name: { ar: `جامعة ${i}`, fr: `Université ${i}` } }));
  for (let i = 0; i < 7; i++) {
    const agreement = await buildAgreement(db, {
      objectives: [{ fr: `Former ${i}`, ar: "تكوين المنتخبين" }],
      parties: [{ organizationId: partners[i % partners.length]?.id ?? "", role: "signatory" }],
    });
    if (i % 2 === 0) {
      await buildActivity(db, agreement.id, { description: { fr: "Deux jours\navec « ateliers »" } });
      const indicator = await buildIndicator(db, agreement.id);
      await buildIndicatorValue(db, indicator.id, { value: "12.5" });
    }
  }
});

describe("writeRegistryJson", () => {
  it("writes, a few records at a time, the very text of the whole document", async () => {
    const whole = withoutMoment(await wholeText(db));
    for (const batchSize of [1, 2, 3, 1000]) {
      const { text, pieces } = await writtenText(db, batchSize);
      expect(withoutMoment(text)).toBe(whole);
      // In pieces, not as one value: more batches, more pieces.
      if (batchSize === 1) expect(pieces).toBeGreaterThan(15);
    }
  });

  it("counts what it wrote, the agreements' follow-up included, and reads back as a registry", async () => {
    const { text, written } = await writtenText(db, 2);
    const document = parseRegistryDocument(text);
    expect(written.exportedAt).toBe(document.exportedAt);
    expect(written.counts).toMatchObject({
      settings: document.settings.length,
      territories: document.territories.length,
      organizations: document.organizations.length,
      agreements: 7,
      auditEvents: document.auditEvents.length,
      activities: 4,
      indicators: 4,
    });
    expect(document.agreements.map((a) => a.id)).toEqual(
      (await exportRegistry({ db })).agreements.map((a) => a.id),
    );
  });

  it("writes empty lists as the whole document does", async () => {
    const empty = await open();
    const { text, written } = await writtenText(empty.db, 2);
    expect(withoutMoment(text)).toBe(withoutMoment(await wholeText(empty.db)));
    expect(text).toContain('"agreements": [],');
    expect(written.counts.agreements).toBe(0);
  });
});
