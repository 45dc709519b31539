import type { Language } from "../shared/localized.js";

/**
 * What a printed report says, whatever it reports on: a title, then blocks of text, facts,
 * tables, lists and figures. The reports build one from the data (in the reader's language);
 * report.typ lays any of them out. Every text reaches Typst as a string inside JSON, never as
 * markup, so nothing a person typed can change the document.
 */
export interface TextIn {
  text: string;
  /** the language the text is written in, when it is not the report's (a fallback translation) */
  lang?: Language;
}
export type Text = string | TextIn;

export type ReportBlock =
  | { kind: "heading"; level: 1 | 2 | 3; text: Text }
  | { kind: "paragraph"; text: Text }
  | { kind: "facts"; rows: { label: string; value: Text }[] }
  | {
      kind: "table";
      columns: { label: string; numeric?: boolean }[];
      rows: Text[][];
      /** a last row, in bold (totals) */
      footer?: Text[];
    }
  | { kind: "list"; ordered?: boolean; items: Text[] }
  /**
   * An SVG drawn by the application (a chart, the map): `alt` says what it shows to those who do
   * not see it; `caption`, if any, is printed under it.
   */
  | { kind: "figure"; svg: string; alt: string; caption?: string; width?: "full" | "half" };

export interface ReportDocument {
  lang: Language;
  title: string;
  /** a line under the title (a reference, a period) */
  subtitle?: Text;
  /** on every page: who publishes it, as of when, and page numbers */
  association: string;
  dataAsOf: string;
  /** "Page 1 of 3" with {page} and {pages} */
  pageOf: string;
  blocks: ReportBlock[];
}

/** A text the report writes as is, or in its own language when it is another (a fallback). */
export function textIn(picked: { text: string; lang: Language } | undefined, reportLang: Language): Text {
  if (!picked) return "—";
  return picked.lang === reportLang ? picked.text : { text: picked.text, lang: picked.lang };
}
