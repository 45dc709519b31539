/** The spreadsheet import's page: the upload form, the dry run's summary or its problems, the result. */

import type { Translate } from "../shared/i18n.js";
import type { Language } from "../shared/localized.js";
import { TableScroll } from "../web/components.js";
import {
  columnLabel,
  problemReason,
  type SheetProblem,
  type SpreadsheetImportSummary,
} from "./spreadsheet-import.service.js";

export const spreadsheetImportPath = (lang: Language) => `/${lang}/workspace/import/spreadsheet`;

export function UploadForm({ lang, t }: { lang: Language; t: Translate }) {
  return (
    <form method="post" action={spreadsheetImportPath(lang)} enctype="multipart/form-data" class="stacked">
      <div class="field">
        <label for="spreadsheet-file">{t("spreadsheetImport.page.file")}</label>
        <input
          id="spreadsheet-file"
          name="file"
          type="file"
          required
          accept=".xlsx,.csv,.zip"
          aria-describedby="spreadsheet-file-hint"
        />
        <p id="spreadsheet-file-hint" class="hint">
          {t("spreadsheetImport.page.fileHint")}
        </p>
      </div>
      <button type="submit">{t("spreadsheetImport.page.check")}</button>
    </form>
  );
}

export function SummaryTable({ summary, t }: { summary: SpreadsheetImportSummary; t: Translate }) {
  return (
    <TableScroll>
      <table>
        <caption>
          {t(summary.dryRun ? "spreadsheetImport.summary.dryRun" : "spreadsheetImport.summary.done", {
            file: summary.file,
          })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t("spreadsheetImport.page.sheet")}</th>
            <th scope="col">{t("spreadsheetImport.page.created")}</th>
            <th scope="col">{t("spreadsheetImport.page.updated")}</th>
            <th scope="col">{t("spreadsheetImport.page.unchanged")}</th>
          </tr>
        </thead>
        <tbody>
          {summary.sheets.map((sheet) => (
            <tr>
              <th scope="row">{sheet.sheet}</th>
              <td>{sheet.created}</td>
              <td>{sheet.updated}</td>
              <td>{sheet.unchanged}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

export function ConfirmForm({ lang, t, upload }: { lang: Language; t: Translate; upload: string }) {
  return (
    <form method="post" action={`${spreadsheetImportPath(lang)}/confirm`} class="stacked">
      <input type="hidden" name="upload" value={upload} />
      <button type="submit">{t("spreadsheetImport.page.confirm")}</button>
    </form>
  );
}

export function ProblemsTable({
  problems,
  lang,
  t,
  file,
}: {
  problems: SheetProblem[];
  lang: Language;
  t: Translate;
  file: string;
}) {
  return (
    <div role="alert">
      <p>{t("spreadsheetImport.refused", { file, count: problems.length })}</p>
      <TableScroll>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("spreadsheetImport.page.sheet")}</th>
              <th scope="col">{t("spreadsheetImport.page.row")}</th>
              <th scope="col">{t("spreadsheetImport.page.column")}</th>
              <th scope="col">{t("spreadsheetImport.page.reason")}</th>
            </tr>
          </thead>
          <tbody>
            {problems.map((problem) => {
              const label = columnLabel(problem, lang);
              return (
                <tr>
                  <td>{problem.sheet ?? ""}</td>
                  <td>{problem.row ?? ""}</td>
                  <td>{problem.column ? (label ? `${problem.column} (${label})` : problem.column) : ""}</td>
                  <td>{problemReason(problem, lang)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}
