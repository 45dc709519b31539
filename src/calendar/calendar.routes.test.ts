import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TEST_ORIGIN } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildUser } from "../../test/factories.js";
import { buildActivity, buildFollowUpAction, buildMeeting } from "../../test/followup-factories.js";
import { postForm, signIn } from "../../test/session.js";
import type { DatabaseHandle } from "../db/client.js";
import { calendarFeeds } from "../db/schema/index.js";
import { daysFromToday } from "../progress/progress.test-support.js";
import { systemActor } from "../shared/actor.js";
import { updateUser } from "../users/users.service.js";
import { parseFeed } from "./calendar.test-support.js";

let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db);
});
afterAll(async () => {
  await handle?.close();
});

const FEED_URL = /<input id="calendar-url" type="url" readonly="" dir="ltr" value="([^"]+)"/;

/** Creates an address through the page; returns the answer, its page and the feed's path. */
async function createFeed(cookie: string) {
  const response = await postForm(app, "/fr/workspace/calendar/feed", cookie, {});
  const html = await response.text();
  const url = html.match(FEED_URL)?.[1];
  return { response, html, url, path: url?.slice(TEST_ORIGIN.length) };
}

const get = (path: string, cookie?: string) => app.request(path, { headers: cookie ? { cookie } : {} });

describe("the calendar page", () => {
  it("shows a new address once; it serves the feed until replaced or revoked", async () => {
    const user = await buildUser(handle.db, { role: "secretariat" });
    const cookie = await signIn(app, user.email);
    const empty = await get("/fr/workspace/calendar", cookie);
    expect(empty.status).toBe(200);
    const emptyHtml = await empty.text();
    expect(emptyHtml).toContain("Vous n’avez pas d’adresse de calendrier active.");
    expect(emptyHtml).toContain("Créer mon adresse de calendrier");

    const first = await createFeed(cookie);
    expect(first.response.status).toBe(201);
    expect(first.url).toMatch(/^http:\/\/localhost\/calendar\/feeds\/cal_[A-Za-z0-9_-]{43}\.ics$/);
    expect(first.html).toContain("Copiez-la maintenant : elle ne sera plus jamais affichée.");

    const page = await (await get("/fr/workspace/calendar", cookie)).text();
    expect(page).not.toContain(first.url);
    expect(page).toContain("Une adresse est active depuis le");
    expect(page).toContain("Votre agenda ne l’a pas encore lue.");

    const feed = await get(first.path as string);
    expect(feed.status).toBe(200);
    expect(feed.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(feed.headers.get("cache-control")).toBe("private, no-store");
    parseFeed(await feed.text());
    expect(await (await get("/fr/workspace/calendar", cookie)).text()).toContain(
      "Dernière lecture par votre agenda",
    );

    const second = await createFeed(cookie);
    expect(second.url).not.toBe(first.url);
    const replaced = await get(first.path as string);
    expect(replaced.status).toBe(404);
    expect(replaced.headers.get("content-type")).toMatch(/^text\/plain/);
    expect((await get(second.path as string)).status).toBe(200);

    const revoked = await postForm(app, "/fr/workspace/calendar/feed/revoke", cookie, {});
    expect(revoked.status).toBe(303);
    expect(revoked.headers.get("location")).toBe("/fr/workspace/calendar?notice=revoked");
    const after = await (await get(revoked.headers.get("location") as string, cookie)).text();
    expect(after).toContain("L’adresse est révoquée : elle ne fonctionne plus.");
    expect(after).toContain("Vous n’avez pas d’adresse de calendrier active.");
    expect((await get(second.path as string)).status).toBe(404);
  });

  it("sends the anonymous public to sign in, and creates nothing for it", async () => {
    const page = await get("/fr/workspace/calendar");
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toMatch(/^\/fr\/workspace\/sign-in\?notice=sign-in/);
    const before = (await handle.db.select().from(calendarFeeds)).length;
    const posted = await app.request("/fr/workspace/calendar/feed", {
      method: "POST",
      headers: { origin: TEST_ORIGIN, "content-type": "application/x-www-form-urlencoded" },
      body: "",
    });
    expect(posted.status).toBe(401);
    expect((await handle.db.select().from(calendarFeeds)).length).toBe(before);
  });

  it("refuses a form posted from another site", async () => {
    const user = await buildUser(handle.db, { role: "viewer" });
    const cookie = await signIn(app, user.email);
    const response = await app.request("/fr/workspace/calendar/feed", {
      method: "POST",
      headers: {
        origin: "https://evil.example",
        cookie,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: "",
    });
    expect(response.status).toBe(403);
    expect(await handle.db.select().from(calendarFeeds).where(eq(calendarFeeds.userId, user.id))).toEqual([]);
  });
});

describe("the personal feed address", () => {
  it("answers a plain 404 to bogus secrets, never an error", async () => {
    for (const path of [
      "/calendar/feeds/nothing.ics",
      "/calendar/feeds/cal_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics",
      "/calendar/feeds/cal_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      `/calendar/feeds/${"%E2%80%AE".repeat(300)}.ics`,
      `/calendar/feeds/${"x".repeat(4000)}.ics`,
      "/calendar/feeds/%E0%A4%A.ics",
      "/calendar/feeds/%ZZ.ics",
      "/calendar/feeds/.ics",
    ]) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get("content-type"), path).toMatch(/^text\/plain/);
      expect(response.headers.get("cache-control"), path).toBe("private, no-store");
    }
  });

  it("stops working when its owner is deactivated", async () => {
    const user = await buildUser(handle.db, { role: "viewer" });
    const { path } = await createFeed(await signIn(app, user.email));
    expect((await get(path as string)).status).toBe(200);
    await updateUser({
      db: handle.db,
      actor: systemActor,
      id: user.id,
      input: { name: user.name, role: user.role, locale: "fr", active: false, version: user.version },
    });
    expect((await get(path as string)).status).toBe(404);
  });
});

describe("a public agreement's feed", () => {
  it("shows its dates and activities in the page's language, never its committee", async () => {
    const { db } = handle;
    const agreement = await buildAgreement(db, {
      reference: "CAL-PORTAL",
      title: { fr: "Convention ouverte", en: "Open agreement", ar: "اتفاقية مفتوحة" },
      visibility: "public",
      status: "in_force",
      signedOn: daysFromToday(-5),
      effectiveOn: daysFromToday(-5),
      expiresOn: daysFromToday(360),
    });
    const activity = await buildActivity(db, agreement.id, {
      plannedStart: daysFromToday(3),
      plannedEnd: daysFromToday(4),
    });
    const meeting = await buildMeeting(db, agreement.id, { startsAt: new Date(Date.now() + 86_400_000) });
    const action = await buildFollowUpAction(db, agreement.id, { dueOn: daysFromToday(7) });

    const response = await get(`/ar/agreements/${agreement.id}/calendar.ics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-cache");
    const text = await response.text();
    const { calendar, byUid } = parseFeed(text);
    expect(calendar.getFirstPropertyValue("x-wr-calname")).toBe("CAL-PORTAL — اتفاقية مفتوحة");
    expect(byUid.get(`agreement-signature-${agreement.id}@sharaka`)?.summary).toBe(
      "التوقيع: CAL-PORTAL — اتفاقية مفتوحة",
    );
    expect(byUid.get(`agreement-end-${agreement.id}@sharaka`)?.start).toBe(daysFromToday(360));
    const shown = byUid.get(`activity-${activity.id}@sharaka`);
    expect(shown).toMatchObject({ start: daysFromToday(3), end: daysFromToday(5) });
    expect(shown?.url).toBe(`${TEST_ORIGIN}/ar/agreements/${agreement.id}`);
    expect(byUid.has(`meeting-${meeting.id}@sharaka`)).toBe(false);
    expect(byUid.has(`action-${action.id}@sharaka`)).toBe(false);
    expect(text).not.toMatch(/meeting-|action-|indicator-due-/);

    const english = parseFeed(await (await get(`/en/agreements/${agreement.id}/calendar.ics`)).text());
    expect(english.byUid.get(`agreement-signature-${agreement.id}@sharaka`)?.summary).toBe(
      "Signature: CAL-PORTAL — Open agreement",
    );

    const portal = await (await get(`/fr/agreements/${agreement.id}`)).text();
    expect(portal).toContain(`href="/fr/agreements/${agreement.id}/calendar.ics"`);
    expect(portal).toContain("Ajouter à mon calendrier (.ics)");
  });

  it("is not found for an internal or missing agreement, as on the portal", async () => {
    const internal = await buildAgreement(handle.db, { visibility: "internal" });
    for (const path of [
      `/fr/agreements/${internal.id}/calendar.ics`,
      "/fr/agreements/00000000-0000-4000-8000-000000000000/calendar.ics",
      "/fr/agreements/not-a-uuid/calendar.ics",
    ]) {
      expect((await get(path)).status, path).toBe(404);
    }
    // Even for a signed-in viewer, who may read it in the workspace: the portal is the public's.
    const viewer = await buildUser(handle.db, { role: "viewer" });
    const cookie = await signIn(app, viewer.email);
    expect((await get(`/fr/agreements/${internal.id}/calendar.ics`, cookie)).status).toBe(404);
  });
});
