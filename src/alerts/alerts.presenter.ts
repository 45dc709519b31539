import type { AlertKind } from "../db/schema/index.js";
import type { Actor } from "../shared/actor.js";
import { appendTo } from "../shared/collections.js";
import { isLanguage, type Language, type LocalizedText } from "../shared/localized.js";
import { OVERDUE_STAGE } from "./alert-rules.js";
import type { AlertItem, LeadTimesEntry } from "./alerts.service.js";

/** An alert as the JSON API shows it: what it is about, when, and where to act on it. */
export interface AlertOut {
  id: string;
  kind: AlertKind;
  /** the lead time reached (days before the deadline), or -1 once it has passed */
  stage: number;
  late: boolean;
  dueOn: string;
  detail: string;
  agreement: { id: string; reference: string };
  subject: { title: LocalizedText };
  link: string;
}

/** The language a person's links open in: their own, else French (as their emails). */
export const languageOf = (actor: Actor): Language =>
  actor.locale && isLanguage(actor.locale) ? actor.locale : "fr";

/** The record's workspace page, absolute when `publicUrl` is given (the API), else from the site's root. */
export const alertLink = (item: Pick<AlertItem, "recordPath">, lang: Language, publicUrl = ""): string =>
  `${publicUrl}/${lang}/workspace/${item.recordPath}`;

export function presentAlert(
  item: AlertItem,
  { lang, publicUrl }: { lang: Language; publicUrl: string },
): AlertOut {
  return {
    id: item.id,
    kind: item.kind,
    stage: item.stage,
    late: item.stage === OVERDUE_STAGE,
    dueOn: item.dueOn,
    detail: item.detail,
    agreement: { id: item.agreementId, reference: item.agreementReference },
    subject: { title: item.subjectTitle },
    link: alertLink(item, lang, publicUrl),
  };
}

export function presentLeadTimes(entry: LeadTimesEntry) {
  return {
    kind: entry.kind,
    leadDays: entry.leadDays,
    defaultLeadDays: entry.defaultLeadDays,
    overdue: entry.overdue,
    version: entry.version,
  };
}

/** Alerts grouped by kind, the group of the most urgent alert first (items come most urgent first). */
export function groupByKind(items: AlertItem[]): { kind: AlertKind; items: AlertItem[] }[] {
  const groups = new Map<AlertKind, AlertItem[]>();
  for (const item of items) appendTo(groups, item.kind, item);
  return [...groups].map(([kind, group]) => ({ kind, items: group }));
}
