import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context, Next } from "hono";
import { documentKinds, visibilities } from "../db/schema/index.js";
import type { AppError } from "../shared/errors.js";
import { validationErrorFrom } from "../shared/validation.js";
import type { AppEnv } from "../web/context.js";
import { isTooLargeError } from "./documents.files.js";
import { downloadResponse, uploadedFile } from "./documents.http.js";
import { assertMayUploadSomewhere } from "./documents.policy.js";
import { presentDocument } from "./documents.presenter.js";
import {
  deleteDocument,
  getDocument,
  getDocumentFile,
  listDocuments,
  uploadDocument,
} from "./documents.service.js";

const localizedOut = z.object({
  ar: z.string().optional(),
  fr: z.string().optional(),
  en: z.string().optional(),
});

export const documentOut = z
  .object({
    id: z.uuid(),
    ownerType: z.string().openapi({ example: "agreement" }),
    ownerId: z.string(),
    kind: z.enum(documentKinds),
    title: localizedOut,
    fileName: z.string(),
    mediaType: z.string().openapi({ example: "application/pdf", description: "detected from the content" }),
    sizeBytes: z.number().int(),
    sha256: z.string(),
    visibility: z.enum(visibilities),
    version: z.number().int(),
    createdAt: z.string(),
    contentUrl: z.string().openapi({ description: "where the bytes are downloaded" }),
  })
  .openapi("Document");

const errorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      issues: z.array(z.object({ field: z.string(), message: z.string(), reason: z.string().optional() })),
    }),
  })
  .openapi("DocumentError");

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: errorBody } },
});
const notFoundResponse = errorResponse("No such record, or not visible to the caller");

/** The schemes of the lead's API document (bearerToken, sessionCookie); reads work anonymously too. */
const writeSecurity: Record<string, string[]>[] = [{ bearerToken: [] }, { sessionCookie: [] }];
const readSecurity: Record<string, string[]>[] = [{}, ...writeSecurity];

const idParams = z.object({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) });

const uploadForm = z.object({
  file: z
    .any()
    .openapi({ type: "string", format: "binary", description: "PDF, DOCX, ODT, PNG, JPEG or WebP" }),
  kind: z.enum(documentKinds),
  visibility: z.enum(visibilities).optional().openapi({ description: "internal when not given" }),
  "title.ar": z.string().optional(),
  "title.fr": z.string().optional(),
  "title.en": z.string().optional(),
});

const listRoute = createRoute({
  security: readSecurity,
  method: "get",
  path: "/agreements/{id}/documents",
  summary: "An agreement's documents that the caller may see",
  request: { params: idParams },
  responses: {
    200: {
      description: "Documents, newest first",
      content: {
        "application/json": {
          schema: z.object({ items: z.array(documentOut), total: z.number().int() }).openapi("DocumentList"),
        },
      },
    },
    404: notFoundResponse,
  },
});

const uploadRoute = createRoute({
  // Who may upload at all is decided before the body is read and validated.
  security: writeSecurity,
  method: "post",
  path: "/agreements/{id}/documents",
  summary: "Attach a document to an agreement (a token with the write scope)",
  description:
    "Staff add any document; a partner focal point adds internal documents to the agreements its organisation is party to. The type is detected from the content.",
  // Who may upload at all is decided before the body is read and validated.
  middleware: [
    async (c: Context<AppEnv>, next: Next) => {
      assertMayUploadSomewhere(c.var.actor);
      await next();
    },
  ] as const,
  request: {
    params: idParams,
    body: { required: true, content: { "multipart/form-data": { schema: uploadForm } } },
  },
  responses: {
    201: { description: "The stored document", content: { "application/json": { schema: documentOut } } },
    400: errorResponse("The file or a field is refused; `issues` names the field and the reason"),
    401: errorResponse("No valid session or API token"),
    403: errorResponse("The caller may not add documents here (role, or a read-only token)"),
    404: notFoundResponse,
    413: errorResponse("The file is larger than the configured limit"),
  },
});

const getRoute = createRoute({
  security: readSecurity,
  method: "get",
  path: "/documents/{id}",
  summary: "A document's description",
  request: { params: idParams },
  responses: {
    200: { description: "The document", content: { "application/json": { schema: documentOut } } },
    404: notFoundResponse,
  },
});

const contentRoute = createRoute({
  security: readSecurity,
  method: "get",
  path: "/documents/{id}/content",
  summary: "A document's bytes, as an attachment",
  request: { params: idParams },
  responses: {
    200: {
      description: "The file, with its detected type",
      content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } },
    },
    404: notFoundResponse,
  },
});

const deleteRoute = createRoute({
  security: writeSecurity,
  method: "delete",
  path: "/documents/{id}",
  summary: "Delete a document (its bytes are kept for the record)",
  request: { params: idParams },
  responses: {
    204: { description: "Deleted" },
    401: errorResponse("No valid session or API token"),
    403: errorResponse("The caller may not delete this document (role, or a read-only token)"),
    404: notFoundResponse,
  },
});

function tooLarge(c: Context, error: AppError) {
  return c.json({ error: { code: error.code, message: error.message, issues: error.issues } }, 413);
}

/** The documents' part of /api/v1 (the lead mounts it next to apiRoutes). */
export function documentApiRoutes(): OpenAPIHono<AppEnv> {
  const api = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationErrorFrom(result.error);
    },
  });

  api.openapi(listRoute, async (c) => {
    const rows = await listDocuments({
      db: c.var.db,
      actor: c.var.actor,
      ownerType: "agreement",
      ownerId: c.req.valid("param").id,
    });
    return c.json({ items: rows.map(presentDocument), total: rows.length }, 200);
  });

  api.openapi(uploadRoute, async (c) => {
    const { db, actor, services } = c.var;
    const form = c.req.valid("form");
    try {
      const row = await uploadDocument({
        db,
        actor,
        uploadsDir: services.uploadsDir,
        maxBytes: services.uploadMaxBytes,
        input: {
          ownerType: "agreement",
          ownerId: c.req.valid("param").id,
          kind: form.kind,
          visibility: form.visibility,
          title: {
            ...(form["title.ar"]?.trim() ? { ar: form["title.ar"] } : {}),
            ...(form["title.fr"]?.trim() ? { fr: form["title.fr"] } : {}),
            ...(form["title.en"]?.trim() ? { en: form["title.en"] } : {}),
          },
        },
        file: await uploadedFile(form.file),
      });
      return c.json(presentDocument(row), 201);
    } catch (error) {
      if (isTooLargeError(error)) return tooLarge(c, error as AppError);
      throw error;
    }
  });

  api.openapi(getRoute, async (c) => {
    const row = await getDocument({ db: c.var.db, actor: c.var.actor, id: c.req.valid("param").id });
    return c.json(presentDocument(row), 200);
  });

  api.openapi(contentRoute, async (c) => {
    const { db, actor, services } = c.var;
    const file = await getDocumentFile({
      db,
      actor,
      uploadsDir: services.uploadsDir,
      id: c.req.valid("param").id,
    });
    return downloadResponse(c, file, { shared: actor.role === "anonymous" });
  });

  api.openapi(deleteRoute, async (c) => {
    await deleteDocument({ db: c.var.db, actor: c.var.actor, id: c.req.valid("param").id });
    return c.body(null, 204);
  });

  return api;
}
