import type { Translate } from "../shared/i18n.js";
import type { LocalizedText } from "../shared/localized.js";
import type { ConflictRow } from "../web/conflict.js";
import type { AgreementFormState } from "./agreements.form.js";

/** Every language of a text on one line: a conflict shows all of them, not only the page's. */
const everyLanguage = (value: LocalizedText) =>
  (["ar", "fr", "en"] as const)
    .filter((lang) => value[lang])
    .map((lang) => `${lang}: ${value[lang]}`)
    .join(" · ");

/** Field by field, the saved agreement beside the user's unsaved form, for the conflict panel. */
export function conflictRows({
  theirs,
  yours,
  t,
  organizationName,
}: {
  theirs: AgreementFormState;
  yours: AgreementFormState;
  t: Translate;
  organizationName: (id: string) => string;
}): ConflictRow[] {
  const partiesOf = (state: AgreementFormState) =>
    state.parties
      .filter((party) => party.organizationId)
      .map((party) => `${organizationName(party.organizationId)} (${t(`role.${party.role}`)})`)
      .join(", ");
  const scalar = (key: keyof AgreementFormState, label: string): ConflictRow => ({
    label,
    theirs: String(theirs[key] ?? ""),
    yours: String(yours[key] ?? ""),
  });
  return [
    scalar("reference", t("agreement.reference")),
    scalar("kind", t("agreement.kind")),
    scalar("visibility", t("fields.visibility")),
    { label: t("fields.title"), theirs: everyLanguage(theirs.title), yours: everyLanguage(yours.title) },
    {
      label: t("agreement.summary"),
      theirs: everyLanguage(theirs.summary),
      yours: everyLanguage(yours.summary),
    },
    {
      label: t("agreement.parties"),
      theirs: partiesOf(theirs),
      yours: partiesOf(yours),
    },
    {
      label: t("agreement.objectives"),
      theirs: theirs.objectives
        .map((objective, index) => `${index + 1}. ${everyLanguage(objective.text)}`)
        .join("\n"),
      yours: yours.objectives
        .map((objective, index) => `${index + 1}. ${everyLanguage(objective.text)}`)
        .join("\n"),
    },
    { label: t("agreement.themes"), theirs: theirs.themes.join(", "), yours: yours.themes.join(", ") },
    scalar("signedOn", t("agreement.signedOn")),
    scalar("effectiveOn", t("agreement.effectiveOn")),
    scalar("expiresOn", t("agreement.expiresOn")),
    scalar("renewal", t("agreement.renewal")),
    scalar("renewalNoticeDays", t("fields.renewalNoticeDays")),
  ];
}
