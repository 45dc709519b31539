import {
  type IndicatorAggregation,
  type IndicatorDirection,
  type IndicatorFrequency,
  indicatorAggregations,
  indicatorDirections,
  indicatorFrequencies,
} from "../db/schema/index.js";
import type { AppError } from "../shared/errors.js";
import type { Translate } from "../shared/i18n.js";
import { type Language, type LocalizedText, textOf } from "../shared/localized.js";
import { ConflictPanel, type ConflictRow, conflictValues } from "../web/conflict.js";
import {
  ErrorSummary,
  FieldErrorsScope,
  fieldErrorsFrom,
  inputId,
  marksOf,
  useFieldError,
} from "../web/field-errors.js";
import { LocalizedInputs, localizedField, Select, textField } from "../web/forms.js";
import { usePage } from "../web/page-context.js";
import { MAX_NAME_LENGTH, MAX_UNIT_LENGTH } from "./indicators.input.js";
import type { IndicatorRow } from "./indicators.types.js";

/** The indicator form (new and edit), as the person filled it in. */

export interface IndicatorFormValues {
  /** "objective:<id>" or "activity:<id>" */
  measures?: string;
  name: LocalizedText;
  unit: LocalizedText;
  direction?: string;
  baselineValue?: string;
  baselineOn?: string;
  targetValue?: string;
  targetOn?: string;
  frequency?: string;
  aggregation?: string;
  responsibleOrganizationId?: string;
}

export interface IndicatorFormChoices {
  objectives: { id: string; position: number; text: LocalizedText }[];
  activities: { id: string; title: LocalizedText }[];
  parties: { id: string; name: LocalizedText }[];
}

export function formValuesOf(row: IndicatorRow): IndicatorFormValues {
  return {
    measures: row.objectiveId ? `objective:${row.objectiveId}` : `activity:${row.activityId}`,
    name: { ...row.name },
    unit: { ...row.unit },
    direction: row.direction,
    baselineValue: String(Number(row.baselineValue)),
    baselineOn: row.baselineOn ?? undefined,
    targetValue: String(Number(row.targetValue)),
    targetOn: row.targetOn ?? undefined,
    frequency: row.frequency,
    aggregation: row.aggregation,
    responsibleOrganizationId: row.responsibleOrganizationId,
  };
}

export function readIndicatorForm(body: Record<string, unknown>) {
  const version = textField(body, "version");
  return {
    values: {
      measures: textField(body, "measures"),
      name: localizedField(body, "name"),
      unit: localizedField(body, "unit"),
      direction: textField(body, "direction"),
      baselineValue: textField(body, "baselineValue"),
      baselineOn: textField(body, "baselineOn"),
      targetValue: textField(body, "targetValue"),
      targetOn: textField(body, "targetOn"),
      frequency: textField(body, "frequency"),
      aggregation: textField(body, "aggregation"),
      responsibleOrganizationId: textField(body, "responsibleOrganizationId"),
    } satisfies IndicatorFormValues,
    version: version === undefined ? undefined : Number(version),
  };
}

/** The service's input; unknown choices go as they came, so that the service's refusal names them. */
export function indicatorInputOf(values: IndicatorFormValues) {
  const [kind, id] = (values.measures ?? "").split(":");
  return {
    objectiveId: kind === "objective" ? id : undefined,
    activityId: kind === "activity" ? id : undefined,
    name: values.name,
    unit: values.unit,
    direction: values.direction as IndicatorDirection,
    baselineValue: values.baselineValue,
    baselineOn: values.baselineOn as string,
    targetValue: values.targetValue,
    targetOn: values.targetOn as string,
    frequency: values.frequency as IndicatorFrequency,
    aggregation: values.aggregation as IndicatorAggregation,
    responsibleOrganizationId: values.responsibleOrganizationId as string,
  };
}

/** The form field an issue is about (what it measures is one select for two fields). */
const inputOfIssue = (field: string) =>
  field === "objectiveId" || field === "activityId" ? "measures" : field.split(".")[0];

export function conflictRows(
  lang: Language,
  t: Translate,
  choices: IndicatorFormChoices,
  theirs: IndicatorFormValues,
  yours: IndicatorFormValues,
): ConflictRow[] {
  const text = (value: LocalizedText) => textOf(value, lang);
  const measured = (value?: string) => measuresLabel(lang, t, choices, value);
  const party = (id?: string) => text(choices.parties.find((entry) => entry.id === id)?.name ?? {});
  // Dates and choices are said as the audit log says them.
  const say = conflictValues("indicator", { lang, t });
  const row = (field: string, show: (values: IndicatorFormValues) => string): ConflictRow => ({
    label: t(`indicators.fields.${field}`),
    theirs: show(theirs),
    yours: show(yours),
  });
  return [
    row("measures", (values) => measured(values.measures)),
    row("name", (values) => text(values.name)),
    row("unit", (values) => text(values.unit)),
    row("direction", (values) => say("direction", values.direction)),
    row("baselineValue", (values) => values.baselineValue ?? ""),
    row("baselineOn", (values) => say("baselineOn", values.baselineOn)),
    row("targetValue", (values) => values.targetValue ?? ""),
    row("targetOn", (values) => say("targetOn", values.targetOn)),
    row("frequency", (values) => say("frequency", values.frequency)),
    row("aggregation", (values) => say("aggregation", values.aggregation)),
    row("responsible", (values) => party(values.responsibleOrganizationId)),
  ];
}

function measuresLabel(lang: Language, t: Translate, choices: IndicatorFormChoices, value?: string): string {
  const [kind, id] = (value ?? "").split(":");
  if (kind === "objective") {
    const objective = choices.objectives.find((entry) => entry.id === id);
    if (objective)
      return t("indicators.groups.objective", {
        n: objective.position + 1,
        text: textOf(objective.text, lang),
      });
  }
  const activity = choices.activities.find((entry) => entry.id === id);
  return activity ? t("indicators.groups.activity", { text: textOf(activity.title, lang) }) : "";
}

function Input({
  id,
  label,
  name,
  value,
  type = "text",
  hint,
  invalid,
}: {
  id: string;
  label: string;
  name: string;
  value?: string;
  type?: "text" | "date";
  hint?: string;
  invalid: boolean;
}) {
  const marks = useFieldError(name, hint ? `${id}-hint` : undefined);
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        name={name}
        type={type}
        value={value ?? ""}
        required
        inputmode={type === "text" ? "decimal" : undefined}
        {...marks.attrs}
        aria-invalid={invalid || marks.message ? "true" : undefined}
      />
      {hint ? (
        <p id={`${id}-hint`} class="hint">
          {hint}
        </p>
      ) : null}
      {marks.note}
    </div>
  );
}

export interface IndicatorFormProps {
  action: string;
  cancelHref: string;
  values: IndicatorFormValues;
  choices: IndicatorFormChoices;
  submitLabel: string;
  version?: number;
  error?: AppError;
  conflict?: { version: number; rows: ConflictRow[] };
}

export function IndicatorForm(props: IndicatorFormProps) {
  const { values, choices, error } = props;
  const { lang, t } = usePage();
  const invalid = new Set((error?.issues ?? []).map((issue) => inputOfIssue(issue.field)));
  const text = (value: LocalizedText) => textOf(value, lang);
  const id = (name: string) => `indicator-${name}`;
  const errors = fieldErrorsFrom(error, t, {
    inputOf: (issue) =>
      issue.field === "objectiveId" || issue.field === "activityId" ? "measures" : issue.field,
    // The texts in three languages keep the kit's ids; every other input is "indicator-<name>".
    idOf: (name) =>
      /^(name|unit)(\.|$)/.test(name)
        ? inputId(name)
        : id(name === "responsibleOrganizationId" ? "responsible" : name),
  });
  return (
    <FieldErrorsScope errors={errors}>
      {props.conflict ? <ConflictPanel version={props.conflict.version} rows={props.conflict.rows} /> : null}
      <form id="indicator-form" method="post" action={props.action} class="stacked">
        <ErrorSummary errors={errors} />
        {props.version !== undefined ? (
          <input type="hidden" name="version" value={String(props.version)} />
        ) : null}
        <div class="field">
          <label for={id("measures")}>{t("indicators.fields.measures")}</label>
          <select id={id("measures")} name="measures" required {...marksOf(errors, "measures").attrs}>
            <option value="">{t("indicators.choose")}</option>
            <optgroup label={t("indicators.objectivesGroup")}>
              {choices.objectives.map((objective) => (
                <option
                  value={`objective:${objective.id}`}
                  selected={values.measures === `objective:${objective.id}`}
                >
                  {t("indicators.groups.objective", {
                    n: objective.position + 1,
                    text: text(objective.text),
                  })}
                </option>
              ))}
            </optgroup>
            {choices.activities.length ? (
              <optgroup label={t("indicators.activitiesGroup")}>
                {choices.activities.map((activity) => (
                  <option
                    value={`activity:${activity.id}`}
                    selected={values.measures === `activity:${activity.id}`}
                  >
                    {text(activity.title)}
                  </option>
                ))}
              </optgroup>
            ) : null}
          </select>
          {marksOf(errors, "measures").note}
        </div>
        <LocalizedInputs
          name="name"
          label={t("indicators.fields.name")}
          value={values.name}
          required
          maxLength={MAX_NAME_LENGTH}
        />
        <LocalizedInputs
          name="unit"
          label={t("indicators.fields.unit")}
          value={values.unit}
          required
          maxLength={MAX_UNIT_LENGTH}
        />
        <Select
          id={id("direction")}
          name="direction"
          label={t("indicators.fields.direction")}
          value={values.direction}
          options={indicatorDirections.map((value) => ({
            value,
            label: t(`indicators.directions.${value}`),
          }))}
          invalid={invalid.has("direction")}
          required
          blank={t("indicators.choose")}
        />
        <Input
          id={id("baselineValue")}
          name="baselineValue"
          label={t("indicators.fields.baselineValue")}
          value={values.baselineValue}
          hint={t("indicators.hints.decimal")}
          invalid={invalid.has("baselineValue")}
        />
        <Input
          id={id("baselineOn")}
          name="baselineOn"
          type="date"
          label={t("indicators.fields.baselineOn")}
          value={values.baselineOn}
          invalid={invalid.has("baselineOn")}
        />
        <Input
          id={id("targetValue")}
          name="targetValue"
          label={t("indicators.fields.targetValue")}
          value={values.targetValue}
          hint={t("indicators.hints.target")}
          invalid={invalid.has("targetValue")}
        />
        <Input
          id={id("targetOn")}
          name="targetOn"
          type="date"
          label={t("indicators.fields.targetOn")}
          value={values.targetOn}
          invalid={invalid.has("targetOn")}
        />
        <Select
          id={id("frequency")}
          name="frequency"
          label={t("indicators.fields.frequency")}
          value={values.frequency}
          options={indicatorFrequencies.map((value) => ({
            value,
            label: t(`indicators.frequencies.${value}`),
          }))}
          invalid={invalid.has("frequency")}
          required
          blank={t("indicators.choose")}
        />
        <Select
          id={id("aggregation")}
          name="aggregation"
          label={t("indicators.fields.aggregation")}
          value={values.aggregation}
          options={indicatorAggregations.map((value) => ({
            value,
            label: t(`indicators.aggregations.${value}`),
          }))}
          invalid={invalid.has("aggregation")}
          required
          blank={t("indicators.choose")}
        />
        <Select
          id={id("responsible")}
          name="responsibleOrganizationId"
          label={t("indicators.fields.responsible")}
          value={values.responsibleOrganizationId}
          options={choices.parties.map((party) => ({ value: party.id, label: text(party.name) }))}
          invalid={invalid.has("responsibleOrganizationId")}
          required
          blank={t("indicators.choose")}
        />
        <div class="actions">
          <button type="submit" class="button">
            {props.submitLabel}
          </button>
          <a href={props.cancelHref}>{t("workspace.cancel")}</a>
        </div>
      </form>
    </FieldErrorsScope>
  );
}
