import { type Context, Hono } from "hono";
import { z } from "zod";
import { AppError, asAppError } from "../shared/errors.js";
import { isLanguage, type Language } from "../shared/localized.js";
import type { AppEnv } from "../web/context.js";
import { saveOrReshow } from "../web/form-save.js";
import { type PostedBody, postedText, readFormBody } from "../web/forms.js";
import { guard } from "../web/guards.js";
import { renderWorkspace } from "../web/page.js";
import { parsePageQuery } from "../web/validation.js";
import { type TranslatableKind, translatableKinds } from "./translatable.js";
import {
  countTranslationQueue,
  countTranslationQueues,
  listTranslationQueue,
} from "./translation-queue.queries.js";
import {
  KindChoice,
  type RefusedSave,
  TranslationLanguages,
  TranslationQueue,
} from "./translation-queue.views.js";
import { translationPaths } from "./translations.paths.js";
import { assertCanTranslate, assertCanUseQueueOf, translationPolicy } from "./translations.policy.js";
import { saveTranslation } from "./translations.service.js";

/**
 * /{lang}/workspace/translations: the languages one may translate into, then each language's
 * queue, kind by kind, where each record's missing texts are typed beside their source and
 * saved (translations.service.ts). Plain forms: a save answers with the queue again.
 */

type Ctx = Context<AppEnv>;

const PAGE_SIZE = 20;

const queueQuery = z.object({
  kind: z.enum(translatableKinds).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});

/** The queue's language, from the address: a language one may not translate into is refused. */
function targetOf(c: Ctx): Language {
  const target = c.req.param("target") ?? "";
  assertCanUseQueueOf(c.var.actor, target);
  if (!isLanguage(target)) throw new AppError("not_found", `No translation queue for ${target}`);
  return target;
}

/** The first kind with something to translate, when the address names none. */
const firstWaiting = (counts: Record<TranslatableKind, number>): TranslatableKind =>
  translatableKinds.find((kind) => counts[kind] > 0) ?? "agreement";

async function renderQueue(
  c: Ctx,
  target: Language,
  wanted: { kind?: TranslatableKind; page: number },
  refused?: RefusedSave,
) {
  const { db, actor, t } = c.var;
  const counts = await countTranslationQueue({ db, actor, lang: target });
  const kind = wanted.kind ?? firstWaiting(counts);
  const pages = Math.max(1, Math.ceil(counts[kind] / PAGE_SIZE));
  const page = Math.min(wanted.page, pages);
  const items = await listTranslationQueue({
    db,
    actor,
    lang: target,
    kind,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  const title = t("translations.queue.title", { language: t(`languageNames.${target}`) });
  const notice = c.req.query("notice") === "saved" ? t("translations.queue.saved") : undefined;
  // A refused save whose record left the page (translated meanwhile) still says why.
  const lost = refused && !items.some((item) => item.id === refused.id);
  return renderWorkspace(c, {
    title,
    section: "translations",
    status: refused ? refused.error.httpStatus : 200,
    children: (
      <>
        <h1>{title}</h1>
        <p>{t("translations.queue.intro", { language: t(`languageNames.${target}`) })}</p>
        {lost ? <p role="alert">{t("translations.queue.gone")}</p> : null}
        <KindChoice target={target} current={kind} counts={counts} />
        <TranslationQueue
          items={items}
          total={counts[kind]}
          page={page}
          pages={pages}
          target={target}
          kind={kind}
          refused={refused}
          notice={notice}
        />
      </>
    ),
  });
}

/** What was typed for each field (`text.<field>`); a field the kind does not have stays in, for the service to refuse by name. */
function postedTranslation(body: PostedBody): Record<string, string> {
  return Object.fromEntries(
    Object.entries(body).flatMap(([name, value]) =>
      name.startsWith("text.") && typeof value === "string" ? [[name.slice("text.".length), value]] : [],
    ),
  );
}

export function translationRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const translators = guard(assertCanTranslate);
  routes.use("/translations", translators);
  routes.use("/translations/*", translators);

  routes.get("/translations", async (c) => {
    const { db, actor, t } = c.var;
    const counts = await countTranslationQueues({ db, actor, langs: translationPolicy.languagesOf(actor) });
    const waiting = [...counts].map(([lang, byKind]) => ({
      lang,
      count: Object.values(byKind).reduce((sum, count) => sum + count, 0),
    }));
    return renderWorkspace(c, {
      title: t("translations.queue.heading"),
      section: "translations",
      children: (
        <>
          <h1>{t("translations.queue.heading")}</h1>
          <p>{t("translations.queue.languagesIntro")}</p>
          <TranslationLanguages waiting={waiting} />
        </>
      ),
    });
  });

  routes.get("/translations/:target", async (c) => {
    const target = targetOf(c);
    const { kind, page } = parsePageQuery(queueQuery, c.req.query(), c.var.t);
    return renderQueue(c, target, { kind, page });
  });

  routes.post("/translations/:target", async (c) => {
    const { db, actor, lang } = c.var;
    const target = targetOf(c);
    const body = await readFormBody(c);
    const kindText = postedText(body, "kind");
    const kind = (translatableKinds as readonly string[]).includes(kindText)
      ? (kindText as TranslatableKind)
      : undefined;
    const page = Number.parseInt(postedText(body, "page"), 10);
    const wanted = { kind, page: Number.isSafeInteger(page) && page >= 1 ? Math.min(page, 100_000) : 1 };
    const id = postedText(body, "id");
    const typed = postedTranslation(body);
    const reshow = (error: AppError) => renderQueue(c, target, wanted, { id, error, typed });
    return saveOrReshow(
      async () => {
        await saveTranslation({
          db,
          actor,
          input: { kind: kindText, id, lang: target, version: postedText(body, "version"), texts: typed },
        });
        const back = translationPaths.queue(lang, target, kind, wanted.page);
        return c.redirect(`${back}${back.includes("?") ? "&" : "?"}notice=saved#queue`, 303);
      },
      { invalid: reshow, conflict: reshow },
    ).catch((error: unknown) => {
      // Gone meanwhile (an agreement's edit gives its commitments new ids): the queue says so,
      // the same as for a record the translator may not read.
      const refusal = asAppError(error);
      if (refusal?.code === "not_found") return reshow(refusal);
      throw error;
    });
  });

  return routes;
}
