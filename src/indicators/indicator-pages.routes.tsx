import type { Context } from "hono";
import { getAgreementDetail } from "../agreements/agreements.queries.js";
import { listDocuments } from "../documents/documents.service.js";
import { periodsBetween, todayInMorocco } from "../domain/figures.js";
import type { AppError } from "../shared/errors.js";
import type { Translate } from "../shared/i18n.js";
import { textOf } from "../shared/localized.js";
import type { ConflictRow } from "../web/conflict.js";
import type { AppEnv } from "../web/context.js";
import { textField } from "../web/forms.js";
import { renderWorkspace } from "../web/page.js";
import { IndicatorForm, type IndicatorFormChoices, type IndicatorFormProps } from "./indicator-form.views.js";
import { IndicatorPage, type IndicatorPageProps, type ValueFormState } from "./indicator-page.views.js";
import { valuePolicy } from "./indicator-values.policy.js";
import { agreementFacts, figuresOf, indicatorFacts } from "./indicators.facts.js";
import { indicatorPolicy } from "./indicators.policy.js";
import { getIndicator, listActivityChoices } from "./indicators.queries.js";
import type { IndicatorDetail, ListedValue } from "./indicators.types.js";
import { indicatorNotice } from "./indicators.views.js";

/* Rendering the indicators' workspace pages, for the routes and for refused posts. */

type Ctx = Context<AppEnv>;

/** A path parameter that is not a UUID names no record (the web kit's, for this module's routes). */
export { recordParam } from "../web/params.js";

/** The objectives, activities and parties the indicator form offers (the agreement must be readable). */
export async function formChoices(c: Ctx, agreementId: string): Promise<IndicatorFormChoices> {
  const { db, actor } = c.var;
  const agreement = await getAgreementDetail({ db, actor, id: agreementId });
  return {
    objectives: agreement.objectives.map((objective) => ({
      id: objective.id,
      position: objective.position,
      text: objective.text,
    })),
    activities: await listActivityChoices(db, agreementId),
    parties: agreement.parties.map((party) => ({ id: party.organization.id, name: party.organization.name })),
  };
}

export function renderIndicatorForm(c: Ctx, props: IndicatorFormProps, title: string, status = 200) {
  return renderWorkspace(c, {
    title,
    section: "agreements",
    status,
    children: (
      <>
        <h1>{title}</h1>
        <IndicatorForm {...props} />
      </>
    ),
  });
}

/** The periods that may still get a first value: from the baseline's to today's, latest first. */
export function openPeriods(indicator: IndicatorDetail, today: string): string[] {
  const { agreement } = indicator;
  const start = indicator.baselineOn ?? agreement.effectiveOn ?? agreement.signedOn ?? today;
  const taken = new Set(indicator.values.map((value) => value.period));
  return periodsBetween(indicator.frequency, start, today)
    .filter((period) => !taken.has(period))
    .reverse();
}

/** The entry form for one period's existing value (`?period=`), when the actor may change it. */
function formForPeriod(
  indicator: IndicatorDetail,
  period: string | undefined,
  needsReview: boolean,
): ValueFormState | undefined {
  const value = indicator.values.find((entry) => entry.period === period);
  if (!value || (needsReview && value.status === "approved")) return undefined;
  return {
    period: value.period,
    fixed: true,
    value: String(value.value),
    source: value.source,
    comment: value.internal?.comment,
    evidenceDocumentId: value.internal?.evidence?.id,
    version: value.version,
  };
}

export interface PageExtras {
  form?: ValueFormState;
  valueError?: AppError;
  valueConflict?: { version: number; rows: ConflictRow[] };
  reviewError?: AppError;
  deleteError?: AppError;
  status?: number;
}

export async function renderIndicatorPage(c: Ctx, id: string, extras: PageExtras = {}) {
  const { db, actor, lang, t } = c.var;
  const indicator = await getIndicator({ db, actor, id });
  const today = todayInMorocco();
  const figures = figuresOf(
    indicatorFacts(indicator, indicator.values),
    agreementFacts(indicator.agreement),
    today,
  );
  const rights = {
    manage: indicatorPolicy.canManage(actor),
    enter: valuePolicy.canEnter(actor, indicator),
    review: valuePolicy.canReview(actor),
    needsReview: valuePolicy.entriesNeedReview(actor),
  };
  const periods = rights.enter ? openPeriods(indicator, today) : [];
  const documents = rights.enter
    ? await listDocuments({ db, actor, ownerType: "agreement", ownerId: indicator.agreementId })
    : [];
  const form = extras.form ??
    formForPeriod(indicator, c.req.query("period"), rights.needsReview) ?? { period: periods[0] };
  const props: IndicatorPageProps = {
    lang,
    t,
    indicator,
    figures,
    today,
    rights,
    openPeriods: periods,
    documents: documents.map((doc) => ({ id: doc.id, title: doc.title })),
    form,
    notice: indicatorNotice(t, c.req.query("notice")),
    ...extras,
  };
  return renderWorkspace(c, {
    title: textOf(indicator.name, lang, t("indicators.heading")),
    section: "agreements",
    status: extras.status,
    children: <IndicatorPage {...props} />,
  });
}

/** The value form as posted: a version means one period's value is being corrected. */
export function readValueForm(body: Record<string, unknown>): ValueFormState {
  const version = Number(textField(body, "version"));
  return {
    period: textField(body, "period"),
    value: textField(body, "value"),
    source: textField(body, "source"),
    comment: textField(body, "comment"),
    evidenceDocumentId: textField(body, "evidenceDocumentId"),
    ...(Number.isInteger(version) && version > 0 ? { version, fixed: true } : {}),
  };
}

/** A period's saved value beside the one the person typed, for the conflict panel. */
export function valueConflictRows(t: Translate, theirs: ListedValue, yours: ValueFormState): ConflictRow[] {
  return [
    { label: t("indicators.fields.value"), theirs: String(theirs.value), yours: yours.value ?? "" },
    { label: t("indicators.fields.source"), theirs: theirs.source, yours: yours.source ?? "" },
    {
      label: t("indicators.fields.comment"),
      theirs: theirs.internal?.comment ?? "",
      yours: yours.comment ?? "",
    },
    { label: t("indicators.values.status"), theirs: t(`indicators.statuses.${theirs.status}`), yours: "" },
  ];
}
