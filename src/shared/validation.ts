import type { z } from "zod";
import { AppError, type FieldIssue } from "./errors.js";

export function issuesFromZod(error: z.ZodError): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const prefix = issue.path.map(String);
    // One issue per unknown key, named by its own path, rather than one for the whole object.
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        field: [...prefix, key].join("."),
        message: "is not a known field or parameter",
      }));
    }
    return [{ field: prefix.length ? prefix.join(".") : "(input)", message: issue.message }];
  });
}

/** The AppError for input that failed a schema: its message names every field and its reason. */
export function validationErrorFrom(error: z.ZodError): AppError {
  const issues = issuesFromZod(error);
  return new AppError("validation", issues.map((issue) => `${issue.field}: ${issue.message}`).join("; "), {
    issues,
  });
}

/** Validates service input. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw validationErrorFrom(result.error);
}

/** A blank form field or query parameter means "not given", not an invalid value. */
export const blankToUndefined = (value: unknown): unknown =>
  typeof value === "string" && value.trim() === "" ? undefined : value;
