import type { AlertKind } from "../db/schema/index.js";
import { appendTo } from "../shared/collections.js";
import { formatDate, translator } from "../shared/i18n.js";
import type { Language } from "../shared/localized.js";
import { type AlertFacts, describeAlert } from "./alert-text.js";

/** At most this many alerts are written out in one email; the alert centre has the rest. */
export const DIGEST_MAX_ITEMS = 50;

export interface DigestItem extends AlertFacts {
  recordPath: string;
}

export interface RenderedDigest {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/**
 * The daily email, in the person's language, as plain text and HTML: the alerts grouped by
 * kind, each with its deadline and a link to its record, then links to the alert centre and
 * to the person's choices. `items` come most urgent first; `total` counts those not written out.
 */
export function renderDigest({
  lang,
  name,
  today,
  publicUrl,
  items,
  total,
}: {
  lang: Language;
  name: string;
  today: string;
  publicUrl: string;
  items: DigestItem[];
  total: number;
}): RenderedDigest {
  const t = translator(lang);
  const workspace = `${publicUrl}/${lang}/workspace`;
  const centre = `${workspace}/alerts`;
  const preferences = `${workspace}/alerts/preferences`;
  const groups = new Map<AlertKind, DigestItem[]>();
  for (const item of items) appendTo(groups, item.kind, item);
  const described = [...groups].map(([kind, group]) => ({
    heading: t(`alerts.kinds.${kind}`),
    alerts: group.map((item) => ({
      ...describeAlert({ t, lang, today }, item),
      link: `${workspace}/${item.recordPath}`,
    })),
  }));
  const more = total - items.length;
  const greeting = t("alerts.digest.greeting", { name });
  const intro = t("alerts.digest.intro", { date: formatDate(lang, today) });

  const text = [
    greeting,
    "",
    intro,
    ...described.flatMap((group) => [
      "",
      `== ${group.heading} ==`,
      ...group.alerts.flatMap((alert) => [
        `- ${alert.title}`,
        `  ${alert.headline} (${alert.when})`,
        `  ${alert.link}`,
      ]),
    ]),
    ...(more > 0 ? ["", t("alerts.digest.more", { count: more })] : []),
    "",
    `${t("alerts.digest.open")}: ${centre}`,
    `${t("alerts.digest.preferences")}: ${preferences}`,
    "",
    t("alerts.digest.footer"),
  ].join("\n");

  const dir = lang === "ar" ? "rtl" : "ltr";
  const groupsHtml = described
    .map(
      (group) =>
        `<h2>${escapeHtml(group.heading)}</h2><ul>${group.alerts
          .map(
            (alert) =>
              `<li><a href="${escapeHtml(alert.link)}">${escapeHtml(alert.title)}</a><br>${escapeHtml(alert.headline)} — <strong>${escapeHtml(alert.when)}</strong></li>`,
          )
          .join("")}</ul>`,
    )
    .join("");
  const html = [
    `<!DOCTYPE html><html lang="${lang}" dir="${dir}"><head><meta charset="utf-8"><title>${escapeHtml(t("alerts.digest.subject", { count: total }))}</title></head><body>`,
    `<p>${escapeHtml(greeting)}</p><p>${escapeHtml(intro)}</p>`,
    groupsHtml,
    more > 0 ? `<p>${escapeHtml(t("alerts.digest.more", { count: more }))}</p>` : "",
    `<p><a href="${escapeHtml(centre)}">${escapeHtml(t("alerts.digest.open"))}</a> · <a href="${escapeHtml(preferences)}">${escapeHtml(t("alerts.digest.preferences"))}</a></p>`,
    `<p><small>${escapeHtml(t("alerts.digest.footer"))}</small></p></body></html>`,
  ].join("");

  return { subject: t("alerts.digest.subject", { count: total }), text, html };
}
