import { agreementPaths } from "../agreements/agreements.paths.js";
import type { IndicatorFigures } from "../domain/figures.js";
import type { AppError } from "../shared/errors.js";
import type { Translate } from "../shared/i18n.js";
import { type Language, type LocalizedText, pickText, textDirection, textOf } from "../shared/localized.js";
import { DateTime, Localized, TableScroll } from "../web/components.js";
import { ConflictPanel, type ConflictRow } from "../web/conflict.js";
import {
  defaultInputOf,
  ErrorSummary,
  FieldErrorsScope,
  fieldErrorsFrom,
  marksOf,
} from "../web/field-errors.js";
import { FormErrors, Select } from "../web/forms.js";
import { Notice } from "../web/page.js";
import { usePage } from "../web/page-context.js";
import { formatValue, IndicatorFigure } from "./indicator-figure.views.js";
import { periodLabel } from "./indicators.chart.js";
import { MAX_COMMENT_LENGTH, MAX_REASON_LENGTH, MAX_SOURCE_LENGTH } from "./indicators.input.js";
import type { IndicatorDetail, ListedValue } from "./indicators.types.js";
import { chartIndicatorOf, IndicatorFacts, indicatorPath, measuredText } from "./indicators.views.js";

/** An indicator's workspace page: where it stands, its values, the entry and review forms. */

export interface ValueFormState {
  period?: string;
  /** correcting one period's value: the period is not chosen, and its version is sent */
  fixed?: boolean;
  value?: string;
  source?: string;
  comment?: string;
  evidenceDocumentId?: string;
  version?: number;
}

export interface IndicatorPageProps {
  lang: Language;
  t: Translate;
  indicator: IndicatorDetail;
  figures: IndicatorFigures;
  today: string;
  rights: { manage: boolean; enter: boolean; review: boolean; needsReview: boolean };
  /** the periods that may get a first value (latest first) */
  openPeriods: string[];
  documents: { id: string; title: LocalizedText }[];
  form: ValueFormState;
  notice?: string;
  valueError?: AppError;
  valueConflict?: { version: number; rows: ConflictRow[] };
  reviewError?: AppError;
  deleteError?: AppError;
}

const mayChange = (props: IndicatorPageProps, value: ListedValue) =>
  props.rights.enter && (!props.rights.needsReview || value.status !== "approved");

function Who({ name, id, at }: { name: string | null; id: string; at: Date | null }) {
  return (
    <>
      <span dir="auto">{name ?? id}</span>
      {at ? (
        <>
          <br />
          <small>
            <DateTime value={at} />
          </small>
        </>
      ) : null}
    </>
  );
}

function ReviewForms({ value }: { value: ListedValue }) {
  const { lang, t } = usePage();
  const action = `/${lang}/workspace/indicator-values/${value.id}/review`;
  const period = periodLabel(t, value.period);
  return (
    <div class="actions">
      <form method="post" action={action}>
        <input type="hidden" name="decision" value="approve" />
        <input type="hidden" name="version" value={String(value.version)} />
        <button type="submit" class="button">
          {t("indicators.review.approve")}
          <span class="visually-hidden"> {period}</span>
        </button>
      </form>
      <form method="post" action={action} class="stacked">
        <input type="hidden" name="decision" value="return" />
        <input type="hidden" name="version" value={String(value.version)} />
        <label for={`return-${value.id}`}>{t("indicators.review.reasonFor", { period })}</label>
        <textarea id={`return-${value.id}`} name="reason" rows={2} required maxlength={MAX_REASON_LENGTH} />
        <button type="submit" class="button secondary">
          {t("indicators.review.return")}
          <span class="visually-hidden"> {period}</span>
        </button>
      </form>
    </div>
  );
}

function ValuesTableRows(props: IndicatorPageProps) {
  const { lang, t, indicator } = props;
  if (!indicator.values.length) return <p>{t("indicators.values.none")}</p>;
  const internal = indicator.internal;
  return (
    <table class="data values">
      <caption class="visually-hidden">{t("indicators.values.heading")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("indicators.fields.period")}</th>
          <th scope="col">{t("indicators.fields.value")}</th>
          <th scope="col">{t("indicators.values.status")}</th>
          <th scope="col">{t("indicators.fields.source")}</th>
          {internal ? (
            <>
              <th scope="col">{t("indicators.fields.comment")}</th>
              <th scope="col">{t("indicators.fields.evidence")}</th>
              <th scope="col">{t("indicators.values.entered")}</th>
              <th scope="col">{t("indicators.values.review")}</th>
              <th scope="col">{t("workspace.actions")}</th>
            </>
          ) : null}
        </tr>
      </thead>
      <tbody>
        {indicator.values.map((value) => {
          const inside = value.internal;
          return (
            <tr id={`value-${value.period}`}>
              <th scope="row">{periodLabel(t, value.period)}</th>
              <td class="number">{formatValue(lang, value.value)}</td>
              <td>{t(`indicators.statuses.${value.status}`)}</td>
              <td dir="auto">{value.source || "—"}</td>
              {inside ? (
                <>
                  <td dir="auto" class="comment">
                    {inside.comment || "—"}
                  </td>
                  <td>
                    {inside.evidence ? (
                      <a
                        href={`/${lang}/workspace/documents/${inside.evidence.id}/download`}
                        download={inside.evidence.fileName}
                      >
                        <Localized value={inside.evidence.title} />
                      </a>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td>
                    <Who name={inside.enteredByName} id={inside.enteredBy} at={inside.enteredAt} />
                  </td>
                  <td>
                    {inside.reviewedBy ? (
                      <Who name={inside.reviewedByName} id={inside.reviewedBy} at={inside.reviewedAt} />
                    ) : value.status === "submitted" ? (
                      t("indicators.values.notReviewed")
                    ) : (
                      "—"
                    )}
                    {inside.returnReason ? (
                      <p dir="auto" class="return-reason">
                        {t("indicators.values.returnedBecause", { reason: inside.returnReason })}
                      </p>
                    ) : null}
                  </td>
                  <td>
                    {props.rights.review && value.status === "submitted" ? (
                      <ReviewForms value={value} />
                    ) : null}
                    {mayChange(props, value) ? (
                      <a href={`${indicatorPath(lang, indicator.id)}?period=${value.period}#value-form`}>
                        {t(
                          value.status === "returned"
                            ? "indicators.values.correct"
                            : "indicators.values.change",
                        )}
                        <span class="visually-hidden"> {periodLabel(t, value.period)}</span>
                      </a>
                    ) : null}
                  </td>
                </>
              ) : null}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function ValueForm(props: IndicatorPageProps) {
  const { lang, t, indicator, form, rights } = props;
  const id = (name: string) => `value-${name}`;
  const legend =
    form.fixed && form.period
      ? t("indicators.entry.correctLegend", { period: periodLabel(t, form.period) })
      : t(rights.needsReview ? "indicators.entry.submitLegend" : "indicators.entry.enterLegend");
  if (!form.fixed && !props.openPeriods.length) return <p>{t("indicators.entry.nothingOpen")}</p>;
  const errors = fieldErrorsFrom(props.valueError, t, {
    inputOf: (issue) => (issue.field === "period" && form.fixed ? undefined : defaultInputOf(issue)),
    idOf: (name) => (name === "evidenceDocumentId" ? id("evidence") : id(name)),
  });
  const marks = (name: string, hint?: string) => marksOf(errors, name, hint);
  return (
    <FieldErrorsScope errors={errors}>
      {props.valueConflict ? (
        <ConflictPanel version={props.valueConflict.version} rows={props.valueConflict.rows} />
      ) : null}
      <form
        id="value-form"
        method="post"
        action={`${indicatorPath(lang, indicator.id)}/values`}
        class="stacked"
      >
        <fieldset>
          <legend>{legend}</legend>
          <ErrorSummary errors={errors} />
          {form.version !== undefined ? (
            <input type="hidden" name="version" value={String(form.version)} />
          ) : null}
          {form.fixed ? (
            <input type="hidden" name="period" value={form.period} />
          ) : (
            <Select
              id={id("period")}
              name="period"
              label={t("indicators.fields.period")}
              required
              value={form.period}
              options={props.openPeriods.map((period) => ({ value: period, label: periodLabel(t, period) }))}
            />
          )}
          <div class="field">
            <label for={id("value")}>
              {t("indicators.fields.value")} (<Localized value={indicator.unit} />)
            </label>
            <input
              id={id("value")}
              name="value"
              inputmode="decimal"
              required
              value={form.value ?? ""}
              {...marks("value", id("value-hint")).attrs}
            />
            <p id={id("value-hint")} class="hint">
              {t("indicators.hints.decimal")}
            </p>
            {marks("value").note}
          </div>
          <div class="field">
            <label for={id("source")}>{t("indicators.fields.source")}</label>
            <input
              id={id("source")}
              name="source"
              dir="auto"
              maxlength={MAX_SOURCE_LENGTH}
              value={form.source ?? ""}
              {...marks("source").attrs}
            />
            {marks("source").note}
          </div>
          <div class="field">
            <label for={id("comment")}>{t("indicators.fields.comment")}</label>
            <textarea
              id={id("comment")}
              name="comment"
              dir="auto"
              rows={3}
              maxlength={MAX_COMMENT_LENGTH}
              {...marks("comment", id("comment-hint")).attrs}
            >
              {form.comment ?? ""}
            </textarea>
            <p id={id("comment-hint")} class="hint">
              {t("indicators.hints.comment")}
            </p>
            {marks("comment").note}
          </div>
          <Select
            id={id("evidence")}
            name="evidenceDocumentId"
            label={t("indicators.fields.evidence")}
            describedBy={id("evidence-hint")}
            blank={t("indicators.noEvidence")}
            value={form.evidenceDocumentId}
            options={props.documents.map((doc) => ({
              value: doc.id,
              label: textOf(doc.title, lang, doc.id),
            }))}
          >
            <p id={id("evidence-hint")} class="hint">
              {t("indicators.hints.evidence")}
            </p>
          </Select>
          {rights.needsReview ? <p>{t("indicators.entry.reviewNote")}</p> : null}
          <div class="actions">
            <button type="submit" class="button">
              {t(rights.needsReview ? "indicators.entry.submit" : "indicators.entry.save")}
            </button>
            {form.fixed ? <a href={indicatorPath(lang, indicator.id)}>{t("workspace.cancel")}</a> : null}
          </div>
        </fieldset>
      </form>
    </FieldErrorsScope>
  );
}

export function IndicatorPage(props: IndicatorPageProps) {
  const { lang, t, indicator, figures, rights } = props;
  const agreementHref = agreementPaths.workspace(lang, indicator.agreementId);
  return (
    <>
      <p>
        <a href={agreementHref}>
          {t("indicators.backToAgreement", { reference: indicator.agreement.reference })}
        </a>
      </p>
      <h1>
        <Localized value={indicator.name} notice="full" />
      </h1>
      <Notice text={props.notice} />
      <FormErrors error={props.reviewError ?? props.deleteError} />
      <dl class="facts">
        <dt>{t("indicators.fields.measures")}</dt>
        <dd dir="auto">{measuredText(lang, t, indicator.measures)}</dd>
        <dt>{t("indicators.fields.unit")}</dt>
        <dd>
          <Localized value={indicator.unit} />
        </dd>
        <dt>{t("indicators.fields.direction")}</dt>
        <dd>{t(`indicators.directions.${indicator.direction}`)}</dd>
        <dt>{t("indicators.fields.frequency")}</dt>
        <dd>{t(`indicators.frequencies.${indicator.frequency}`)}</dd>
        <dt>{t("indicators.fields.aggregation")}</dt>
        <dd>{t(`indicators.aggregations.${indicator.aggregation}`)}</dd>
        <dt>{t("indicators.fields.responsible")}</dt>
        <dd
          lang={pickText(indicator.responsibleOrganizationName, lang)?.lang}
          dir={textDirection(pickText(indicator.responsibleOrganizationName, lang)?.lang ?? lang)}
        >
          {textOf(indicator.responsibleOrganizationName, lang, "—")}
        </dd>
      </dl>
      <IndicatorFacts indicator={indicator} figures={figures} />
      <IndicatorFigure indicator={chartIndicatorOf(indicator)} figures={figures} today={props.today} />
      {rights.manage ? (
        <div class="actions">
          <a class="button secondary" href={`${indicatorPath(lang, indicator.id)}/edit`}>
            {t("indicators.edit")}
          </a>
          <a class="button secondary" href={`${indicatorPath(lang, indicator.id)}/delete`}>
            {t("indicators.delete")}
          </a>
        </div>
      ) : null}
      <section aria-labelledby="values-heading">
        <h2 id="values-heading">{t("indicators.values.heading")}</h2>
        <ValuesTable {...props} />
        {rights.enter ? <ValueForm {...props} /> : null}
      </section>
    </>
  );
}

/** ValuesTable, in its own scrolling box: a wide table scrolls sideways on a phone, not the page. */
function ValuesTable(props: Parameters<typeof ValuesTableRows>[0]) {
  if (!props.indicator.values.length) return <ValuesTableRows {...props} />;
  return (
    <TableScroll label={props.t("indicators.values.heading")}>
      <ValuesTableRows {...props} />
    </TableScroll>
  );
}
