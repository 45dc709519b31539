import type { Child } from "hono/jsx";
import { agreementKinds, organizationKinds, partyRoles, renewalModes } from "../db/schema/index.js";
import type { Proposal } from "../reading/reading-document.js";
import type { AppError } from "../shared/errors.js";
import { type Language, languages } from "../shared/localized.js";
import {
  ErrorSummary,
  FieldErrorsScope,
  fieldErrorsFrom,
  inputId,
  useFieldError,
} from "../web/field-errors.js";
import { Select } from "../web/forms.js";
import { usePage } from "../web/page-context.js";
import { readingPaths } from "./agreement-reading.paths.js";
import type { ReadingReview, ReadingRow, StoredReading } from "./agreement-reading.service.js";
import { acceptAttribute } from "./documents.input.js";

/** The upload of a signed agreement to read, and the readings not yet made into an agreement. */
export function ReadingUploadForm({
  action,
  open,
  error,
}: {
  action: string;
  open: Pick<ReadingRow, "id" | "fileName" | "createdAt">[];
  error?: AppError;
}) {
  const { t, lang } = usePage();
  const errors = fieldErrorsFrom(error, t);
  return (
    <>
      <ErrorSummary errors={errors} />
      <form method="post" action={action} enctype="multipart/form-data">
        <div class="field">
          <label for="file">{t("reading.upload.file")}</label>
          <input id="file" name="file" type="file" required accept={acceptAttribute} />
          <small>{t("reading.upload.hint")}</small>
        </div>
        <button type="submit">{t("reading.upload.submit")}</button>
      </form>
      {open.length ? (
        <section>
          <h2>{t("reading.upload.open")}</h2>
          <ul>
            {open.map((reading) => (
              <li>
                <a href={readingPaths.review(lang, reading.id)}>{reading.fileName}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

const confidenceOf = (value: number) => (value >= 0.85 ? "high" : value >= 0.7 ? "medium" : "low");

/** Where a proposal came from: its page, how sure the rule is, the excerpt with the words marked. */
export function Evidence({ proposal }: { proposal?: Proposal<unknown> }) {
  const { t } = usePage();
  if (!proposal?.excerpt.text) return null;
  const { text, markStart, markEnd, page } = proposal.excerpt;
  return (
    <div class="evidence">
      <small>
        {page ? `${t("reading.review.page", { page })} · ` : ""}
        {t(`reading.confidence.${confidenceOf(proposal.confidence)}`)}
      </small>
      <blockquote dir="auto">
        {text.slice(0, markStart)}
        <mark>{text.slice(markStart, markEnd)}</mark>
        {text.slice(markEnd)}
      </blockquote>
    </div>
  );
}

function TextInput({
  name,
  value,
  label,
  type = "text",
  children,
}: {
  name: string;
  value: string;
  label: string;
  type?: string;
  children?: Child;
}) {
  const id = inputId(name);
  const error = useFieldError(name);
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input id={id} name={name} type={type} value={value} dir="auto" {...error.attrs} />
      {error.note}
      {children}
    </div>
  );
}

function Keep({
  name,
  checked,
  label,
  value = "on",
}: {
  name: string;
  checked: boolean;
  label: string;
  value?: string;
}) {
  return (
    <label class="choice">
      <input type="checkbox" name={name} value={value} checked={checked} /> {label}
    </label>
  );
}

export interface OrganisationChoice {
  id: string;
  name: string;
}

/** The proposals, each beside the words it came from: keep, correct or reject, then create. */
export function ReadingReviewForm({
  action,
  reading,
  review,
  organisations,
  territoryNames,
  error,
}: {
  action: string;
  reading: StoredReading;
  review: ReadingReview;
  organisations: OrganisationChoice[];
  territoryNames: Map<string, string>;
  error?: AppError;
}) {
  const { t } = usePage();
  const errors = fieldErrorsFrom(error, t);
  const options = (values: readonly string[], prefix: string) =>
    values.map((value) => ({ value, label: t(`${prefix}.${value}`) }));
  const partyOptions = review.parties.map((party, index) => ({
    value: String(index),
    label: party.newName || t("reading.review.partyN", { n: index + 1 }),
  }));
  const keep = t("reading.review.keep");
  return (
    <form method="post" action={action} class="reading-review">
      <ErrorSummary errors={errors} />
      <FieldErrorsScope errors={errors}>
        <fieldset>
          <legend>{t("reading.review.amendmentLegend")}</legend>
          {reading.amendment ? <p role="status">{t("reading.review.looksLikeAmendment")}</p> : null}
          <TextInput name="amends" value={review.amends} label={t("reading.review.amends")}>
            <small>{t("reading.review.amendsHint")}</small>
          </TextInput>
        </fieldset>
        <fieldset>
          <legend>{t("agreementForm.identity")}</legend>
          <TextInput name="reference" value={review.reference} label={`${t("agreement.reference")} *`} />
          <Select
            name="kind"
            label={t("agreement.kind")}
            options={options(agreementKinds, "kind")}
            value={review.kind}
          />
          <Select
            name="language"
            label={t("reading.review.language")}
            options={languages.map((lang: Language) => ({ value: lang, label: t(`languages.${lang}`) }))}
            value={review.language}
          />
          <TextInput name="title" value={review.title} label={`${t("reading.review.title")} *`}>
            <Evidence proposal={reading.title} />
          </TextInput>
        </fieldset>
        <fieldset>
          <legend>{t("agreement.dates")}</legend>
          <TextInput name="signedOn" type="date" value={review.signedOn} label={t("agreement.signedOn")}>
            {reading.signedAt ? (
              <p>{t("reading.review.signedAt", { place: reading.signedAt.value })}</p>
            ) : null}
            {reading.hijriDate ? <p>{t("reading.review.hijri", { date: reading.hijriDate.value })}</p> : null}
            <Evidence proposal={reading.signedOn} />
          </TextInput>
          <TextInput
            name="effectiveOn"
            type="date"
            value={review.effectiveOn}
            label={t("agreement.effectiveOn")}
          >
            <Evidence proposal={reading.entryIntoForce} />
          </TextInput>
          <TextInput name="expiresOn" type="date" value={review.expiresOn} label={t("agreement.expiresOn")}>
            <Evidence proposal={reading.expiresOn} />
          </TextInput>
          <TextInput
            name="durationMonths"
            value={review.durationMonths}
            label={t("reading.review.durationMonths")}
          >
            <Evidence proposal={reading.durationMonths} />
          </TextInput>
          <Select
            name="renewal"
            label={t("agreement.renewal")}
            options={options(renewalModes, "renewal")}
            value={review.renewal}
          />
          <Evidence proposal={reading.renewal} />
          <TextInput
            name="renewalNoticeDays"
            value={review.renewalNoticeDays}
            label={t("reading.review.noticeDays")}
          >
            <Evidence proposal={reading.renewalNoticeDays} />
          </TextInput>
        </fieldset>
        <fieldset>
          <legend>{t("agreement.parties")}</legend>
          {review.parties.length === 0 ? <p>{t("reading.review.noParties")}</p> : null}
          {review.parties.map((party, index) => (
            <fieldset>
              <legend>
                {index < reading.parties.length
                  ? t("reading.review.partyN", { n: index + 1 })
                  : t("reading.review.otherParty")}
              </legend>
              <Keep name={`parties.${index}.use`} checked={party.use} label={keep} />
              <Select
                name={`parties.${index}.organizationId`}
                label={t("reading.review.organisation")}
                options={[
                  { value: "new", label: t("reading.review.newOrganisation") },
                  ...organisations.map((organisation) => ({
                    value: organisation.id,
                    label: organisation.name,
                  })),
                ]}
                value={party.organizationId}
              />
              <TextInput
                name={`parties.${index}.newName`}
                value={party.newName}
                label={t("reading.review.newName")}
              />
              <Select
                name={`parties.${index}.newKind`}
                label={t("reading.review.newKind")}
                options={options(organizationKinds, "orgKind")}
                value={party.newKind}
              />
              <Select
                name={`parties.${index}.role`}
                label={t("agreement.role")}
                options={options(partyRoles, "role")}
                value={party.role}
              />
              <Evidence proposal={reading.parties[index]} />
            </fieldset>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t("agreement.scope")}</legend>
          {reading.territories.length === 0 ? <p>{t("reading.review.none")}</p> : null}
          {reading.territories.map((territory) => (
            <div>
              <Keep
                name="territoryCodes"
                value={territory.value}
                checked={review.territoryCodes.includes(territory.value)}
                label={territoryNames.get(territory.value) ?? territory.value}
              />
              <Evidence proposal={territory} />
            </div>
          ))}
        </fieldset>
        <ItemRows
          legend={t("agreement.objectives")}
          list="objectives"
          rows={review.objectives}
          proposals={reading.objectives}
        />
        <fieldset>
          <legend>{t("agreement.commitments")}</legend>
          {review.commitments.length === 0 ? <p>{t("reading.review.none")}</p> : null}
          {review.commitments.map((commitment, index) => (
            <div class="reading-item">
              <Keep name={`commitments.${index}.use`} checked={commitment.use} label={keep} />
              <Select
                name={`commitments.${index}.party`}
                label={t("agreement.partner")}
                options={partyOptions}
                value={commitment.party}
              />
              <label for={`commitments-${index}-text`}>{t("reading.review.itemN", { n: index + 1 })}</label>
              <textarea
                id={`commitments-${index}-text`}
                name={`commitments.${index}.text`}
                dir="auto"
                rows={2}
              >
                {commitment.text}
              </textarea>
              <Evidence proposal={reading.commitments[index]} />
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t("agreement.contributions")}</legend>
          {review.contributions.length === 0 ? <p>{t("reading.review.none")}</p> : null}
          {review.contributions.map((amount, index) => (
            <div class="reading-item">
              <Keep
                name={`contributions.${index}.use`}
                checked={amount.use}
                label={t("reading.review.keepAmount")}
              />
              <Select
                name={`contributions.${index}.party`}
                label={t("reading.review.givenBy")}
                options={partyOptions}
                value={amount.party}
                blank="—"
              />
              <TextInput
                name={`contributions.${index}.amount`}
                value={amount.amount}
                label={t("reading.review.amount")}
              />
              <TextInput
                name={`contributions.${index}.currency`}
                value={amount.currency}
                label={t("reading.review.currency")}
              />
              <Evidence proposal={reading.amounts[index]} />
            </div>
          ))}
        </fieldset>
        <p>{t("reading.review.nothingSaved")}</p>
        <button type="submit">{t("reading.review.create")}</button>
      </FieldErrorsScope>
    </form>
  );
}

function ItemRows({
  legend,
  list,
  rows,
  proposals,
}: {
  legend: string;
  list: "objectives";
  rows: { use: boolean; text: string }[];
  proposals: Proposal<unknown>[];
}) {
  const { t } = usePage();
  return (
    <fieldset>
      <legend>{legend}</legend>
      {rows.length === 0 ? <p>{t("reading.review.none")}</p> : null}
      {rows.map((row, index) => (
        <div class="reading-item">
          <Keep name={`${list}.${index}.use`} checked={row.use} label={t("reading.review.keep")} />
          <label for={`${list}-${index}-text`}>{t("reading.review.itemN", { n: index + 1 })}</label>
          <textarea id={`${list}-${index}-text`} name={`${list}.${index}.text`} dir="auto" rows={2}>
            {row.text}
          </textarea>
          <Evidence proposal={proposals[index]} />
        </div>
      ))}
    </fieldset>
  );
}
