import type { EmailMessage } from "../mail/mail.service.js";
import { translator } from "../shared/i18n.js";
import type { Language } from "../shared/localized.js";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** A password link, in the user's language; the same email serves a reset and a first sign-in. */
export function passwordResetEmail({
  lang,
  to,
  link,
}: {
  lang: Language;
  to: string;
  link: string;
}): EmailMessage {
  const t = translator(lang);
  const lines = [t("auth.mail.greeting"), "", t("auth.mail.body"), "", link, "", t("auth.mail.ignore")];
  const dir = lang === "ar" ? "rtl" : "ltr";
  return {
    to,
    purpose: "password_reset",
    secret: true,
    subject: t("auth.mail.subject"),
    text: lines.join("\n"),
    html: `<!DOCTYPE html><html lang="${lang}" dir="${dir}"><body><p>${escapeHtml(t("auth.mail.greeting"))}</p><p>${escapeHtml(t("auth.mail.body"))}</p><p><a href="${escapeHtml(link)}">${escapeHtml(t("auth.mail.action"))}</a></p><p>${escapeHtml(t("auth.mail.ignore"))}</p></body></html>`,
  };
}
