import type { AlertKind } from "../db/schema/index.js";
import { daysBetween } from "../domain/periods.js";
import { periodLabel } from "../indicators/indicators.chart.js";
import { formatDate, formatDateTime, type Translate } from "../shared/i18n.js";
import { type Language, type LocalizedText, textOf } from "../shared/localized.js";

/** What an alert says, in one language: shared by the alert centre and the email digest. */
export interface AlertText {
  kind: AlertKind;
  title: string;
  headline: string;
  when: string;
  late: boolean;
}

export interface AlertFacts {
  kind: AlertKind;
  dueOn: string;
  detail: string;
  subjectTitle: LocalizedText;
  agreementReference: string;
}

export function describeWhen(t: Translate, dueOn: string, today: string): { when: string; late: boolean } {
  const days = daysBetween(today, dueOn);
  if (days === 0) return { when: t("alerts.when.today"), late: false };
  if (days > 0) return { when: t("alerts.when.inDays", { count: days }), late: false };
  return { when: t("alerts.when.late", { count: -days }), late: true };
}

export function describeAlert(
  { t, lang, today }: { t: Translate; lang: Language; today: string },
  alert: AlertFacts,
): AlertText {
  // A meeting is announced with its hour, on Moroccan time; every other deadline is a day.
  const date =
    alert.kind === "meeting_upcoming" && alert.detail
      ? formatDateTime(lang, new Date(alert.detail))
      : formatDate(lang, alert.dueOn);
  const name = textOf(alert.subjectTitle, lang);
  return {
    kind: alert.kind,
    // An agreement's own alerts name it once; the others name their record within it.
    title:
      alert.kind === "agreement_expiry" || alert.kind === "renewal_notice"
        ? `${alert.agreementReference} — ${name}`
        : `${name} (${alert.agreementReference})`,
    headline: t(`alerts.headline.${alert.kind}`, {
      date,
      // An indicator's period, as people read it ("T3 2026"); the other kinds do not show theirs.
      detail:
        alert.kind === "indicator_due" || alert.kind === "value_review" ? periodLabel(t, alert.detail) : "",
    }),
    ...describeWhen(t, alert.dueOn, today),
  };
}
