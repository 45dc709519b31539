import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TEST_ORIGIN } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import {
  docxBytes,
  nestedPdfBytes,
  pngBytes,
  scannedPdfBytes,
  textPdfBytes,
} from "../../test/document-files.js";
import { buildAgreement, buildOrganization, buildUser } from "../../test/factories.js";
import { formFieldsOf } from "../../test/forms.js";
import { all, attr, htmlOf, one, textOf } from "../../test/html.js";
import { postForm, signIn } from "../../test/session.js";
import type { DatabaseHandle } from "../db/client.js";
import {
  agreementParties,
  agreementReadings,
  agreements,
  agreementTerritories,
  amendments,
  auditEvents,
  commitments,
  documents,
  objectives,
  organizations,
} from "../db/schema/index.js";

import { ocrLanguages } from "./document-ocr.js";

const ocrInstalled = (await ocrLanguages()).length > 0;
let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
let staffCookie: string;
let focalCookie: string;

const fixture = (name: string) =>
  readFileSync(path.join(import.meta.dirname, "../../test/fixtures/agreements", `${name}.txt`), "utf8");
/** The test agreement as a DOCX: one paragraph per line (page breaks aside). */
const agreementDocx = (name: string) => docxBytes(fixture(name).replace(/\f/gu, "").split("\n"));

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db);
  const organization = await buildOrganization(handle.db);
  staffCookie = await signIn(app, (await buildUser(handle.db, { role: "secretariat" })).email);
  focalCookie = await signIn(
    app,
    (await buildUser(handle.db, { role: "focal_point", organizationId: organization.id })).email,
  );
  // Al Akhawayn is known under its English name: the French text must still find it.
  await buildOrganization(handle.db, {
    kind: "university",
    name: { en: "Al Akhawayn University in Ifrane", fr: "Université Al Akhawayn d'Ifrane" },
    acronym: "AUI",
  });
});
afterAll(async () => {
  await handle?.close();
});

const upload = (cookie: string, bytes: Uint8Array, name: string) => {
  const form = new FormData();
  form.append("file", new File([new Uint8Array(bytes)], name));
  return app.request("/fr/workspace/readings", {
    method: "POST",
    headers: { origin: TEST_ORIGIN, cookie },
    body: form,
  });
};

async function uploaded(bytes: Uint8Array, name: string): Promise<string> {
  const response = await upload(staffCookie, bytes, name);
  expect(response.status).toBe(303);
  const location = response.headers.get("location") ?? "";
  expect(location).toMatch(/^\/fr\/workspace\/readings\/[0-9a-f-]{36}$/u);
  return location;
}

const reviewPage = async (location: string) => {
  const response = await app.request(location, { headers: { cookie: staffCookie } });
  expect(response.status).toBe(200);
  return response.text();
};

/** A PDF that asks for a password (a Standard security handler whose user password is not empty). */
function encryptedPdf(): Uint8Array {
  const plain = Buffer.from(textPdfBytes(["Convention confidentielle"])).toString("latin1");
  const key = "0".repeat(64);
  const encrypted = plain.replace(
    "trailer\n<< ",
    `trailer\n<< /Encrypt << /Filter /Standard /V 1 /R 2 /O <${key}> /U <${"1".repeat(64)}> /P -4 >> /ID [<${key.slice(0, 32)}> <${key.slice(0, 32)}>] `,
  );
  return new Uint8Array(Buffer.from(encrypted, "latin1"));
}

const fieldsOf = (html: string) => new URLSearchParams(formFieldsOf(html, "form.reading-review"));

describe("reading a signed agreement", () => {
  it("is refused to those who may not write agreements", async () => {
    expect((await app.request("/fr/workspace/readings", { headers: { cookie: focalCookie } })).status).toBe(
      403,
    );
    expect((await upload(focalCookie, agreementDocx("fr-jeunesse"), "convention.docx")).status).toBe(403);
    expect((await app.request("/fr/workspace/readings")).status).toBe(303);
  });

  it("proposes each field with the words it came from, and saves nothing before the review", async () => {
    const before = await handle.db.select({ id: agreements.id }).from(agreements);
    const location = await uploaded(agreementDocx("fr-jeunesse"), "convention signée.docx");
    const html = await reviewPage(location);
    const page = await htmlOf(new Response(html));
    expect(attr(one(page, "input[name=title]"), "value")).toMatch(/^CONVENTION DE PARTENARIAT/u);
    expect(attr(one(page, "input[name=signedOn]"), "value")).toBe("2026-01-28");
    expect(attr(one(page, "input[name=durationMonths]"), "value")).toBe("36");
    // the party known by its acronym and the one known in English are both recognised
    const chosen = all(page, "select[name$='.organizationId'] option[selected]").map((option) =>
      textOf(option),
    );
    // and a third row, unticked, for a party the reading missed
    expect(chosen).toHaveLength(3);
    expect(chosen.slice(0, 2).every((name) => name !== "— Créer un nouvel organisme —")).toBe(true);
    expect(one(page, "input[name='parties.2.use']").hasAttribute("checked")).toBe(false);
    // each proposal shows its excerpt with the words marked
    const marks = all(page, ".evidence mark").map((mark) => textOf(mark));
    expect(marks).toContain("renouvelable par tacite");
    expect(await handle.db.select({ id: agreements.id }).from(agreements)).toHaveLength(before.length);
  });

  it("creates the agreement as reviewed, with its parties, texts and territories, and files the document", async () => {
    const location = await uploaded(agreementDocx("ar-tanmiya"), "اتفاقية.docx");
    const fields = fieldsOf(await reviewPage(location));
    fields.set("reference", "AMPCPP-READ-1");
    // reject the first objective, correct the second
    fields.delete("objectives.0.use");
    fields.set("objectives.1.text", "هدف مصحح");
    const saved = await postForm(app, location, staffCookie, fields);
    expect(saved.status).toBe(303);
    const agreementId = /agreements\/([0-9a-f-]{36})/u.exec(saved.headers.get("location") ?? "")?.[1] ?? "";
    const [agreement] = await handle.db.select().from(agreements).where(eq(agreements.id, agreementId));
    expect(agreement?.title.ar).toMatch(/^اتفاقية شراكة وتعاون/u);
    expect([
      agreement?.signedOn,
      agreement?.durationMonths,
      agreement?.renewal,
      agreement?.renewalNoticeDays,
    ]).toEqual(["2026-01-14", 36, "tacit", 90]);
    const kept = await handle.db
      .select({ text: objectives.text })
      .from(objectives)
      .where(eq(objectives.agreementId, agreementId))
      .orderBy(objectives.position);
    expect(kept[0]?.text.ar).toBe("هدف مصحح");
    expect(kept).toHaveLength(4);
    const parties = await handle.db
      .select({ name: organizations.name })
      .from(agreementParties)
      .innerJoin(organizations, eq(organizations.id, agreementParties.organizationId))
      .where(eq(agreementParties.agreementId, agreementId));
    expect(parties.map(({ name }) => name.ar)).toContain("مؤسسة الأطلس للتنمية المستدامة");
    const promised = await handle.db
      .select()
      .from(commitments)
      .where(eq(commitments.agreementId, agreementId));
    expect(promised.length).toBe(10);
    const territories = await handle.db
      .select()
      .from(agreementTerritories)
      .where(eq(agreementTerritories.agreementId, agreementId));
    expect(territories.length).toBeGreaterThanOrEqual(5);
    const [document] = await handle.db.select().from(documents).where(eq(documents.ownerId, agreementId));
    expect([document?.kind, document?.fileName]).toEqual(["signed_agreement", "اتفاقية.docx"]);
    const [event] = await handle.db
      .select({ changes: auditEvents.changes })
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, agreementId), eq(auditEvents.action, "agreement.create")));
    expect(event?.changes.source).toBe('document "اتفاقية.docx"');

    // a reading makes one agreement
    const again = await postForm(app, location, staffCookie, fields);
    expect(again.status).toBe(409);
    expect(textOf(one(await htmlOf(again), "[role=alert]"))).toMatch(/déjà servi/u);
  });

  it("shows the form again with every value kept when the agreement is refused, and saves nothing", async () => {
    const location = await uploaded(agreementDocx("fr-avenant"), "avenant.docx");
    const fields = fieldsOf(await reviewPage(location));
    const organisationsBefore = (await handle.db.select({ id: organizations.id }).from(organizations)).length;
    fields.set("reference", "");
    fields.set("title", "Titre corrigé");
    const refused = await postForm(app, location, staffCookie, fields);
    expect(refused.status).toBe(400);
    const page = await htmlOf(refused);
    expect(attr(one(page, "input[name=title]"), "value")).toBe("Titre corrigé");
    expect(textOf(one(page, ".error-summary, [role=alert]"))).toMatch(/référence/iu);
    // the new organisation the review would have made was not kept either
    expect((await handle.db.select({ id: organizations.id }).from(organizations)).length).toBe(
      organisationsBefore,
    );
    const [reading] = await handle.db
      .select({ usedAt: agreementReadings.usedAt })
      .from(agreementReadings)
      .where(eq(agreementReadings.id, location.split("/").pop() ?? ""));
    expect(reading?.usedAt).toBeNull();
  });

  it("never drops a kept commitment for want of its party, and takes a party the reading missed", async () => {
    const location = await uploaded(agreementDocx("fr-jeunesse"), "jeunesse.docx");
    const fields = fieldsOf(await reviewPage(location));
    fields.set("reference", "AMPCPP-READ-3");
    fields.delete("parties.1.use");
    const refused = await postForm(app, location, staffCookie, fields);
    expect(refused.status).toBe(400);
    expect(textOf(one(await htmlOf(refused), ".error-summary, [role=alert]"))).toMatch(/parties retenues/u);
    fields.set("parties.1.use", "on");
    fields.set("parties.2.use", "on");
    fields.set("parties.2.newName", "Fondation des Oasis");
    fields.set("parties.2.newKind", "foundation");
    const saved = await postForm(app, location, staffCookie, fields);
    expect(saved.status).toBe(303);
    const agreementId = /agreements\/([0-9a-f-]{36})/u.exec(saved.headers.get("location") ?? "")?.[1] ?? "";
    const parties = await handle.db
      .select()
      .from(agreementParties)
      .where(eq(agreementParties.agreementId, agreementId));
    expect(parties).toHaveLength(3);
    const [agreement] = await handle.db.select().from(agreements).where(eq(agreements.id, agreementId));
    expect([agreement?.status, agreement?.signedOn]).toEqual(["signed", "2026-01-28"]);
  });

  it("records an amendment on the agreement it amends, with the document filed there", async () => {
    const amended = await buildAgreement(handle.db, { reference: "AMPCPP-900" });
    const avenant = docxBytes([
      "AVENANT N° 1 À LA CONVENTION DE PARTENARIAT",
      "relatif à la prorogation du programme de formation",
      "ENTRE :",
      "L'Association Marocaine des Présidents des Conseils Préfectoraux et Provinciaux (AMPCPP),",
      "Il a été convenu ce qui suit :",
      "Article 1 : La durée de la convention est prorogée d'un an.",
      "Fait à Rabat, le 3 mars 2026.",
    ]);
    const location = await uploaded(avenant, "avenant.docx");
    const html = await reviewPage(location);
    expect(textOf(one(await htmlOf(new Response(html)), "[role=status]"))).toMatch(/semble être un avenant/u);
    const fields = fieldsOf(html);
    fields.set("amends", "AMPCPP-999");
    const unknown = await postForm(app, location, staffCookie, fields);
    expect(unknown.status).toBe(400);
    expect(textOf(one(await htmlOf(unknown), ".error-summary, [role=alert]"))).toMatch(/aucune convention/u);
    fields.set("amends", "AMPCPP-900");
    const saved = await postForm(app, location, staffCookie, fields);
    expect(saved.headers.get("location")).toBe(`/fr/workspace/agreements/${amended.id}?notice=created`);
    const recorded = await handle.db.select().from(amendments).where(eq(amendments.agreementId, amended.id));
    expect(recorded.map(({ signedOn, summary }) => [signedOn, summary.fr])).toEqual([
      [
        "2026-03-03",
        "AVENANT N° 1 À LA CONVENTION DE PARTENARIAT relatif à la prorogation du programme de formation",
      ],
    ]);
    const [agreement] = await handle.db.select().from(agreements).where(eq(agreements.id, amended.id));
    expect(agreement?.version).toBe(amended.version + 1);
    const filed = await handle.db.select().from(documents).where(eq(documents.ownerId, amended.id));
    expect(filed.map(({ kind }) => kind)).toEqual(["amendment"]);
  });

  it("keeps a scan or an image and says no text was found", async () => {
    for (const [bytes, name] of [
      [scannedPdfBytes(), "scan.pdf"],
      [pngBytes(), "photo.png"],
    ] as const) {
      const page = await htmlOf(new Response(await reviewPage(await uploaded(bytes, name))));
      // without Tesseract: "no text found"; with it: "no text could be recognised"
      expect(textOf(one(page, "[role=alert]"))).toMatch(
        ocrInstalled ? /Aucun texte n’a pu être reconnu/u : /Aucun texte trouvé.*OCR/u,
      );
    }
  });

  it.runIf(ocrInstalled)("proposes fields from the text recognised in a photographed page", async () => {
    const folder = mkdtempSync(path.join(tmpdir(), "sharaka-reading-"));
    try {
      const pdf = path.join(folder, "page.pdf");
      writeFileSync(pdf, textPdfBytes(["Convention conclue pour trois (3) ans"]));
      execFileSync("pdftoppm", ["-png", "-r", "300", "-singlefile", pdf, path.join(folder, "photo")]);
      const location = await uploaded(
        new Uint8Array(readFileSync(path.join(folder, "photo.png"))),
        "photo.png",
      );
      const page = await htmlOf(new Response(await reviewPage(location)));
      expect(textOf(one(page, "[role=status]"))).toMatch(/OCR/u);
      expect(attr(one(page, "input[name=durationMonths]"), "value")).toBe("36");
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("reads only the first 100 pages of a long PDF, and says so", async () => {
    const pages = Array.from({ length: 300 }, (_, index) => `Page ${index + 1} de la convention`);
    const page = await htmlOf(
      new Response(await reviewPage(await uploaded(textPdfBytes(pages), "long.pdf"))),
    );
    expect(textOf(one(page, "[role=status]"))).toBe("Seules les 100 premières pages sur 300 ont été lues.");
  });

  it("keeps a password-protected PDF and says it could not be read", async () => {
    const page = await htmlOf(
      new Response(await reviewPage(await uploaded(encryptedPdf(), "protected.pdf"))),
    );
    expect(textOf(one(page, "[role=alert]"))).toMatch(/n’a pas pu être lu/u);
  });

  it("keeps a PDF bomb (objects nested 100,000 deep) and says it could not be read", async () => {
    const location = await uploaded(nestedPdfBytes("Convention de partenariat", 100_000), "bombe.pdf");
    const page = await htmlOf(new Response(await reviewPage(location)));
    expect(textOf(one(page, "[role=alert]"))).toMatch(/n’a pas pu être lu/u);
    const [kept] = await handle.db
      .select({ status: agreementReadings.status, sizeBytes: agreementReadings.sizeBytes })
      .from(agreementReadings)
      .where(eq(agreementReadings.id, location.split("/").pop() ?? ""));
    expect(kept).toMatchObject({ status: "failed" });
    expect(kept?.sizeBytes).toBeGreaterThan(100_000);
  });

  it("reads a DOCX with macros and a linked image for its text only: runs nothing, fetches nothing, says so", async () => {
    const asked: string[] = [];
    const server = createServer((request, response) => {
      asked.push(request.url ?? "");
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const bytes = docxBytes(fixture("fr-jeunesse").replace(/\f/gu, "").split("\n"), {
        macros: true,
        linkedImage: `http://127.0.0.1:${port}/logo.png`,
      });
      const page = await htmlOf(new Response(await reviewPage(await uploaded(bytes, "convention.docm"))));
      const said = all(page, "[role=status]").map((line) => textOf(line));
      expect(said).toContain(
        "Ce fichier contient des macros : Sharaka n’en a lu que le texte et n’en a exécuté aucune.",
      );
      expect(
        said.some((line) => line.startsWith("Ce fichier renvoie à des fichiers conservés ailleurs")),
      ).toBe(true);
      // the text was read all the same
      expect(attr(one(page, "input[name=durationMonths]"), "value")).toBe("36");
      expect(asked).toEqual([]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("proposes nothing from a text in a language it does not read, and says so", async () => {
    const spanish = docxBytes([
      "CONVENIO DE COLABORACIÓN",
      "El presente convenio se celebra entre la Asociación y el Ayuntamiento por un periodo de tres años.",
      "Las partes se comprometen a colaborar en los programas de formación y de desarrollo local.",
    ]);
    const page = await htmlOf(new Response(await reviewPage(await uploaded(spanish, "convenio.docx"))));
    expect(textOf(one(page, "[role=alert]"))).toMatch(/langue que Sharaka ne lit pas/u);
    expect(attr(one(page, "input[name=durationMonths]"), "value")).toBe("");
  });

  it("refuses a file of another kind, naming the field, and keeps nothing", async () => {
    const before = (await handle.db.select({ id: agreementReadings.id }).from(agreementReadings)).length;
    const refused = await upload(
      staffCookie,
      new TextEncoder().encode("<html>not an agreement</html>"),
      "a.html",
    );
    expect(refused.status).toBe(400);
    expect(textOf(one(await htmlOf(refused), ".error-summary, [role=alert]"))).toMatch(/fichier/iu);
    expect((await handle.db.select({ id: agreementReadings.id }).from(agreementReadings)).length).toBe(
      before,
    );
  });

  it("answers 404 for a reading that does not exist", async () => {
    const missing = await app.request("/fr/workspace/readings/00000000-0000-4000-8000-000000000000", {
      headers: { cookie: staffCookie },
    });
    expect(missing.status).toBe(404);
    expect(
      (await app.request("/fr/workspace/readings/nope", { headers: { cookie: staffCookie } })).status,
    ).toBe(404);
  });
});
