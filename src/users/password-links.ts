import type { Language } from "../shared/localized.js";

/** How long a password link (reset or first sign-in) stays valid. */
export const PASSWORD_LINK_SECONDS = 24 * 60 * 60;
export const MIN_PASSWORD_LENGTH = 10;

/** The workspace page where a password link leads, in the user's language. */
export function passwordLink(publicUrl: string, lang: Language, token: string): string {
  return `${publicUrl}/${lang}/workspace/reset-password?token=${encodeURIComponent(token)}`;
}
