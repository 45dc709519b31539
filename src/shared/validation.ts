import type { z } from "zod";
import { AppError, type FieldIssue } from "./errors.js";

export function issuesFromZod(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    field: issue.path.length ? issue.path.join(".") : "(input)",
    message: issue.message,
  }));
}

/** Validates service input; the error names every field and its reason. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = issuesFromZod(result.error);
  throw new AppError("validation", issues.map((issue) => `${issue.field}: ${issue.message}`).join("; "), {
    issues,
  });
}
