import type { UserRole } from "../db/schema/index.js";
import { userRoles } from "../db/schema/index.js";
import { AppError } from "../shared/errors.js";
import { catalogues, joinList, type Translate } from "../shared/i18n.js";
import { type Language, languages } from "../shared/localized.js";
import { FilterFold, TableScroll } from "../web/components.js";
import type { ConflictRow } from "../web/conflict.js";
import {
  ErrorSummary,
  FieldErrorsScope,
  fieldErrorsFrom,
  marksOf,
  useFieldError,
} from "../web/field-errors.js";
import { FilterButtons, FilterChoice, SelectControl } from "../web/forms.js";
import { usePage } from "../web/page-context.js";
import { type UserListFilter, userStates } from "./users.input.js";
import type { UserRow } from "./users.service.js";

/** An organisation or a territory as the forms offer it: its id or code, and its name in the page's language. */
export interface ScopeOption {
  value: string;
  label: string;
}

export interface ScopeChoices {
  organizations: ScopeOption[];
  territories: ScopeOption[];
}

/** What the account form shows: a saved account, or what the administrator typed. */
export interface UserFormValues {
  email?: string;
  name?: string;
  role?: string;
  organizationId?: string | null;
  territoryCode?: string | null;
  locale?: string;
  /** the translator permission's languages */
  translates?: readonly string[];
  active?: boolean;
  version?: number;
}

/**
 * The accounts module refuses some values for reasons the shared `reasons.` catalogue has no
 * words for (an email already in use, an administrator demoting themselves): say those in the
 * page's language from this module's own catalogue.
 */
export function withUserReasons(error: AppError, lang: Language): AppError {
  const shared = (catalogues[lang].reasons ?? {}) as Record<string, unknown>;
  const own = ((catalogues[lang].users as Record<string, unknown>).reasons ?? {}) as Record<string, string>;
  const issues = error.issues.map((issue) =>
    issue.reason && !(issue.reason in shared) && own[issue.reason]
      ? { field: issue.field, message: own[issue.reason] as string }
      : issue,
  );
  return new AppError(error.code, error.message, { issues });
}

export function scopeLabel(user: UserRow, choices: ScopeChoices): string {
  if (user.organizationId)
    return choices.organizations.find((o) => o.value === user.organizationId)?.label ?? user.organizationId;
  if (user.territoryCode)
    return choices.territories.find((o) => o.value === user.territoryCode)?.label ?? user.territoryCode;
  return "—";
}

/** The accounts list's filters: a plain GET form, so a filtered list has an address. */
export function UserFilters({ filter }: { filter: UserListFilter }) {
  const { lang, t } = usePage();
  const action = `/${lang}/workspace/users`;
  return (
    <search>
      <FilterFold>
        <form class="filters inline" method="get" action={action} aria-label={t("users.filters.label")}>
          <label>
            {t("users.filters.q")}
            <input name="q" type="search" value={filter.q ?? ""} maxlength={200} />
          </label>
          <FilterChoice
            name="role"
            label={t("users.filters.role")}
            values={userRoles}
            selected={filter.role}
            labelKey="roles"
          />
          <FilterChoice
            name="state"
            label={t("users.filters.state")}
            values={userStates}
            selected={filter.state}
            labelKey="users.state"
          />
          <FilterButtons resetHref={action} />
        </form>
      </FilterFold>
    </search>
  );
}

/** A language (an account's locale, a translator's language) named in the reader's language. */
const languageName = (t: Translate, code: string) => t(`languageNames.${code}`, { defaultValue: code });

/** The languages a translator translates into, named in the reader's language; "—" for none. */
function languageNames(lang: Language, t: Translate, codes?: readonly string[]): string {
  return codes?.length
    ? joinList(
        lang,
        codes.map((code) => languageName(t, code)),
      )
    : "—";
}

export function UserTable({ users, choices }: { users: UserRow[]; choices: ScopeChoices }) {
  const { lang, t } = usePage();
  if (!users.length) return <p>{t("users.empty")}</p>;
  return (
    <TableScroll label={t("workspace.nav.users")}>
      <table class="data">
        <thead>
          <tr>
            <th scope="col">{t("users.columns.name")}</th>
            <th scope="col">{t("users.columns.email")}</th>
            <th scope="col">{t("users.columns.role")}</th>
            <th scope="col">{t("users.columns.scope")}</th>
            <th scope="col">{t("users.columns.translates")}</th>
            <th scope="col">{t("users.columns.active")}</th>
            <th scope="col">{t("users.columns.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr>
              <td>{user.name}</td>
              <td dir="ltr">{user.email}</td>
              <td>{t(`roles.${user.role}`)}</td>
              <td>{scopeLabel(user, choices)}</td>
              <td>{languageNames(lang, t, user.translates)}</td>
              <td>{user.active ? t("users.state.active") : t("users.state.inactive")}</td>
              <td>
                <a
                  href={`/${lang}/workspace/users/${user.id}/edit`}
                  aria-label={t("users.edit", { name: user.name })}
                >
                  {t("workspace.edit")}
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** The account form's selects sit in a stacked form without field boxes: label, control, hint. */
function ScopeSelect({
  id,
  label,
  hint,
  options,
  value,
  blank,
}: {
  id: string;
  label: string;
  hint?: string;
  options: ScopeOption[];
  value?: string | null;
  blank?: string;
}) {
  return (
    <>
      <label for={id}>{label}</label>
      <SelectControl
        id={id}
        name={id}
        options={options}
        value={value}
        blank={blank}
        describedBy={hint ? `${id}-hint` : undefined}
      />
      {hint ? <small id={`${id}-hint`}>{hint}</small> : null}
      {useFieldError(id).note}
    </>
  );
}

/** The account form: creation (with the email) or edition (with the state and the version it started from). */
export function UserForm({
  action,
  mode,
  values,
  choices,
  error,
}: {
  action: string;
  mode: "create" | "edit";
  values: UserFormValues;
  choices: ScopeChoices;
  error?: AppError;
}) {
  const { lang, t } = usePage();
  const roleOptions = userRoles.map((role: UserRole) => ({ value: role, label: t(`roles.${role}`) }));
  const languageOptions = languages.map((code) => ({ value: code, label: t(`languages.${code}`) }));
  const errors = fieldErrorsFrom(error ? withUserReasons(error, lang) : undefined, t);
  return (
    <>
      <ErrorSummary errors={errors} />
      <FieldErrorsScope errors={errors}>
        <form method="post" action={action} class="stacked">
          {mode === "edit" ? (
            <input type="hidden" name="version" value={String(values.version ?? "")} />
          ) : null}
          {mode === "create" ? (
            <>
              <label for="email">{t("users.labels.email")}</label>
              <input
                id="email"
                name="email"
                type="email"
                required
                maxlength={254}
                autocomplete="off"
                dir="ltr"
                value={values.email ?? ""}
                {...marksOf(errors, "email").attrs}
              />
              {marksOf(errors, "email").note}
            </>
          ) : null}
          <label for="name">{t("users.labels.name")}</label>
          <input
            id="name"
            name="name"
            required
            maxlength={200}
            autocomplete="off"
            value={values.name ?? ""}
            {...marksOf(errors, "name").attrs}
          />
          {marksOf(errors, "name").note}
          <ScopeSelect
            id="role"
            label={t("users.labels.role")}
            options={roleOptions}
            value={values.role ?? "viewer"}
          />
          <ScopeSelect
            id="organizationId"
            label={t("users.labels.organization")}
            hint={t("users.hints.organization")}
            options={choices.organizations}
            value={values.organizationId}
            blank={t("users.none")}
          />
          <ScopeSelect
            id="territoryCode"
            label={t("users.labels.territory")}
            hint={t("users.hints.territory")}
            options={choices.territories}
            value={values.territoryCode}
            blank={t("users.none")}
          />
          <ScopeSelect
            id="locale"
            label={t("users.labels.locale")}
            options={languageOptions}
            value={values.locale ?? lang}
          />
          <fieldset class="checkbox-group" {...marksOf(errors, "translates", "translates-hint").attrs}>
            <legend>{t("users.labels.translates")}</legend>
            {languages.map((code) => (
              <label>
                <input
                  type="checkbox"
                  name="translates"
                  value={code}
                  checked={values.translates?.includes(code) ?? false}
                />{" "}
                <span lang={code}>{t(`languages.${code}`)}</span>
              </label>
            ))}
            <small id="translates-hint">{t("users.hints.translates")}</small>
            {marksOf(errors, "translates").note}
          </fieldset>
          {mode === "edit" ? (
            <>
              <div class="field">
                <label for="active">
                  <input
                    id="active"
                    name="active"
                    type="checkbox"
                    value="on"
                    checked={values.active ?? false}
                    aria-describedby="active-hint"
                  />{" "}
                  {t("users.labels.active")}
                </label>
              </div>
              <small id="active-hint">{t("users.hints.active")}</small>
            </>
          ) : null}
          <button type="submit" class="button">
            {mode === "create" ? t("users.create") : t("users.save")}
          </button>
        </form>
      </FieldErrorsScope>
    </>
  );
}

/** The saved account beside the refused edit, for the conflict panel. */
export function conflictRows(
  lang: Language,
  t: Translate,
  saved: UserRow,
  yours: UserFormValues,
  choices: ScopeChoices,
): ConflictRow[] {
  const optionLabel = (list: ScopeOption[], value?: string | null) =>
    value ? (list.find((o) => o.value === value)?.label ?? value) : "—";
  const state = (active?: boolean) => (active ? t("users.state.active") : t("users.state.inactive"));
  const language = (code?: string) => (code ? languageName(t, code) : "—");
  return [
    { label: t("users.labels.name"), theirs: saved.name, yours: yours.name ?? "" },
    {
      label: t("users.labels.role"),
      theirs: t(`roles.${saved.role}`),
      yours: yours.role ? t(`roles.${yours.role}`, { defaultValue: yours.role }) : "—",
    },
    {
      label: t("users.labels.organization"),
      theirs: optionLabel(choices.organizations, saved.organizationId),
      yours: optionLabel(choices.organizations, yours.organizationId),
    },
    {
      label: t("users.labels.territory"),
      theirs: optionLabel(choices.territories, saved.territoryCode),
      yours: optionLabel(choices.territories, yours.territoryCode),
    },
    { label: t("users.labels.locale"), theirs: language(saved.locale), yours: language(yours.locale) },
    {
      label: t("users.labels.translates"),
      theirs: languageNames(lang, t, saved.translates),
      yours: languageNames(lang, t, yours.translates),
    },
    { label: t("users.columns.active"), theirs: state(saved.active), yours: state(yours.active) },
  ];
}
