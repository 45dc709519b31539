import { joinList, type Translate } from "../shared/i18n.js";
import { type Language, type LocalizedText, languages } from "../shared/localized.js";
import { type ConflictRow, conflictValues } from "../web/conflict.js";
import type { AgreementFormState } from "./agreements.form.js";

/** Every language of a text on one line, each named in the reader's language: a conflict shows all of them. */
const everyLanguage = (t: Translate, value: LocalizedText) =>
  languages
    .filter((lang) => value[lang])
    .map((lang) => `${t(`languageNames.${lang}`)} : ${value[lang]}`)
    .join(" · ");

/** Field by field, the saved agreement beside the user's unsaved form, for the conflict panel. */
export function conflictRows({
  theirs,
  yours,
  t,
  lang,
  organizationName,
}: {
  theirs: AgreementFormState;
  yours: AgreementFormState;
  t: Translate;
  lang: Language;
  organizationName: (id: string) => string;
}): ConflictRow[] {
  const say = conflictValues("agreement", { lang, t });
  const partiesOf = (state: AgreementFormState) =>
    state.parties
      .filter((party) => party.organizationId)
      .map((party) => `${organizationName(party.organizationId)} (${t(`role.${party.role}`)})`)
      .join(", ");
  const scalar = (key: keyof AgreementFormState, label: string): ConflictRow => ({
    label,
    theirs: say(key, theirs[key] as string | undefined),
    yours: say(key, yours[key] as string | undefined),
  });
  const themesOf = (state: AgreementFormState) =>
    joinList(
      lang,
      state.themes.map((theme) => say("themes", theme)),
    );
  return [
    scalar("reference", t("agreement.reference")),
    scalar("kind", t("agreement.kind")),
    scalar("visibility", t("fields.visibility")),
    {
      label: t("fields.title"),
      theirs: everyLanguage(t, theirs.title),
      yours: everyLanguage(t, yours.title),
    },
    {
      label: t("agreement.summary"),
      theirs: everyLanguage(t, theirs.summary),
      yours: everyLanguage(t, yours.summary),
    },
    {
      label: t("agreement.parties"),
      theirs: partiesOf(theirs),
      yours: partiesOf(yours),
    },
    {
      label: t("agreement.objectives"),
      theirs: theirs.objectives
        .map((objective, index) => `${index + 1}. ${everyLanguage(t, objective.text)}`)
        .join("\n"),
      yours: yours.objectives
        .map((objective, index) => `${index + 1}. ${everyLanguage(t, objective.text)}`)
        .join("\n"),
    },
    { label: t("agreement.themes"), theirs: themesOf(theirs), yours: themesOf(yours) },
    scalar("signedOn", t("agreement.signedOn")),
    scalar("effectiveOn", t("agreement.effectiveOn")),
    scalar("expiresOn", t("agreement.expiresOn")),
    scalar("renewal", t("agreement.renewal")),
    scalar("renewalNoticeDays", t("fields.renewalNoticeDays")),
  ];
}
