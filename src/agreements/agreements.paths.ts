import type { Language } from "../shared/localized.js";
import { workspacePath } from "../web/paths.js";

/* The agreements' workspace addresses; the follow-up modules hang their own under `workspace`. */

export const agreementPaths = {
  /** the workspace list, with its filters' query when given */
  list: (lang: Language, query?: string) => workspacePath(lang, `/agreements${query ? `?${query}` : ""}`),
  new: (lang: Language) => workspacePath(lang, "/agreements/new"),
  /** reading a signed agreement to propose its record (src/documents/agreement-reading.routes.tsx) */
  read: (lang: Language) => workspacePath(lang, "/readings"),
  /** the agreement's page (and where its form posts) */
  workspace: (lang: Language, id: string) => workspacePath(lang, `/agreements/${id}`),
  commitments: (lang: Language, id: string) => workspacePath(lang, `/agreements/${id}/commitments`),
  history: (lang: Language, id: string) => workspacePath(lang, `/history/agreement/${id}`),
  /** the workspace list as a workbook (src/spreadsheets/), with the list's filters' query */
  export: (lang: Language, format: "xlsx" | "csv", query?: string) =>
    workspacePath(lang, `/agreements.${format}${query ? `?${query}` : ""}`),
  /** the empty workbook to fill in for an import */
  template: (lang: Language) => workspacePath(lang, "/spreadsheet-template.xlsx"),
  /** the portal's catalogue as a workbook of public data, with its filters' query */
  publicExport: (lang: Language, format: "xlsx" | "csv", query?: string) =>
    `/${lang}/agreements.${format}${query ? `?${query}` : ""}`,
};
