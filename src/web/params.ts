import type { Context } from "hono";
import { notFound } from "../shared/errors.js";
import type { Translate } from "../shared/i18n.js";
import { isUuid } from "../shared/validation.js";
import { textField } from "./forms.js";

/** A path parameter naming a record: a malformed one names nothing ("not found", never a database error). */
export function recordParam(c: Context, name: string, what: string): string {
  const id = c.req.param(name) ?? "";
  if (!isUuid(id)) throw notFound(what, id);
  return id;
}

/**
 * The `version` a form was opened on, as a whole number; undefined when the form sent none (or
 * not a number), which a delete takes as "no version to check".
 */
export function formVersion(body: Record<string, unknown>): number | undefined {
  const text = textField(body, "version");
  return text && /^\d+$/.test(text) ? Number(text) : undefined;
}

/**
 * The `version` an edit form was opened on, for a service that requires one: NaN when the form sent
 * none, which the service refuses as a validation issue on `version` (a save must say what it read).
 */
export function requiredFormVersion(body: Record<string, unknown>): number {
  return formVersion(body) ?? Number.NaN;
}

/**
 * The text of a `?notice=…` a module redirects with, from its own `keys` (notice → catalogue
 * key); undefined for any other: a notice is ours to word, an unknown one is ignored.
 */
export function noticeText(
  t: Translate,
  notice: string | undefined,
  keys: Readonly<Record<string, string>>,
): string | undefined {
  return notice && Object.hasOwn(keys, notice) ? t(keys[notice] as string) : undefined;
}
