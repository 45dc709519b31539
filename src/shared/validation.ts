import type { z } from "zod";
import { type AppError, type FieldIssue, validationError } from "./errors.js";

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
    return [
      { field: prefix.length ? prefix.join(".") : "(input)", message: issue.message, ...reasonOf(issue) },
    ];
  });
}

/** The translatable reason of a zod issue (see `reasons` in the catalogues). */
function reasonOf(issue: z.core.$ZodIssue): Pick<FieldIssue, "reason" | "values"> {
  const origin = "origin" in issue ? issue.origin : undefined;
  switch (issue.code) {
    case "invalid_value":
      return { reason: "invalidChoice" };
    case "invalid_type":
      // zod 4 leaves the input out of issues; its message says what it received.
      if (issue.input === undefined && /received undefined/.test(issue.message))
        return { reason: "required" };
      return { reason: issue.expected === "number" ? "notANumber" : "invalidFormat" };
    case "too_small":
      if (origin === "string" && Number(issue.minimum) <= 1) return { reason: "empty" };
      if (origin === "array" && issue.path.at(-1) === "parties") return { reason: "atLeastOneParty" };
      return { reason: "tooSmall" };
    case "too_big":
      return origin === "string"
        ? { reason: "tooLongMax", values: { max: Number(issue.maximum) } }
        : { reason: "tooLarge" };
    case "invalid_format":
      if (issue.format === "email") return { reason: "invalidEmail" };
      if (issue.format === "url") return { reason: "invalidUrl" };
      return { reason: "invalidFormat" };
    case "custom": {
      const reason = (issue.params as { reason?: unknown } | undefined)?.reason;
      return typeof reason === "string" ? { reason } : {};
    }
    default:
      return {};
  }
}

/** The AppError for input that failed a schema: its message names every field and its reason. */
export function validationErrorFrom(error: z.ZodError): AppError {
  return validationError(issuesFromZod(error));
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

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A UUID as PostgreSQL reads one: an id that is not one names nothing (not found, never a database error). */
export const isUuid = (value: string): boolean => UUID_PATTERN.test(value);
