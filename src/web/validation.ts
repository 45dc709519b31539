import type { z } from "zod";
import { AppError } from "../shared/errors.js";
import type { Translate } from "../shared/i18n.js";

/** Which translated reason fits a zod issue; numbers and texts are too big in different words. */
function reasonKey(issue: z.core.$ZodIssue): string {
  const origin = "origin" in issue ? issue.origin : undefined;
  switch (issue.code) {
    case "invalid_value":
      return "reasons.invalidChoice";
    case "invalid_type":
      return issue.expected === "number" ? "reasons.notANumber" : "reasons.invalidFormat";
    case "too_big":
      return origin === "string" ? "reasons.tooLong" : "reasons.tooLarge";
    case "too_small":
      return "reasons.tooSmall";
    case "invalid_format":
      return "reasons.invalidFormat";
    default:
      return "reasons.unknown";
  }
}

/** Parses a page's query string; the error message is in the page's language and names the field. */
export function parsePageQuery<S extends z.ZodType>(schema: S, query: unknown, t: Translate): z.output<S> {
  const result = schema.safeParse(query);
  if (result.success) return result.data;
  // The issue carries the reason's key: the error page words it once, with the field's name.
  const issues = result.error.issues.map((issue) => {
    const field = String(issue.path[0] ?? "");
    return { field, message: t(reasonKey(issue)), reason: reasonKey(issue) };
  });
  const sentences = issues.map((issue) =>
    t("errors.invalidField", {
      field: t(`fields.${issue.field}`, { defaultValue: issue.field }),
      reason: issue.message,
    }),
  );
  throw new AppError("validation", sentences.join(" "), { issues });
}
