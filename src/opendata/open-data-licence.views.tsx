import type { AppError } from "../shared/errors.js";
import type { Translate } from "../shared/i18n.js";
import type { Language } from "../shared/localized.js";
import { ErrorSummary, fieldErrorsFrom, marksOf } from "../web/field-errors.js";
import { Notice } from "../web/page.js";
import { type OpenDataLicenceId, openDataLicenceIds, openDataLicences } from "./open-data.queries.js";

export const licencePagePath = (lang: Language) => `/${lang}/workspace/open-data/licence`;

/** /{lang}/workspace/open-data/licence: the administrator chooses the open data's licence among common open ones. */
export function LicencePage({
  lang,
  t,
  chosen,
  current,
  error,
  notice,
}: {
  lang: Language;
  t: Translate;
  /** the choice the form shows as made */
  chosen: OpenDataLicenceId | undefined;
  /** the licence published now, by name */
  current: string;
  error?: AppError;
  notice?: string;
}) {
  const errors = fieldErrorsFrom(error, t);
  const marks = marksOf(errors, "licence");
  return (
    <>
      <h1>{t("spreadsheets.licenceForm.title")}</h1>
      <p>{t("spreadsheets.licenceForm.intro", { licence: current })}</p>
      <Notice text={notice} />
      <ErrorSummary errors={errors} />
      <form method="post" action={licencePagePath(lang)} class="stacked">
        <fieldset
          id="licence"
          aria-describedby={marks.attrs["aria-describedby"]}
          aria-invalid={marks.attrs["aria-invalid"]}
        >
          <legend>{t("spreadsheets.licenceForm.legend")}</legend>
          {marks.note}
          {openDataLicenceIds.map((id) => (
            <div>
              <input
                type="radio"
                id={`licence-${id}`}
                name="licence"
                value={id}
                checked={chosen === id}
                required
              />{" "}
              <label for={`licence-${id}`}>
                {openDataLicences[id].name} — {t(`spreadsheets.licenceForm.meaning.${id}`)}
              </label>{" "}
              <a href={openDataLicences[id].url} dir="ltr">
                {t("spreadsheets.licenceForm.read")}
              </a>
            </div>
          ))}
        </fieldset>
        <button type="submit">{t("spreadsheets.licenceForm.save")}</button>
      </form>
      <p>
        <a href={`/${lang}/open-data`}>{t("spreadsheets.licenceForm.publicPage")}</a>
      </p>
    </>
  );
}
