import type { FieldIssue } from "../shared/errors.js";
import type { Translate } from "../shared/i18n.js";

/* Issues and field names in words for people, shared by the form kit and the error summary. */

/** A form's own names for some of its fields, by segment, where its labels differ from `fields.`. */
export type FieldNames = Readonly<Record<string, string>>;

/**
 * A field path as people read it: "objectives.2.fr" → "objectives 3 (français)".
 * Each named segment is the form's own name for it, else looked up in `fields.`; list
 * positions count from 1.
 */
export function fieldLabel(field: string, t: Translate, names: FieldNames = {}): string {
  const parts: string[] = [];
  for (const segment of field.split(".")) {
    if (/^\d+$/.test(segment)) parts.push(String(Number(segment) + 1));
    else if (segment === "ar" || segment === "fr" || segment === "en")
      parts.push(`(${t(`languageNames.${segment}`)})`);
    else
      parts.push(
        Object.hasOwn(names, segment)
          ? (names[segment] as string)
          : t(`fields.${segment}`, { defaultValue: segment }),
      );
  }
  return parts.join(" ");
}

export const capitalized = (text: string) => text.charAt(0).toLocaleUpperCase() + text.slice(1);

/** A field's name as a label, heading or column: the catalogue keeps names in lower case, to fit in sentences. */
export const fieldHeading = (t: Translate, name: string): string => capitalized(t(`fields.${name}`));

/** One issue as a sentence in the page's language, naming the field and the reason. */
export function localizeIssue(issue: FieldIssue, t: Translate, names: FieldNames = {}): string {
  // A module's own reasons are named with their namespace ("indicators.reasons.x").
  const key = issue.reason?.includes(".") ? issue.reason : `reasons.${issue.reason}`;
  const reason = issue.reason ? t(key, { ...issue.values, defaultValue: issue.message }) : issue.message;
  return t("errors.invalidField", { field: fieldLabel(issue.field, t, names), reason });
}
