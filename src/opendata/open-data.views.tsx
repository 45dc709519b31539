import type { Translate } from "../shared/i18n.js";
import type { Language } from "../shared/localized.js";
import { dictionaryOf } from "../spreadsheets/spreadsheet-dictionary.js";
import type { SheetLayout, SpreadsheetColumn } from "../spreadsheets/spreadsheet-layout.js";
import type { LanguageGaps } from "../translations/completeness.js";
import { TranslationCompleteness } from "../translations/completeness.views.js";
import { TableScroll } from "../web/components.js";
import { Page } from "../web/layout.js";
import type { OpenDataLicence } from "./open-data.queries.js";

export interface OpenDataPageProps {
  lang: Language;
  t: Translate;
  licence: OpenDataLicence;
  /** the public records with a text missing in each language */
  gaps: LanguageGaps;
  /** the last public change, formatted; undefined before any */
  dataDate: string | undefined;
  sheets: { sheet: SheetLayout; columns: SpreadsheetColumn[]; csv: string }[];
  workbook: string;
  json: string;
  /** the IATI file, when IATI publishing is configured */
  iati: string | undefined;
}

/** /{lang}/open-data: the public registry's downloads, its licence and date, and its data dictionary. */
export function OpenDataPage({
  lang,
  t,
  gaps,
  licence,
  dataDate,
  sheets,
  workbook,
  json,
  iati,
}: OpenDataPageProps) {
  return (
    <Page lang={lang} t={t} title={t("spreadsheets.openData.title")} section="none" here="/open-data">
      <h1>{t("spreadsheets.openData.title")}</h1>
      <p>{t("spreadsheets.openData.intro")}</p>
      <dl class="facts">
        <dt>{t("spreadsheets.openData.licence")}</dt>
        <dd>
          <a href={licence.url} rel="license">
            {licence.name}
          </a>
        </dd>
        <dt>{t("spreadsheets.openData.dataDate")}</dt>
        <dd>
          {dataDate
            ? t("spreadsheets.openData.dataDateText", { date: dataDate })
            : t("spreadsheets.openData.noData")}
        </dd>
      </dl>
      <section aria-labelledby="downloads-heading">
        <h2 id="downloads-heading">{t("spreadsheets.openData.downloads")}</h2>
        <ul>
          <li>
            <a href={workbook} download>
              {t("spreadsheets.openData.workbook")}
            </a>{" "}
            (XLSX)
          </li>
          <li>
            <a href={json} download>
              {t("spreadsheets.openData.json")}
            </a>{" "}
            (JSON)
          </li>
          {iati ? (
            <li>
              <a href={iati} download>
                {t("spreadsheets.openData.iati")}
              </a>
            </li>
          ) : null}
        </ul>
        <h3>{t("spreadsheets.openData.csvHeading")}</h3>
        <ul>
          {sheets.map(({ sheet, csv }) => (
            <li>
              <a href={csv} download>
                {sheet.label[lang]}
              </a>{" "}
              (<code>{sheet.key}.csv</code>)
            </li>
          ))}
        </ul>
        {dataDate ? <p>{t("spreadsheets.openData.filesDate", { date: dataDate })}</p> : null}
        <p>
          {t("spreadsheets.openData.stable")} <a href="/api/v1/openapi.json">OpenAPI</a>
        </p>
      </section>
      <TranslationCompleteness gaps={gaps} t={t} />
      <section aria-labelledby="dictionary-heading">
        <h2 id="dictionary-heading">{t("spreadsheets.openData.dictionary")}</h2>
        <p>{t("spreadsheets.openData.dictionaryIntro")}</p>
        {sheets.map(({ sheet, columns }) => (
          <SheetDictionary lang={lang} t={t} sheet={sheet} columns={columns} />
        ))}
      </section>
    </Page>
  );
}

function SheetDictionary({
  lang,
  t,
  sheet,
  columns,
}: {
  lang: Language;
  t: Translate;
  sheet: SheetLayout;
  columns: SpreadsheetColumn[];
}) {
  const entries = dictionaryOf(t, lang, { ...sheet, columns });
  return (
    <section aria-labelledby={`sheet-${sheet.key}`}>
      <h3 id={`sheet-${sheet.key}`}>
        {sheet.label[lang]} (<code>{sheet.key}</code>)
      </h3>
      <p>{sheet.meaning[lang]}</p>
      <div class="table-scroll">
        <TableScroll>
          <table class="data">
            <thead>
              <tr>
                <th scope="col">{t("spreadsheets.dictionary.column")}</th>
                <th scope="col">{t("spreadsheets.dictionary.label")}</th>
                <th scope="col">{t("spreadsheets.dictionary.type")}</th>
                <th scope="col">{t("spreadsheets.dictionary.required")}</th>
                <th scope="col">{t("spreadsheets.dictionary.values")}</th>
                <th scope="col">{t("spreadsheets.dictionary.meaning")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr>
                  <th scope="row">
                    <code>{entry.key}</code>
                  </th>
                  <td>{entry.label}</td>
                  <td>{entry.type}</td>
                  <td>{t(`spreadsheets.dictionary.${entry.required ? "yes" : "no"}`)}</td>
                  <td>
                    {entry.values.length ? (
                      <ul>
                        {entry.values.map((value) => (
                          <li>
                            <code>{value.code}</code> — {value.label}
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </td>
                  <td>{entry.meaning}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </div>
    </section>
  );
}
