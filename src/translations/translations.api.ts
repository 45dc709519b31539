import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { languages } from "../shared/localized.js";
import { blankToUndefined } from "../shared/validation.js";
import type { AppEnv } from "../web/context.js";
import { guard } from "../web/guards.js";
import {
  jsonAnswer,
  jsonBody,
  localizedTextOut,
  versionIn,
  writeErrors,
  writeSecurity,
} from "../web/openapi.js";
import { translatableKinds } from "./translatable.js";
import { countTranslationQueue, listTranslationQueue, type QueueItem } from "./translation-queue.queries.js";
import { assertCanUseQueueOf } from "./translations.policy.js";
import { saveTranslation } from "./translations.service.js";

/* /api/v1/translations: the "to translate" queue and its save, as in the workspace, for scripts and tools. */

/** Who may use a language's queue, before anything is validated: that language's translators. */
const translatorOf = guard((actor, c) => assertCanUseQueueOf(actor, c.req.param("target") ?? ""));

const targetParam = z
  .enum(languages)
  .openapi({ param: { name: "target", in: "path" }, description: "The language translated into" });
const kindParam = z.enum(translatableKinds).openapi({ param: { name: "kind", in: "path" } });

const queueItemOut = z
  .object({
    kind: z.enum(translatableKinds),
    id: z.string().openapi({ description: "The record's id (a territory's HCP code)" }),
    version: z.number().int().openapi({ description: "What a save sends back" }),
    agreement: z
      .object({ id: z.string(), reference: z.string(), title: localizedTextOut })
      .nullable()
      .openapi({ description: "The agreement the record belongs to, if it belongs to one" }),
    texts: z
      .record(z.string(), localizedTextOut)
      .openapi({ description: "Every text of the record, by field" }),
    missing: z
      .array(z.string())
      .openapi({ description: "The fields written in another language but not this one" }),
  })
  .openapi("TranslationQueueItem");

const queueOut = z
  .object({
    items: z.array(queueItemOut),
    total: z.number().int(),
    waiting: z.record(z.enum(translatableKinds), z.number().int()).openapi({
      description: "How many records of each kind wait for this language",
    }),
  })
  .openapi("TranslationQueue");

/** The public shape of a waiting record (the queue's rows as the pages show them). */
const presentQueueItem = (item: QueueItem) => ({
  kind: item.kind,
  id: item.id,
  version: item.version,
  agreement: item.agreement,
  texts: item.texts,
  missing: item.missing,
});

const listQueueRoute = createRoute({
  middleware: [translatorOf] as const,
  method: "get",
  path: "/translations/{target}",
  summary: "The records in the caller's scope with a text missing in a language, kind by kind",
  description:
    "For the staff (every language) and accounts with the translator permission (their languages). A read-only token may not use it: the queue is a place to write.",
  security: writeSecurity,
  request: {
    params: z.object({ target: targetParam }),
    query: z
      .object({
        kind: z.preprocess(blankToUndefined, z.enum(translatableKinds).default("agreement")),
        limit: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100).default(20)),
        offset: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(10_000_000).default(0)),
      })
      .strict(),
  },
  responses: {
    200: jsonAnswer("A page of waiting records", queueOut),
    400: writeErrors[400],
    401: writeErrors[401],
    403: writeErrors[403],
  },
});

const saveRoute = createRoute({
  middleware: [translatorOf] as const,
  method: "put",
  path: "/translations/{target}/{kind}/{recordId}",
  summary: "Write a record's missing texts in a language",
  description:
    "Sets only the texts given, in this language only; a text already written in it is refused (it is corrected on the record itself), as is a field with nothing to translate from. Based on `version`: a stale one answers 409.",
  security: writeSecurity,
  request: {
    params: z.object({
      target: targetParam,
      kind: kindParam,
      recordId: z
        .string()
        .max(100)
        .openapi({
          param: { name: "recordId", in: "path" },
          description: "The record's id (a territory's HCP code)",
        }),
    }),
    body: jsonBody(
      z
        .object({
          version: versionIn,
          texts: z.record(z.string(), z.string()).openapi({
            description: 'The translation of each field, e.g. { "title": "…" }',
          }),
        })
        .strict()
        .openapi("TranslationIn"),
    ),
  },
  responses: {
    200: jsonAnswer(
      "Saved: the record's new version",
      z.object({ version: z.number().int() }).openapi("TranslationSaved"),
    ),
    ...writeErrors,
  },
});

export function registerTranslationsApi(api: OpenAPIHono<AppEnv>): void {
  api.openapi(listQueueRoute, async (c) => {
    const { db, actor } = c.var;
    const { target } = c.req.valid("param");
    const { kind, limit, offset } = c.req.valid("query");
    const waiting = await countTranslationQueue({ db, actor, lang: target });
    const items = await listTranslationQueue({ db, actor, lang: target, kind, limit, offset });
    return c.json({ items: items.map(presentQueueItem), total: waiting[kind], waiting }, 200);
  });

  api.openapi(saveRoute, async (c) => {
    const { db, actor } = c.var;
    const { target, kind, recordId: id } = c.req.valid("param");
    const body = c.req.valid("json");
    const saved = await saveTranslation({
      db,
      actor,
      input: { kind, id, lang: target, version: body.version, texts: body.texts },
    });
    return c.json(saved, 200);
  });
}
