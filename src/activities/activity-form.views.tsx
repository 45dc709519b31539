import { activityKinds, activityStatuses, targetGroups } from "../db/schema/index.js";
import type { AppError } from "../shared/errors.js";
import { type LocalizedText, textOf } from "../shared/localized.js";
import type { TerritoryRow } from "../territories/territories.service.js";
import { TerritoryPicker } from "../territories/territory-picker.views.js";
import { ConflictPanel, type ConflictRow } from "../web/conflict.js";
import { ErrorSummary, FieldErrorsScope, fieldErrorsFrom } from "../web/field-errors.js";
import { LocalizedInputs, Select } from "../web/forms.js";
import { usePage } from "../web/page-context.js";
import type { ActivityFormValues, PlanFormValues } from "./activities.form.js";
import { Checklist, DateField, TextField } from "./activity-inputs.views.js";

/** What an activity form offers to choose from: the agreement's own records, and the territories. */
export interface ActivityChoices {
  plans: { id: string; title: LocalizedText }[];
  parties: { id: string; name: LocalizedText }[];
  objectives: { id: string; text: LocalizedText }[];
  territories: TerritoryRow[];
  /** the agreement's own territories, offered first; undefined for a national agreement */
  agreementTerritoryCodes?: string[];
  documents: { id: string; title: LocalizedText; fileName: string }[];
}

export type Conflict = { version: number; rows: ConflictRow[] };

interface FormProps {
  values: ActivityFormValues;
  choices: ActivityChoices;
  invalid?: Set<string>;
}

/** The agreement's territories first (an activity usually happens there), the others folded. */
function useFirstTerritories(choices: ActivityChoices) {
  const { t } = usePage();
  return choices.agreementTerritoryCodes?.length
    ? {
        codes: choices.agreementTerritoryCodes,
        legend: t("pickers.territories.agreementTerritories"),
        othersLegend: t("pickers.territories.otherTerritories"),
      }
    : undefined;
}

/** What the staff plan. */
function PlannedFields({ values, choices, invalid }: FormProps) {
  const { lang, t } = usePage();
  const firstTerritories = useFirstTerritories(choices);
  return (
    <>
      <Select
        name="actionPlanId"
        label={t("activities.fields.actionPlan")}
        value={values.actionPlanId}
        options={choices.plans.map((plan) => ({ value: plan.id, label: textOf(plan.title, lang) }))}
        invalid={invalid?.has("actionPlanId")}
        required
        marked
        blank="—"
        blankUntilChosen
      />
      <Select
        name="kind"
        label={t("activities.fields.kind")}
        value={values.kind}
        options={activityKinds.map((kind) => ({ value: kind, label: t(`activities.kinds.${kind}`) }))}
        invalid={invalid?.has("kind")}
        required
        marked
        blank="—"
        blankUntilChosen
      />
      <LocalizedInputs
        name="title"
        label={t("activities.fields.title")}
        value={values.title}
        required
        maxLength={500}
      />
      <LocalizedInputs
        name="description"
        label={t("activities.fields.description")}
        value={values.description}
        multiline
        maxLength={8000}
      />
      <Select
        name="responsibleOrganizationId"
        label={t("activities.fields.responsible")}
        value={values.responsibleOrganizationId}
        options={choices.parties.map((party) => ({ value: party.id, label: textOf(party.name, lang) }))}
        invalid={invalid?.has("responsibleOrganizationId")}
        required
        marked
        blank="—"
        blankUntilChosen
      />
      {choices.objectives.length ? (
        <Checklist
          name="objectiveIds"
          legend={t("activities.fields.objectives")}
          options={choices.objectives.map((objective) => ({
            value: objective.id,
            label: textOf(objective.text, lang),
          }))}
          selected={values.objectiveIds}
        />
      ) : null}
      <Checklist
        name="targetGroups"
        legend={t("activities.fields.targetGroups")}
        options={targetGroups.map((group) => ({
          value: group,
          label: t(`activities.targetGroups.${group}`),
        }))}
        selected={values.targetGroups}
      />
      <TerritoryPicker
        name="territoryCodes"
        legend={t("activities.fields.territories")}
        hint={t("activities.hints.territories")}
        territories={choices.territories}
        selected={values.territoryCodes}
        withRegions
        first={firstTerritories}
      />
      <DateField
        name="plannedStart"
        label={t("activities.fields.plannedStart")}
        value={values.plannedStart}
        invalid={invalid}
      />
      <DateField
        name="plannedEnd"
        label={t("activities.fields.plannedEnd")}
        value={values.plannedEnd}
        invalid={invalid}
      />
      <TextField
        name="budgetPlanned"
        label={t("activities.fields.budgetPlanned")}
        value={values.budgetPlanned}
        hint={t("activities.hints.amount")}
        inputmode="decimal"
        invalid={invalid}
      />
    </>
  );
}

/** What the responsible party reports. */
function ProgressFields({ values, choices, invalid }: FormProps) {
  const { lang, t } = usePage();
  const firstTerritories = useFirstTerritories(choices);
  return (
    <>
      <Select
        name="status"
        label={t("activities.fields.status")}
        value={values.status}
        options={activityStatuses.map((status) => ({
          value: status,
          label: t(`activities.statuses.${status}`),
        }))}
        invalid={invalid?.has("status")}
        required
        marked
        blank="—"
        blankUntilChosen
      />
      <DateField
        name="actualStart"
        label={t("activities.fields.actualStart")}
        value={values.actualStart}
        invalid={invalid}
      />
      <DateField
        name="actualEnd"
        label={t("activities.fields.actualEnd")}
        value={values.actualEnd}
        invalid={invalid}
      />
      <TextField
        name="budgetSpent"
        label={t("activities.fields.budgetSpent")}
        value={values.budgetSpent}
        hint={t("activities.hints.amount")}
        inputmode="decimal"
        invalid={invalid}
      />
      <TextField
        name="participantCount"
        label={t("activities.fields.participantCount")}
        value={values.participantCount}
        hint={t("activities.hints.participantCount")}
        inputmode="numeric"
        invalid={invalid}
      />
      <TerritoryPicker
        name="attendance"
        legend={t("activities.fields.attendance")}
        hint={t("activities.hints.attendance")}
        territories={choices.territories}
        selected={values.attendance}
        withRegions={false}
        first={firstTerritories}
      />
      <LocalizedInputs
        name="deliverables"
        label={t("activities.fields.deliverables")}
        value={values.deliverables}
        multiline
        maxLength={8000}
      />
      {choices.documents.length ? (
        <Checklist
          name="documentIds"
          legend={t("activities.fields.documents")}
          options={choices.documents.map((doc) => ({
            value: doc.id,
            label: textOf(doc.title, lang) || doc.fileName,
          }))}
          selected={values.documentIds}
        />
      ) : (
        <p>{t("activities.form.noDocuments")}</p>
      )}
    </>
  );
}

export interface ActivityFormProps extends FormProps {
  /** new and edit: everything (the staff); report: the reported part only */
  mode: "new" | "edit" | "report";
  action: string;
  cancelHref: string;
  submitLabel: string;
  version?: number;
  error?: AppError;
  conflict?: Conflict;
}

export function ActivityForm(props: ActivityFormProps) {
  const { t } = usePage();
  const errors = fieldErrorsFrom(props.error, t);
  return (
    <FieldErrorsScope errors={errors}>
      {props.conflict ? <ConflictPanel version={props.conflict.version} rows={props.conflict.rows} /> : null}
      <ErrorSummary errors={errors} />
      <form method="post" action={props.action} class="stacked" id="activity-form">
        {props.version !== undefined ? (
          <input type="hidden" name="version" value={String(props.version)} />
        ) : null}
        {props.mode === "report" ? null : (
          <fieldset>
            <legend>{t("activities.form.plannedLegend")}</legend>
            <PlannedFields {...props} />
          </fieldset>
        )}
        <fieldset>
          <legend>{t("activities.form.progressLegend")}</legend>
          <ProgressFields {...props} />
        </fieldset>
        <div class="actions">
          <button type="submit" class="button">
            {props.submitLabel}
          </button>
          <a href={props.cancelHref}>{t("activities.form.cancel")}</a>
        </div>
      </form>
    </FieldErrorsScope>
  );
}

export function PlanForm(props: {
  action: string;
  cancelHref: string;
  submitLabel: string;
  values: PlanFormValues;
  version?: number;
  error?: AppError;
  conflict?: Conflict;
  invalid?: Set<string>;
}) {
  const { t } = usePage();
  const { values, invalid } = props;
  const errors = fieldErrorsFrom(props.error, t);
  return (
    <FieldErrorsScope errors={errors}>
      {props.conflict ? <ConflictPanel version={props.conflict.version} rows={props.conflict.rows} /> : null}
      <ErrorSummary errors={errors} />
      <form method="post" action={props.action} class="stacked" id="plan-form">
        {props.version !== undefined ? (
          <input type="hidden" name="version" value={String(props.version)} />
        ) : null}
        <LocalizedInputs
          name="title"
          label={t("activities.fields.planTitle")}
          value={values.title}
          required
          maxLength={300}
        />
        <DateField
          name="periodStart"
          label={t("activities.fields.periodStart")}
          value={values.periodStart}
          invalid={invalid}
        />
        <DateField
          name="periodEnd"
          label={t("activities.fields.periodEnd")}
          value={values.periodEnd}
          invalid={invalid}
        />
        <div class="actions">
          <button type="submit" class="button">
            {props.submitLabel}
          </button>
          <a href={props.cancelHref}>{t("activities.form.cancel")}</a>
        </div>
      </form>
    </FieldErrorsScope>
  );
}
