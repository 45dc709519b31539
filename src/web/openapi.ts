import { z } from "@hono/zod-openapi";

/** The public shapes of the API. Presenters return exactly these; the OpenAPI document is built from them. */
export const localizedTextOut = z
  .object({ ar: z.string().optional(), fr: z.string().optional(), en: z.string().optional() })
  .openapi("LocalizedText", {
    description: "A text in up to three languages",
    example: { fr: "Texte", ar: "نص" },
  });

export const errorOut = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "validation" }),
      message: z.string(),
      issues: z.array(
        z.object({
          field: z.string().openapi({ example: "title.fr" }),
          message: z.string(),
          reason: z.string().optional().openapi({
            description: "A stable key for the reason, e.g. required, empty, tooLongMax",
            example: "empty",
          }),
          values: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
        }),
      ),
    }),
  })
  .openapi("Error");

export const listOf = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ items: z.array(item), total: z.number().int() }).openapi(name);

/** How a caller authenticates; every write needs one of them (reads work anonymously too). */
export const securitySchemes = {
  bearerToken: {
    type: "http",
    scheme: "bearer",
    description:
      "A personal API token (shk_…) created in the workspace. A read-only token may only GET; its writes answer 403.",
  },
  sessionCookie: {
    type: "apiKey",
    in: "cookie",
    name: "sharaka.session_token",
    description:
      "The workspace session (named __Secure-sharaka.session_token over HTTPS). Cross-site requests are impossible: the API never allows CORS.",
  },
} as const;

export const writeSecurity: Record<string, string[]>[] = [{ bearerToken: [] }, { sessionCookie: [] }];
/** Reads answer anonymous callers too, with public records only. */
export const readSecurity: Record<string, string[]>[] = [{}, ...writeSecurity];

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: errorOut } },
});

export const writeErrors = {
  400: errorResponse(
    "The body or a parameter is not valid: `issues` names each field (e.g. `title.fr`) and the reason",
  ),
  401: errorResponse("No valid session or API token"),
  403: errorResponse("The caller may not make this change (role, or a read-only token)"),
  404: errorResponse("No such record, or not visible to the caller"),
  409: errorResponse(
    "`conflict`: the record changed since `version` (the issue on `version` gives the current one), or something still refers to it; `invalid_transition`: the status does not allow it",
  ),
};

export const versionIn = z
  .number()
  .int()
  .min(1)
  .openapi({ description: "The record's version the change is based on (from the last read)", example: 3 });

export const idParam = (name: string, description?: string) =>
  z.uuid().openapi({ param: { name, in: "path" }, description });

/** A required JSON request body of this schema. */
export const jsonBody = <T>(schema: T) => ({ content: { "application/json": { schema } }, required: true });

/** A JSON response of this schema. */
export const jsonAnswer = <T>(description: string, schema: T) => ({
  description,
  content: { "application/json": { schema } },
});
