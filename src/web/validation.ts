import type { z } from "zod";
import { AppError } from "../shared/errors.js";
import type { Translate } from "../shared/i18n.js";

const reasonKeyByIssue: Record<string, string> = {
  invalid_value: "reasons.invalidChoice",
  invalid_type: "reasons.notANumber",
  too_big: "reasons.tooLong",
  too_small: "reasons.notANumber",
};

/** Parses a page's query string; the error message is in the page's language and names the field. */
export function parsePageQuery<S extends z.ZodType>(schema: S, query: unknown, t: Translate): z.output<S> {
  const result = schema.safeParse(query);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    const field = String(issue.path[0] ?? "");
    const fieldLabel = t(`fields.${field}`, { defaultValue: field });
    const reason = t(reasonKeyByIssue[issue.code] ?? "reasons.unknown");
    return { field, message: t("errors.invalidField", { field: fieldLabel, reason }) };
  });
  throw new AppError("validation", issues.map((issue) => issue.message).join(" "), { issues });
}
