import type { Context } from "hono";
import { Hono } from "hono";
import { translator } from "../shared/i18n.js";
import { languages } from "../shared/localized.js";
import type { AppEnv } from "../web/context.js";
import { Notice, renderWorkspace } from "../web/page.js";
import { noticeText, recordParam } from "../web/params.js";
import { buildPersonalFeed, buildPublicAgreementFeed } from "./calendar.feeds.js";
import {
  calendarFeedUrl,
  createCalendarFeed,
  findCalendarFeedOwner,
  getActiveCalendarFeed,
  revokeCalendarFeed,
} from "./calendar.service.js";
import { FeedState, NewFeedAddress } from "./calendar.views.js";

type Ctx = Context<AppEnv>;

const CALENDAR_TYPE = "text/calendar; charset=utf-8";

async function calendarPage(c: Ctx, options: { createdUrl?: string } = {}) {
  const { db, actor, t } = c.var;
  const feed = await getActiveCalendarFeed({ db, actor });
  const notice = noticeText(t, c.req.query("notice"), { revoked: "calendar.revoked" });
  return renderWorkspace(c, {
    title: t("calendar.title"),
    section: "calendar",
    status: options.createdUrl ? 201 : undefined,
    children: (
      <>
        <h1>{t("calendar.title")}</h1>
        <Notice text={notice} />
        {options.createdUrl ? <NewFeedAddress url={options.createdUrl} /> : null}
        <p>{t("calendar.intro")}</p>
        <p>{t("calendar.secretWarning")}</p>
        <FeedState feed={feed} accountLocale={actor.locale} />
        <p>{t("calendar.publicFeeds")}</p>
      </>
    ),
  });
}

/** /{lang}/workspace/calendar: each person's own secret calendar address (behind the workspace's sign-in). */
export function calendarWorkspaceRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get("/calendar", (c) => calendarPage(c));

  routes.post("/calendar/feed", async (c) => {
    const { db, actor, services } = c.var;
    const { secret } = await createCalendarFeed({ db, actor });
    return calendarPage(c, { createdUrl: calendarFeedUrl(services.publicUrl, secret) });
  });

  routes.post("/calendar/feed/revoke", async (c) => {
    const { db, actor, lang } = c.var;
    await revokeCalendarFeed({ db, actor });
    return c.redirect(`/${lang}/workspace/calendar?notice=revoked`, 303);
  });

  return routes;
}

/**
 * The .ics feeds, answered without a session. A personal feed's secret is its only
 * credential: a malformed, unknown or revoked one (or a deactivated owner) gets the same
 * plain "not found", and the answer is kept by no cache. A public agreement's feed is the
 * portal's, as the public sees it (an internal agreement is "not found").
 *
 * Hono has no parameter with a suffix (":secret.ics"), so the file name is the parameter.
 */
export function calendarFeedRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get("/calendar/feeds/:feedFile", async (c) => {
    const { db, services } = c.var;
    const file = c.req.param("feedFile");
    const owner = file.endsWith(".ics")
      ? await findCalendarFeedOwner({ db, secret: file.slice(0, -4) })
      : null;
    c.header("cache-control", "private, no-store");
    c.header("x-robots-tag", "noindex");
    if (!owner) return c.text("Not found", 404);
    const text = await buildPersonalFeed({ db, user: owner, publicUrl: services.publicUrl });
    return c.body(text, 200, { "content-type": CALENDAR_TYPE });
  });

  for (const lang of languages) {
    // Named apart from the portal's ":id", which the authorization walk fills with its own records.
    routes.get(`/${lang}/agreements/:publicAgreementId/calendar.ics`, async (c) => {
      const { db, services } = c.var;
      c.set("lang", lang);
      c.set("t", translator(lang));
      const id = recordParam(c, "publicAgreementId", "Agreement");
      const text = await buildPublicAgreementFeed({
        db,
        agreementId: id,
        lang,
        publicUrl: services.publicUrl,
      });
      return c.body(text, 200, {
        "content-type": CALENDAR_TYPE,
        // Revalidated each time: an agreement made internal leaves the public feed at once.
        "cache-control": "no-cache",
        "content-disposition": `inline; filename="agreement-${id}.ics"`,
      });
    });
  }

  return routes;
}
