import type { Translate } from "../shared/i18n.js";
import { type Language, languages } from "../shared/localized.js";
import type { LanguageGaps } from "./completeness.js";

/** The open-data page's table: per language, how many public records are complete in it. */
export function TranslationCompleteness({ gaps, t }: { gaps: LanguageGaps; t: Translate }) {
  const percent = (lang: Language) =>
    gaps.records ? Math.floor(((gaps.records - gaps.incomplete[lang]) / gaps.records) * 100) : 100;
  return (
    <section aria-labelledby="translations-heading">
      <h2 id="translations-heading">{t("translations.openData.heading")}</h2>
      <p>{t("translations.openData.intro", { records: gaps.records })}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("translations.openData.language")}</th>
            <th scope="col">{t("translations.openData.complete")}</th>
            <th scope="col">{t("translations.openData.incomplete")}</th>
          </tr>
        </thead>
        <tbody>
          {languages.map((lang) => (
            <tr>
              <th scope="row">{t(`languages.${lang}`)}</th>
              <td>{t("translations.openData.percent", { percent: percent(lang) })}</td>
              <td>{gaps.incomplete[lang]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** One agreement on the portal: complete in the reader's language, or how many texts are not yet. */
export function AgreementTranslationState({
  missing,
  lang,
  t,
}: {
  missing: number;
  lang: Language;
  t: Translate;
}) {
  const language = t(`languageNames.${lang}`);
  return (
    <p class="translation-state">
      <small>
        {missing
          ? t("translations.portal.incomplete", { number: missing, language })
          : t("translations.portal.complete", { language })}
      </small>
    </p>
  );
}

/** The dashboard's line: the public records not yet in each language. */
export function TranslationGapsLine({ gaps, t }: { gaps: LanguageGaps; t: Translate }) {
  return <p class="translation-gaps">{t("translations.dashboard.line", gaps.incomplete)}</p>;
}
