import type { Context } from "hono";
import type { AppEnv } from "../web/context.js";
import { readFormBody } from "../web/forms.js";

/* What the committee's workspace routes share: record ids and posted form bodies. */

export type Ctx = Context<AppEnv>;
export type FormBody = Record<string, string | File | (string | File)[]>;

/** A path parameter naming a record (the web kit's, for this module's routes). */
export { recordParam as recordId } from "../web/params.js";

/** The posted form; repeated names (check boxes) come as arrays. */
export const readBody = (c: Ctx): Promise<FormBody> => readFormBody(c, { all: true });

/** A field's one value, trimmed, or undefined when blank or absent (the first of repeated ones). */
export function oneField(body: FormBody, name: string): string | undefined {
  const raw = body[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (typeof value !== "string") return undefined;
  return value.trim() === "" ? undefined : value;
}

/** The values of a repeated field (check boxes), blanks left out. */
export function listField(body: FormBody, name: string): string[] {
  const raw = body[name];
  const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return values.filter((value): value is string => typeof value === "string" && value.trim() !== "");
}

/** `<name>.ar`, `<name>.fr`, `<name>.en` as one text (blank languages left out). */
export function localizedOf(body: FormBody, name: string): { ar?: string; fr?: string; en?: string } {
  const text: { ar?: string; fr?: string; en?: string } = {};
  for (const lang of ["ar", "fr", "en"] as const) {
    const value = oneField(body, `${name}.${lang}`);
    if (value !== undefined) text[lang] = value;
  }
  return text;
}

/** An optional whole number typed in a form: undefined when blank, NaN when not a number. */
export function numberOf(body: FormBody, name: string): number | undefined {
  const value = oneField(body, name);
  return value === undefined ? undefined : Number(value);
}
