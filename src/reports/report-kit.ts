import type { Executor } from "../db/client.js";
import { getAssociation } from "../partners/organizations.service.js";
import { percent } from "../progress/progress.views.js";
import type { Actor } from "../shared/actor.js";
import { formatDate, formatDateTime, formatNumber, type Translate } from "../shared/i18n.js";
import { type Language, type LocalizedText, pickText } from "../shared/localized.js";
import { type ReportBlock, type ReportDocument, type Text, textIn } from "./report.document.js";

/** Who asks for a report, in which language, and the day it is made (Moroccan time). */
export interface ReportRequest {
  db: Executor;
  actor: Actor;
  lang: Language;
  t: Translate;
  today: string;
  /** the workspace's version (internal figures) rather than the public one */
  workspace: boolean;
}

/** The parts every report shares: the association's name, the moment of the data, page numbers. */
export async function reportDocument(
  { db, lang, t }: ReportRequest,
  { title, subtitle, blocks }: { title: string; subtitle?: Text; blocks: ReportBlock[] },
): Promise<ReportDocument> {
  const association = await getAssociation({ db });
  return {
    lang,
    title,
    subtitle,
    association: (association && pickText(association.name, lang)?.text) || t("site.name"),
    dataAsOf: t("reports.dataAsOf", { moment: formatDateTime(lang, new Date()) }),
    pageOf: t("reports.pageOf", { page: "{page}", pages: "{pages}" }),
    blocks,
  };
}

/** Text readers see in the report's language when it exists, else in another (marked as such). */
export const localized = (value: LocalizedText | null | undefined, lang: Language): Text =>
  textIn(pickText(value, lang), lang);

export const count = (lang: Language, value: number): string => formatNumber(lang, value);
export const share = (lang: Language, ratio: number | null): string =>
  ratio === null ? "—" : percent(lang, ratio);
export const money = (lang: Language, amount: number): string =>
  formatNumber(lang, amount, { style: "currency", currency: "MAD", maximumFractionDigits: 0 });
export const dateOrDash = (lang: Language, value: string | null | undefined): string =>
  value ? formatDate(lang, value) : "—";
export const dateRange = (lang: Language, from: string | null, to: string | null): string =>
  from || to ? `${dateOrDash(lang, from)} – ${dateOrDash(lang, to)}` : "—";

/** A heading then either the blocks or a sentence saying there is nothing to show. */
export function section(heading: string, blocks: ReportBlock[], empty?: string): ReportBlock[] {
  if (!blocks.length && !empty) return [];
  return [
    { kind: "heading", level: 1, text: heading },
    ...(blocks.length ? blocks : [{ kind: "paragraph" as const, text: empty ?? "" }]),
  ];
}

/** The file name a report is offered under: ASCII, from its subject (a reference, a year…). */
export function reportFileName(...parts: string[]): string {
  const name = parts
    .join("-")
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "");
  return `${name || "report"}.pdf`;
}
