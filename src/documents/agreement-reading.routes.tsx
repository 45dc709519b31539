import { type Context, Hono } from "hono";
import { assertCanWriteAgreements } from "../access/agreement-access.js";
import { proposeAgreementReference } from "../agreements/agreement-reference.queries.js";
import { agreementPaths } from "../agreements/agreements.paths.js";
import { organizations } from "../db/schema/index.js";
import { agreementKindOf } from "../reading/agreement-sections.js";
import type { AppError } from "../shared/errors.js";
import { type Language, languages, textOf } from "../shared/localized.js";
import { referenceTerritories } from "../territories/territories.service.js";
import type { AppEnv } from "../web/context.js";
import { saveOrReshow } from "../web/form-save.js";
import { type PostedBody, postedText, postedTexts, readFormBody } from "../web/forms.js";
import { guard } from "../web/guards.js";
import { renderWorkspace } from "../web/page.js";
import { readingPaths } from "./agreement-reading.paths.js";
import {
  createAgreementFromReading,
  getReading,
  listOpenReadings,
  type ReadingReview,
  readUploadedAgreement,
  type StoredReading,
} from "./agreement-reading.service.js";
import { ReadingReviewForm, ReadingUploadForm } from "./agreement-reading.views.js";
import { idParam, readForm, uploadedFile } from "./documents.http.js";

/**
 * /{lang}/workspace/readings: staff upload a signed agreement, review what reading it proposed
 * (src/reading), and create the agreement from it (agreement-reading.service.ts).
 */

type Ctx = Context<AppEnv>;
type Body = PostedBody;

/** The review as first shown: every proposal kept, as read. */
function initialReview(reading: StoredReading, reference: string): ReadingReview {
  return {
    amends: "",
    reference,
    kind: agreementKindOf(reading.title?.value ?? ""),
    language: reading.language,
    title: reading.title?.value ?? "",
    signedOn: reading.signedOn?.value ?? "",
    effectiveOn: reading.effectiveOn?.value ?? "",
    expiresOn: reading.expiresOn?.value ?? "",
    durationMonths: reading.durationMonths ? String(reading.durationMonths.value) : "",
    renewal: reading.renewal?.value ?? "none",
    renewalNoticeDays: reading.renewalNoticeDays ? String(reading.renewalNoticeDays.value) : "",
    parties: [
      ...reading.parties.map(({ value }) => ({
        use: true,
        organizationId: value.organisationId ?? "new",
        newName: value.name,
        newKind: value.kind,
        role: value.role,
      })),
      // one more, for a party the reading missed
      { use: false, organizationId: "new", newName: "", newKind: "other", role: "signatory" },
    ],
    territoryCodes: reading.territories.map(({ value }) => value),
    objectives: reading.objectives.map(({ value }) => ({ use: true, text: value })),
    commitments: reading.commitments.map(({ value }) => ({
      use: true,
      party: String(value.party),
      text: value.text,
    })),
    // an amount becomes a contribution only once staff say whose it is
    contributions: reading.amounts.map(({ value }) => ({
      use: false,
      party: "",
      amount: String(value.amount),
      currency: value.currency,
    })),
  };
}

/** The review as posted; rows are the proposals' own (the form adds or removes none). */
function postedReview(body: Body, reading: StoredReading): ReadingReview {
  const row = (list: string, index: number, name: string) => postedText(body, `${list}.${index}.${name}`);
  const kept = (list: string, index: number) => row(list, index, "use") === "on";
  const language = postedText(body, "language");
  return {
    amends: postedText(body, "amends"),
    reference: postedText(body, "reference"),
    kind: postedText(body, "kind"),
    language: (languages as readonly string[]).includes(language) ? (language as Language) : reading.language,
    title: postedText(body, "title"),
    signedOn: postedText(body, "signedOn"),
    effectiveOn: postedText(body, "effectiveOn"),
    expiresOn: postedText(body, "expiresOn"),
    durationMonths: postedText(body, "durationMonths"),
    renewal: postedText(body, "renewal"),
    renewalNoticeDays: postedText(body, "renewalNoticeDays"),
    parties: [...reading.parties, undefined].map((_, index) => ({
      use: kept("parties", index),
      organizationId: row("parties", index, "organizationId"),
      newName: row("parties", index, "newName"),
      newKind: row("parties", index, "newKind"),
      role: row("parties", index, "role"),
    })),
    // only codes the reading offered: the form is not a way to name any territory
    territoryCodes: postedTexts(body, "territoryCodes").filter((code) =>
      reading.territories.some((territory) => territory.value === code),
    ),
    objectives: reading.objectives.map((_, index) => ({
      use: kept("objectives", index),
      text: row("objectives", index, "text"),
    })),
    commitments: reading.commitments.map((_, index) => ({
      use: kept("commitments", index),
      party: row("commitments", index, "party"),
      text: row("commitments", index, "text"),
    })),
    contributions: reading.amounts.map((_, index) => ({
      use: kept("contributions", index),
      party: row("contributions", index, "party"),
      amount: row("contributions", index, "amount"),
      currency: row("contributions", index, "currency"),
    })),
  };
}

/** What was left out of a long or slow file, in the reader's language. */
function partialReading(c: Ctx, reading: { pagesRead: number | null; pageCount: number | null }): string {
  const { t } = c.var;
  const { pagesRead, pageCount } = reading;
  return pagesRead && pageCount && pagesRead < pageCount
    ? t("reading.status.pagesRead", { read: pagesRead, total: pageCount })
    : t("reading.status.partial");
}

/** Why nothing was proposed: no text (and whether recognition was tried), or an unreadable file. */
function statusMessage(status: string, reading: StoredReading): string {
  if (status === "no_text")
    return reading.ocr === "used" ? "reading.status.nothingRecognised" : "reading.status.no_text";
  return "reading.status.failed";
}

async function renderUpload(c: Ctx, error?: AppError) {
  const { db, actor, t, lang } = c.var;
  const open = await listOpenReadings({ db, actor });
  return renderWorkspace(c, {
    title: t("reading.upload.title"),
    section: "agreements",
    status: error ? error.httpStatus : 200,
    children: (
      <>
        <h1>{t("reading.upload.title")}</h1>
        <p>{t("reading.upload.intro")}</p>
        <ReadingUploadForm action={readingPaths.upload(lang)} open={open} error={error} />
      </>
    ),
  });
}

async function renderReview(c: Ctx, id: string, posted?: ReadingReview, error?: AppError) {
  const { db, actor, t, lang } = c.var;
  const reading = await getReading({ db, actor, id });
  const heading = t("reading.review.heading", { file: reading.fileName });
  if (reading.agreementId)
    return renderWorkspace(c, {
      title: heading,
      section: "agreements",
      status: error ? 409 : 200,
      children: (
        <>
          <h1>{heading}</h1>
          <p role="alert">{t("reading.review.used")}</p>
          <p>
            <a href={agreementPaths.workspace(lang, reading.agreementId)}>
              {t("reading.review.openAgreement")}
            </a>
          </p>
        </>
      ),
    });
  const review = posted ?? initialReview(reading.proposals, await proposeAgreementReference({ db }));
  const known = await db.select({ id: organizations.id, name: organizations.name }).from(organizations);
  const organisations = known
    .map((row) => ({ id: row.id, name: textOf(row.name, lang) }))
    .sort((a, b) => a.name.localeCompare(b.name, lang));
  const territoryNames = new Map(
    referenceTerritories().map((record) => [
      record.code,
      record[`name_${lang}_full`] || record[`name_${lang}`],
    ]),
  );
  return renderWorkspace(c, {
    title: heading,
    section: "agreements",
    status: error ? error.httpStatus : 200,
    children: (
      <>
        <h1>{heading}</h1>
        {reading.status !== "read" ? (
          <p role="alert">{t(statusMessage(reading.status, reading.proposals))}</p>
        ) : null}
        {reading.status === "read" && reading.proposals.languageRead === false ? (
          <p role="alert">{t("reading.status.otherLanguage")}</p>
        ) : null}
        {reading.status === "read" && reading.proposals.ocr === "used" ? (
          <p role="status">{t("reading.status.recognised")}</p>
        ) : null}
        {(reading.proposals.ignored ?? []).map((kind) => (
          <p role="status">{t(`reading.status.${kind}`)}</p>
        ))}
        {reading.status === "read" && reading.problem ? (
          <p role="status">{partialReading(c, reading)}</p>
        ) : null}
        <p>{t("reading.review.intro")}</p>
        <ReadingReviewForm
          action={readingPaths.review(lang, id)}
          reading={reading.proposals}
          review={review}
          organisations={organisations}
          territoryNames={territoryNames}
          error={error}
        />
      </>
    ),
  });
}

export function agreementReadingRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const staffOnly = guard((actor) => assertCanWriteAgreements(actor));
  routes.use("/readings", staffOnly);
  routes.use("/readings/*", staffOnly);

  routes.get("/readings", (c) => renderUpload(c));

  routes.post("/readings", async (c) => {
    const { db, actor, services, lang } = c.var;
    const body = await readForm(c);
    return saveOrReshow(
      async () => {
        const reading = await readUploadedAgreement({
          db,
          actor,
          uploadsDir: services.uploadsDir,
          maxBytes: services.uploadMaxBytes,
          file: await uploadedFile(body.file),
        });
        return c.redirect(readingPaths.review(lang, reading.id), 303);
      },
      { invalid: (error) => renderUpload(c, error) },
    );
  });

  routes.get("/readings/:id", (c) => renderReview(c, idParam(c, "Reading")));

  routes.post("/readings/:id", async (c) => {
    const { db, actor, services, lang } = c.var;
    const id = idParam(c, "Reading");
    const reading = await getReading({ db, actor, id });
    const review = postedReview(await readFormBody(c, { all: true }), reading.proposals);
    return saveOrReshow(
      async () => {
        const agreement = await createAgreementFromReading({
          db,
          actor,
          uploadsDir: services.uploadsDir,
          id,
          review,
        });
        return c.redirect(`${agreementPaths.workspace(lang, agreement.id)}?notice=created`, 303);
      },
      {
        invalid: (error) => renderReview(c, id, review, error),
        conflict: (error) => renderReview(c, id, review, error),
      },
    );
  });

  return routes;
}
