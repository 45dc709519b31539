import { type ActionStatus, actionStatuses } from "../db/schema/index.js";
import type { AppError } from "../shared/errors.js";
import { formatDate } from "../shared/i18n.js";
import { type LocalizedText, textOf } from "../shared/localized.js";
import { Localized, TableScroll } from "../web/components.js";
import { ConflictPanel, type ConflictRow } from "../web/conflict.js";
import { ErrorSummary, FieldErrorsScope, marksOf, useFieldError } from "../web/field-errors.js";
import { LocalizedInputs, Select } from "../web/forms.js";
import { usePage } from "../web/page-context.js";
import type { OrganizationOption, PersonOption } from "./meetings.choices.js";
import { MAX_ACTION_LENGTH } from "./meetings.input.js";
import { workspacePath } from "./meetings.paths.js";
import type { ActionItem } from "./meetings.presenter.js";
import { CommitteeFormErrors, committeeErrors, fieldHeading, invalidFields } from "./meetings.views.js";

/** An action's form as the person filled it in. */
export interface ActionFormValues {
  description: LocalizedText;
  ownerOrganizationId?: string;
  ownerUserId?: string;
  dueOn?: string;
  status?: string;
  doneOn?: string;
  decisionId?: string;
}

export const actionFormValuesOf = (action: ActionItem): ActionFormValues => ({
  description: { ...action.description },
  ownerOrganizationId: action.ownerOrganizationId,
  ownerUserId: action.ownerUserId ?? undefined,
  dueOn: action.dueOn,
  status: action.status,
  doneOn: action.doneOn ?? undefined,
  decisionId: action.decisionId ?? undefined,
});

/** The due date, with "overdue" said in words (not only by colour). */
export function DueDate({ action }: { action: ActionItem }) {
  const { lang, t } = usePage();
  return (
    <>
      <time datetime={action.dueOn}>{formatDate(lang, action.dueOn)}</time>
      {action.overdue ? (
        <>
          {" "}
          <strong class="badge overdue">{t("meetings.actions.overdue")}</strong>
        </>
      ) : null}
    </>
  );
}

export function ActionOwner({ action }: { action: ActionItem }) {
  return (
    <>
      <Localized value={action.ownerOrganization.name} />
      {action.ownerUser ? (
        <>
          <br />
          <small dir="auto">{action.ownerUser.name}</small>
        </>
      ) : null}
    </>
  );
}

/** Actions as a table, each linking to its page (where its status is updated). */
function ActionTableRows({ actions, caption }: { actions: ActionItem[]; caption: string }) {
  const { lang, t } = usePage();
  return (
    <table class="data">
      <caption class="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{fieldHeading(t, "description")}</th>
          <th scope="col">{fieldHeading(t, "ownerOrganizationId")}</th>
          <th scope="col">{fieldHeading(t, "dueOn")}</th>
          <th scope="col">{fieldHeading(t, "status")}</th>
        </tr>
      </thead>
      <tbody>
        {actions.map((action) => (
          <tr>
            <td>
              <a href={workspacePath(lang, `/actions/${action.id}`)}>
                <Localized value={action.description} />
              </a>
            </td>
            <td>
              <ActionOwner action={action} />
            </td>
            <td>
              <DueDate action={action} />
            </td>
            <td>{t(`meetings.actionStatus.${action.status}`)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The fields of an action: on its own form (`prefix` "") or within a decision's form
 * (`prefix` "action.", ids apart so that both never clash on a page).
 */
export function ActionFields({
  values,
  parties,
  people,
  prefix = "",
  required = true,
  error,
}: {
  values: ActionFormValues;
  parties: OrganizationOption[];
  people: PersonOption[];
  prefix?: string;
  required?: boolean;
  error?: AppError;
}) {
  const { lang, t } = usePage();
  const invalid = invalidFields(error);
  const id = (name: string) => `${prefix ? "decision-" : ""}action-${name}`;
  const due = useFieldError(`${prefix}dueOn`);
  const star = required ? <span aria-hidden="true"> *</span> : null;
  const organizationName = new Map(parties.map((party) => [party.id, textOf(party.name, lang, "—")]));
  return (
    <>
      <LocalizedInputs
        name={`${prefix}description`}
        label={fieldHeading(t, "description")}
        value={values.description}
        multiline
        required={required}
        maxLength={MAX_ACTION_LENGTH}
      />
      <Select
        id={id("owner")}
        name={`${prefix}ownerOrganizationId`}
        label={fieldHeading(t, "ownerOrganizationId")}
        marked={required}
        required={required}
        invalid={invalid.has(`${prefix}ownerOrganizationId`)}
        blank="—"
        value={values.ownerOrganizationId}
        options={parties.map((party) => ({ value: party.id, label: textOf(party.name, lang, "—") }))}
      />
      <Select
        id={id("person")}
        name={`${prefix}ownerUserId`}
        label={fieldHeading(t, "ownerUserId")}
        describedBy={id("person-hint")}
        invalid={invalid.has(`${prefix}ownerUserId`)}
        blank="—"
        value={values.ownerUserId}
        options={people.map((person) => ({
          value: person.id,
          label: (
            <>
              {person.name} (
              {person.organizationId
                ? (organizationName.get(person.organizationId) ?? "—")
                : t("meetings.actions.staffPerson")}
              )
            </>
          ),
        }))}
      >
        {" "}
        <small id={id("person-hint")}>{t("meetings.actions.personHint")}</small>
      </Select>
      <div class="field">
        <label for={id("due")}>
          {fieldHeading(t, "dueOn")}
          {star}
        </label>
        <input
          id={id("due")}
          name={`${prefix}dueOn`}
          type="date"
          required={required}
          value={values.dueOn ?? ""}
          {...due.attrs}
        />
        {due.note}
      </div>
    </>
  );
}

function StatusSelect({ id, value, invalid }: { id: string; value: string | undefined; invalid: boolean }) {
  const { t } = usePage();
  return (
    <Select
      id={id}
      name="status"
      label={fieldHeading(t, "status")}
      invalid={invalid}
      value={value ?? "open"}
      options={actionStatuses.map((status) => ({
        value: status,
        label: t(`meetings.actionStatus.${status}`),
      }))}
    />
  );
}

export interface ActionFormProps {
  action: string;
  cancelHref: string;
  values: ActionFormValues;
  parties: OrganizationOption[];
  people: PersonOption[];
  /** the version the edit is made on; absent on creation */
  version?: number;
  error?: AppError;
  conflict?: { version: number; rows: ConflictRow[] };
  submitLabel: string;
}

/** The ids of an action's inputs, for the error summary's links (a decision's action: "decision-action-…"). */
export const actionFieldIds: Record<string, string> = {
  ownerOrganizationId: "action-owner",
  ownerUserId: "action-person",
  dueOn: "action-due",
  status: "action-status",
  doneOn: "action-doneOn",
  "action.ownerOrganizationId": "decision-action-owner",
  "action.ownerUserId": "decision-action-person",
  "action.dueOn": "decision-action-due",
};

/** Every field of an action (staff). */
export function ActionForm(props: ActionFormProps) {
  const { values } = props;
  const { t } = usePage();
  const invalid = invalidFields(props.error);
  const errors = committeeErrors(props.error, t, actionFieldIds);
  return (
    <>
      {props.conflict ? <ConflictPanel version={props.conflict.version} rows={props.conflict.rows} /> : null}
      <ErrorSummary errors={errors} />
      <FieldErrorsScope errors={errors}>
        <form method="post" action={props.action} class="stacked">
          {props.version !== undefined ? (
            <input type="hidden" name="version" value={String(props.version)} />
          ) : null}
          {values.decisionId ? <input type="hidden" name="decisionId" value={values.decisionId} /> : null}
          <ActionFields values={values} parties={props.parties} people={props.people} error={props.error} />
          <StatusSelect id="action-status" value={values.status} invalid={invalid.has("status")} />
          <div class="field">
            <label for="action-doneOn">{fieldHeading(t, "doneOn")}</label>
            <input
              id="action-doneOn"
              name="doneOn"
              type="date"
              value={values.doneOn ?? ""}
              {...marksOf(errors, "doneOn", "action-doneOn-hint").attrs}
            />{" "}
            <small id="action-doneOn-hint">{t("meetings.actions.doneOnHint")}</small>
            {marksOf(errors, "doneOn").note}
          </div>
          <div class="actions">
            <button type="submit" class="button">
              {props.submitLabel}
            </button>
            <a href={props.cancelHref}>{t("workspace.cancel")}</a>
          </div>
        </form>
      </FieldErrorsScope>
    </>
  );
}

/** The status alone: what the owning organisation's focal point updates (the staff too). */
export function ActionStatusForm({
  actionId,
  status,
  version,
  error,
  conflict,
}: {
  actionId: string;
  status: ActionStatus | string | undefined;
  version: number;
  error?: AppError;
  conflict?: { version: number; rows: ConflictRow[] };
}) {
  const { lang, t } = usePage();
  return (
    <>
      {conflict ? <ConflictPanel version={conflict.version} rows={conflict.rows} /> : null}
      <CommitteeFormErrors error={error} />
      <form method="post" action={workspacePath(lang, `/actions/${actionId}/status`)} class="stacked">
        <input type="hidden" name="version" value={String(version)} />
        <StatusSelect id="action-status-only" value={status} invalid={Boolean(error)} />
        <p>
          <small>{t("meetings.actions.statusHint")}</small>
        </p>
        <button type="submit" class="button">
          {t("meetings.actions.updateStatus")}
        </button>
      </form>
    </>
  );
}

/** ActionTable, in its own scrolling box: a wide table scrolls sideways on a phone, not the page. */
export function ActionTable(props: Parameters<typeof ActionTableRows>[0]) {
  return (
    <TableScroll label={props.caption}>
      <ActionTableRows {...props} />
    </TableScroll>
  );
}
