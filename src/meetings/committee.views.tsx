import { committeeRoles } from "../db/schema/index.js";
import type { AppError } from "../shared/errors.js";
import type { Translate } from "../shared/i18n.js";
import { type Language, textOf } from "../shared/localized.js";
import { Localized, TableScroll } from "../web/components.js";
import { ConflictPanel, type ConflictRow, conflictValues } from "../web/conflict.js";
import { ErrorSummary, FieldErrorsScope, marksOf } from "../web/field-errors.js";
import { Select } from "../web/forms.js";
import { usePage } from "../web/page-context.js";
import type { OrganizationOption } from "./meetings.choices.js";
import { MAX_NAME_LENGTH, MAX_POSITION } from "./meetings.input.js";
import { workspacePath } from "./meetings.paths.js";
import type { MemberItem } from "./meetings.presenter.js";
import { committeeErrors, fieldHeading, invalidFields } from "./meetings.views.js";

/** The member form as the person filled it in. */
export interface MemberFormValues {
  fullName?: string;
  organizationId?: string;
  role?: string;
  position?: string;
}

export const memberFormValuesOf = (member: MemberItem): MemberFormValues => ({
  fullName: member.fullName,
  organizationId: member.organizationId ?? undefined,
  role: member.role,
  position: String(member.position),
});

/** Their saved member against the person's unsaved form, field by field. */
export function memberConflictRows(
  lang: Language,
  t: Translate,
  theirs: MemberFormValues,
  yours: MemberFormValues,
  parties: OrganizationOption[],
): ConflictRow[] {
  const party = (id: string | undefined) =>
    id ? textOf(parties.find((option) => option.id === id)?.name, lang, "—") : "—";
  const say = conflictValues("committee_member", { lang, t });
  const role = (value: string | undefined) => say("role", value);
  return [
    { label: fieldHeading(t, "fullName"), theirs: theirs.fullName ?? "—", yours: yours.fullName ?? "—" },
    {
      label: t("meetings.members.organization"),
      theirs: party(theirs.organizationId),
      yours: party(yours.organizationId),
    },
    { label: fieldHeading(t, "role"), theirs: role(theirs.role), yours: role(yours.role) },
    { label: t("meetings.fields.position"), theirs: theirs.position ?? "—", yours: yours.position ?? "—" },
  ];
}

/** Adding or changing a committee member (staff); a change carries the version it was opened on. */
export function MemberForm({
  action,
  cancelHref,
  values,
  parties,
  version,
  error,
  conflict,
  submitLabel,
}: {
  action: string;
  cancelHref: string;
  values: MemberFormValues;
  parties: OrganizationOption[];
  version?: number;
  error?: AppError;
  conflict?: { version: number; rows: ConflictRow[] };
  submitLabel: string;
}) {
  const { lang, t } = usePage();
  const invalid = invalidFields(error);
  const errors = committeeErrors(error, t, {
    fullName: "member-fullName",
    organizationId: "member-organizationId",
    role: "member-role",
    position: "member-position",
  });
  return (
    <>
      {conflict ? <ConflictPanel version={conflict.version} rows={conflict.rows} /> : null}
      <ErrorSummary errors={errors} />
      <FieldErrorsScope errors={errors}>
        <form method="post" action={action} class="stacked">
          {version !== undefined ? <input type="hidden" name="version" value={String(version)} /> : null}
          <div class="field">
            <label for="member-fullName">
              {fieldHeading(t, "fullName")}
              <span aria-hidden="true"> *</span>
            </label>
            <input
              id="member-fullName"
              name="fullName"
              required
              dir="auto"
              maxlength={MAX_NAME_LENGTH}
              value={values.fullName ?? ""}
              {...marksOf(errors, "fullName").attrs}
            />
            {marksOf(errors, "fullName").note}
          </div>
          <Select
            id="member-organizationId"
            name="organizationId"
            label={t("meetings.members.organization")}
            invalid={invalid.has("organizationId")}
            blank={t("meetings.members.noOrganization")}
            value={values.organizationId}
            options={parties.map((party) => ({ value: party.id, label: textOf(party.name, lang, "—") }))}
          />
          <Select
            id="member-role"
            name="role"
            label={fieldHeading(t, "role")}
            invalid={invalid.has("role")}
            value={values.role ?? "member"}
            options={committeeRoles.map((role) => ({ value: role, label: t(`meetings.roles.${role}`) }))}
          />
          <div class="field">
            <label for="member-position">{t("meetings.fields.position")}</label>
            <input
              id="member-position"
              name="position"
              type="number"
              min={0}
              max={MAX_POSITION}
              step={1}
              value={values.position ?? ""}
              {...marksOf(errors, "position", "member-position-hint").attrs}
            />{" "}
            <small id="member-position-hint">{t("meetings.members.positionHint")}</small>
            {marksOf(errors, "position").note}
          </div>
          <div class="actions">
            <button type="submit" class="button">
              {submitLabel}
            </button>
            <a href={cancelHref}>{t("workspace.cancel")}</a>
          </div>
        </form>
      </FieldErrorsScope>
    </>
  );
}

/** The committee as a table; the staff get a way to change or remove each member. */
function MemberTableRows({ members, canManage }: { members: MemberItem[]; canManage: boolean }) {
  const { lang, t } = usePage();
  if (!members.length) return <p>{t("meetings.members.none")}</p>;
  return (
    <table class="data">
      <caption class="visually-hidden">{t("meetings.members.heading")}</caption>
      <thead>
        <tr>
          <th scope="col">{fieldHeading(t, "fullName")}</th>
          <th scope="col">{t("meetings.members.organization")}</th>
          <th scope="col">{fieldHeading(t, "role")}</th>
          {canManage ? <th scope="col">{t("workspace.actions")}</th> : null}
        </tr>
      </thead>
      <tbody>
        {members.map((member) => (
          <tr>
            <td dir="auto">{member.fullName}</td>
            <td>{member.organization ? <Localized value={member.organization.name} /> : "—"}</td>
            <td>{t(`meetings.roles.${member.role}`)}</td>
            {canManage ? (
              <td>
                <div class="actions">
                  <a href={workspacePath(lang, `/committee-members/${member.id}/edit`)}>
                    {t("workspace.edit")}
                    <span class="visually-hidden"> {member.fullName}</span>
                  </a>
                  <a href={workspacePath(lang, `/committee-members/${member.id}/delete`)}>
                    {t("meetings.members.remove")}
                    <span class="visually-hidden"> {member.fullName}</span>
                  </a>
                </div>
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** MemberTable, in its own scrolling box: a wide table scrolls sideways on a phone, not the page. */
export function MemberTable(props: Parameters<typeof MemberTableRows>[0]) {
  const { t } = usePage();
  if (!props.members.length) return <MemberTableRows {...props} />;
  return (
    <TableScroll label={t("meetings.members.heading")}>
      <MemberTableRows {...props} />
    </TableScroll>
  );
}
