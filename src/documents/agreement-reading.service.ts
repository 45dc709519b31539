import { desc, eq, isNull, sql } from "drizzle-orm";
import { assertCanWriteAgreements } from "../access/agreement-access.js";
import type { AgreementInput } from "../agreements/agreements.input.js";
import { createAgreement } from "../agreements/agreements.service.js";
import { addAmendment } from "../agreements/agreements.update.service.js";
import type { Executor } from "../db/client.js";
import { insertOne } from "../db/rows.js";
import {
  agreementReadings,
  agreements,
  type OrganizationKind,
  organizations,
  type PartyRole,
  type ReadingStatus,
} from "../db/schema/index.js";
import { createOrganization } from "../partners/organizations.service.js";
import type { AgreementReading } from "../reading/read-agreement.js";
import { readAgreement } from "../reading/read-agreement.js";
import type { Actor } from "../shared/actor.js";
import { AppError, notFound } from "../shared/errors.js";
import type { Language, LocalizedText } from "../shared/localized.js";
import { isUuid } from "../shared/validation.js";
import { referenceTerritories } from "../territories/territories.service.js";
import { recogniseText } from "./document-ocr.js";
import { type ExtractedText, extractDocumentText, type IgnoredContent } from "./document-text.extract.js";
import { readTextAfterUpload } from "./document-text.service.js";
import { checkUploadedFile } from "./documents.files.js";
import { insertDocument } from "./documents.service.js";
import { storeBytes } from "./documents.storage.js";

/**
 * Reading a signed agreement to propose its record (#18): the upload is kept, its text read
 * (a PDF's first 100 pages, for at most a minute), and the rules of src/reading propose each
 * field with its excerpt. Nothing reaches the registry until staff have reviewed the proposals
 * and created the agreement, in one transaction that also files the upload as its signed copy.
 */

export type ReadingRow = typeof agreementReadings.$inferSelect;
/**
 * The proposals as stored: read-agreement.ts's shape (the service alone writes them), and
 * whether the text came from character recognition ("used"), or recognition was wanted for a
 * scan but is not installed ("unavailable").
 */
export type StoredReading = AgreementReading & {
  ocr?: "used" | "unavailable";
  /** macros and references to outside files the file carried: left alone (never run, never fetched) */
  ignored?: IgnoredContent[];
};

export const READ_MAX_PAGES = 100;
export const READ_MAX_MILLISECONDS = 60_000;
/** About 150 pages of text: the rules read what an agreement holds, not a whole report. */
export const READ_MAX_CHARACTERS = 400_000;

const isScan = (mediaType: string) => mediaType === "application/pdf" || mediaType.startsWith("image/");

/** The parts up to `limit` characters in all, and whether anything was left out. */
function firstCharacters(parts: ExtractedText["parts"], limit: number) {
  const kept: ExtractedText["parts"] = [];
  let left = limit;
  for (const part of parts) {
    if (left <= 0) return { parts: kept, cut: true };
    kept.push(part.text.length > left ? { ...part, text: part.text.slice(0, left) } : part);
    left -= part.text.length;
  }
  return { parts: kept, cut: left < 0 };
}

const emptyReading = (): StoredReading => ({
  language: "fr",
  languageRead: true,
  parties: [],
  amounts: [],
  territories: [],
  objectives: [],
  commitments: [],
});

export async function readUploadedAgreement({
  db,
  actor,
  uploadsDir,
  maxBytes,
  file,
}: {
  db: Executor;
  actor: Actor;
  uploadsDir: string;
  maxBytes: number;
  file: { name: string; bytes: Uint8Array } | undefined;
}): Promise<ReadingRow> {
  assertCanWriteAgreements(actor);
  const checked = await checkUploadedFile(file, maxBytes);
  const { sha256 } = await storeBytes({ db, uploadsDir, bytes: checked.bytes });
  const limits = { maxPages: READ_MAX_PAGES, deadline: Date.now() + READ_MAX_MILLISECONDS, lines: true };
  let text = await extractDocumentText(checked.mediaType, checked.bytes, limits);
  let ocr: StoredReading["ocr"];
  if (text.status === "no_text" && isScan(checked.mediaType)) {
    // a scan or a photo: its text, if Tesseract is here to recognise it
    const recognised = await recogniseText(checked.mediaType, checked.bytes, limits);
    ocr = recognised ? "used" : "unavailable";
    if (recognised) text = recognised;
  }
  let status: ReadingStatus =
    text.status === "extracted" ? "read" : text.status === "no_text" ? "no_text" : "failed";
  let proposals: StoredReading = emptyReading();
  const { parts, cut } = firstCharacters(text.parts, READ_MAX_CHARACTERS);
  if (cut)
    text = {
      ...text,
      parts,
      problem: text.problem ?? `text past ${READ_MAX_CHARACTERS} characters not read`,
    };
  if (status === "read") {
    const known = await db
      .select({ id: organizations.id, name: organizations.name, acronym: organizations.acronym })
      .from(organizations);
    proposals = readAgreement({
      parts: text.parts,
      organisations: known.map((row) => ({
        id: row.id,
        names: Object.values(row.name).filter((name): name is string => !!name),
        acronym: row.acronym,
      })),
      territories: referenceTerritories().map((record) => ({
        code: record.code,
        names: [
          record.name_ar,
          record.name_fr,
          record.name_en,
          record.name_ar_full,
          record.name_fr_full,
          record.name_en_full,
          ...Object.values(record.variants ?? {}).flat(),
        ],
      })),
    });
    if (!/[\p{L}]{3}/u.test(text.parts.map((part) => part.text).join(" "))) status = "no_text";
  }
  return insertOne(
    db
      .insert(agreementReadings)
      .values({
        fileName: checked.fileName,
        mediaType: checked.mediaType,
        sizeBytes: checked.bytes.byteLength,
        sha256,
        status,
        pagesRead: text.parts.filter((part) => part.page !== null).length || null,
        pageCount: text.pageCount ?? null,
        problem: text.problem ?? null,
        proposals: { ...proposals, ocr, ignored: text.ignored },
        uploadedBy: actor.id,
      })
      .returning(),
  );
}

export async function getReading({ db, actor, id }: { db: Executor; actor: Actor; id: string }) {
  assertCanWriteAgreements(actor);
  if (!isUuid(id)) throw notFound("Reading", id);
  const [row] = await db.select().from(agreementReadings).where(eq(agreementReadings.id, id));
  if (!row) throw notFound("Reading", id);
  return { ...row, proposals: row.proposals as StoredReading };
}

/** The latest readings not yet made into an agreement. */
export async function listOpenReadings({ db, actor }: { db: Executor; actor: Actor }) {
  assertCanWriteAgreements(actor);
  return db
    .select({
      id: agreementReadings.id,
      fileName: agreementReadings.fileName,
      status: agreementReadings.status,
      createdAt: agreementReadings.createdAt,
    })
    .from(agreementReadings)
    .where(isNull(agreementReadings.usedAt))
    .orderBy(desc(agreementReadings.createdAt))
    .limit(20);
}

/** What staff kept of the proposals, as the review form sends it (strings, as typed). */
export interface ReadingReview {
  /** the reference of the agreement this document amends; empty: it is an agreement of its own */
  amends: string;
  reference: string;
  kind: string;
  /** the language the texts below are written in */
  language: Language;
  title: string;
  signedOn: string;
  effectiveOn: string;
  expiresOn: string;
  durationMonths: string;
  renewal: string;
  renewalNoticeDays: string;
  /** an existing organisation's id, or "new" with the name and kind to create it with */
  parties: { use: boolean; organizationId: string; newName: string; newKind: string; role: string }[];
  territoryCodes: string[];
  objectives: { use: boolean; text: string }[];
  /** `party`: the index of the party in `parties` */
  commitments: { use: boolean; party: string; text: string }[];
  contributions: { use: boolean; party: string; amount: string; currency: string }[];
}

const capitalised = (field: string) => (field ? `${field[0]?.toUpperCase()}${field.slice(1)}` : field);
const optional = (value: string) => (value.trim() ? value.trim() : undefined);
/** A number as typed; what is not one goes on as typed, so the agreement's validation names it. */
const optionalNumber = (value: string): number | undefined => {
  const trimmed = value.trim();
  if (!trimmed) return undefined;
  const number = Number(trimmed.replace(/\s/gu, "").replace(",", "."));
  return Number.isFinite(number) ? number : (trimmed as unknown as number);
};

function partyProblem(index: number, message: string, reason: string): AppError {
  return new AppError("validation", `parties.${index}: ${message}`, {
    issues: [{ field: `parties.${index}`, message, reason }],
  });
}

/** Locks the reading for this transaction; refused when it already made an agreement. */
async function lockUnused(tx: Executor, id: string): Promise<void> {
  const [locked] = await tx
    .select({ usedAt: agreementReadings.usedAt })
    .from(agreementReadings)
    .where(eq(agreementReadings.id, id))
    .for("update");
  if (locked?.usedAt)
    throw new AppError("conflict", "This reading was already made into an agreement", {
      issues: [{ field: "reading", message: "was already made into an agreement", reason: "readingUsed" }],
    });
}

const markUsed = (tx: Executor, id: string, agreementId: string) =>
  tx.update(agreementReadings).set({ agreementId, usedAt: sql`now()` }).where(eq(agreementReadings.id, id));

/** The agreement an amendment names by its reference. */
async function amendedAgreement(tx: Executor, reference: string) {
  const [row] = await tx
    .select({ id: agreements.id })
    .from(agreements)
    .where(eq(agreements.reference, reference.trim()));
  if (!row)
    throw new AppError("validation", `amends: no agreement has the reference ${reference.trim()}`, {
      issues: [
        { field: "amends", message: "names no agreement of the registry", reason: "unknownReference" },
      ],
    });
  return row;
}

/** The read file, filed among the agreement's documents (its bytes are already stored). */
function fileDocument(
  tx: Executor,
  {
    actor,
    reading,
    agreementId,
    kind,
    title,
    source,
  }: {
    actor: Actor;
    reading: ReadingRow;
    agreementId: string;
    kind: "signed_agreement" | "amendment";
    title: LocalizedText;
    source: string;
  },
) {
  return insertDocument(tx, {
    actor,
    source,
    document: {
      ownerType: "agreement",
      ownerId: agreementId,
      kind,
      title,
      fileName: reading.fileName,
      mediaType: reading.mediaType,
      sizeBytes: reading.sizeBytes,
      sha256: reading.sha256,
      visibility: "internal",
    },
  });
}

/**
 * Creates the agreement staff reviewed, in one transaction: the new organisations they kept,
 * the agreement (its audit event names the document as its source), the upload as its signed
 * copy; the reading then points to the agreement and cannot be used again.
 */
export async function createAgreementFromReading({
  db,
  actor,
  uploadsDir,
  id,
  review,
}: {
  db: Executor;
  actor: Actor;
  uploadsDir: string;
  id: string;
  review: ReadingReview;
}) {
  const reading = await getReading({ db, actor, id });
  const source = `document "${reading.fileName}"`;
  const text = (value: string) => ({ [review.language]: value });
  const created = await db.transaction(async (tx) => {
    await lockUnused(tx, id);
    if (review.amends.trim()) {
      const amended = await amendedAgreement(tx, review.amends);
      await addAmendment({
        db: tx,
        actor,
        id: amended.id,
        amendment: { signedOn: optional(review.signedOn), summary: text(review.title) },
        source,
      });
      const document = await fileDocument(tx, {
        actor,
        reading,
        agreementId: amended.id,
        kind: "amendment",
        title: text(review.title),
        source,
      });
      await markUsed(tx, id, amended.id);
      return { agreement: amended, document };
    }
    const partyIds = new Map<number, string>();
    for (const [index, party] of review.parties.entries()) {
      if (!party.use) continue;
      if (party.organizationId === "new") {
        if (!party.newName.trim())
          throw partyProblem(index, "needs a name for the new organisation", "required");
        const organisation = await createOrganization({
          db: tx,
          actor,
          input: { kind: party.newKind as OrganizationKind, name: text(party.newName) },
          source,
        }).catch((error: unknown) => {
          // the new organisation's own fields are this party's row's on the page
          if (error instanceof AppError && error.code === "validation")
            throw new AppError(error.code, `parties.${index}: ${error.message}`, {
              issues: error.issues.map((issue) => ({
                ...issue,
                field: `parties.${index}.new${capitalised(issue.field)}`,
              })),
            });
          throw error;
        });
        partyIds.set(index, organisation.id);
      } else if (isUuid(party.organizationId)) partyIds.set(index, party.organizationId);
      else throw partyProblem(index, "needs an organisation: choose one or create it", "required");
    }
    const partyOf = (value: string) => partyIds.get(Number(value));
    const input: AgreementInput = {
      // a signed copy read: the agreement is signed, if its date was kept
      status: optional(review.signedOn) ? "signed" : "draft",
      reference: review.reference,
      kind: review.kind as AgreementInput["kind"],
      title: text(review.title),
      signedOn: optional(review.signedOn),
      effectiveOn: optional(review.effectiveOn),
      expiresOn: optional(review.expiresOn),
      durationMonths: optionalNumber(review.durationMonths),
      renewal: review.renewal as AgreementInput["renewal"],
      renewalNoticeDays: optionalNumber(review.renewalNoticeDays),
      territoryCodes: review.territoryCodes,
      parties: review.parties.flatMap((party, index) => {
        const organizationId = partyIds.get(index);
        return organizationId ? [{ organizationId, role: party.role as PartyRole }] : [];
      }),
      objectives: review.objectives
        .filter((item) => item.use && item.text.trim())
        .map((item) => text(item.text)),
      commitments: review.commitments.flatMap((item, index) => {
        if (!item.use || !item.text.trim()) return [];
        const organizationId = partyOf(item.party);
        // a kept commitment is never dropped for want of its party
        if (!organizationId)
          throw new AppError("validation", `commitments.${index}.party: is not one of the kept parties`, {
            issues: [
              {
                field: `commitments.${index}.party`,
                message: "is not one of the kept parties",
                reason: "notAKeptParty",
              },
            ],
          });
        return [{ organizationId, text: text(item.text) }];
      }),
      contributions: review.contributions.flatMap((item, index) => {
        const organizationId = partyOf(item.party);
        if (!item.use) return [];
        if (!organizationId)
          throw new AppError("validation", "contributions: a kept amount needs its party", {
            issues: [
              {
                field: `contributions.${index}.party`,
                message: "needs the party that gives it",
                reason: "required",
              },
            ],
          });
        return [
          {
            organizationId,
            amount: optionalNumber(item.amount) as number,
            currency: item.currency,
            nature: "cash" as const,
          },
        ];
      }),
    };
    const agreement = await createAgreement({ db: tx, actor, input, source });
    const document = await fileDocument(tx, {
      actor,
      reading,
      agreementId: agreement.id,
      kind: "signed_agreement",
      title: text(review.title),
      source,
    });
    await markUsed(tx, id, agreement.id);
    return { agreement, document };
  });
  await readTextAfterUpload({
    db,
    uploadsDir,
    content: created.document,
    sizeBytes: created.document.sizeBytes,
  });
  return created.agreement;
}
