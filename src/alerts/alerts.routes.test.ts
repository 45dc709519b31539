import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TEST_ORIGIN } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildUser } from "../../test/factories.js";
import { buildFollowUpAction } from "../../test/followup-factories.js";
import { all, attr, byName, byRole, fieldValue, one, parse, rowsOf, textOf } from "../../test/html.js";
import { renderInPage } from "../../test/render.js";
import { postForm, signIn } from "../../test/session.js";
import type { DatabaseHandle } from "../db/client.js";
import { formatDate, translator } from "../shared/i18n.js";
import { listAlertsFor, listLeadTimes } from "./alerts.service.js";
import {
  type AlertCentreWorld,
  activityEndingIn,
  alertOf,
  buildAlertCentreWorld,
  dayFromToday,
  evaluate,
  resetLeadTimes,
} from "./alerts.test-support.js";
import { AlertList } from "./alerts.views.js";

let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
let world: AlertCentreWorld;
const en = translator("en");
const cookies: Record<string, string> = {};

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db);
  world = await buildAlertCentreWorld(handle.db);
  for (const [role, user] of Object.entries(world.users)) cookies[role] = await signIn(app, user.email);
});
afterAll(async () => {
  await handle?.close();
});

type Role = keyof AlertCentreWorld["users"];

async function page(path: string, role: Role | string) {
  const response = await app.request(path, { headers: { cookie: cookies[role] ?? role } });
  return { status: response.status, html: await response.text() };
}

const post = (path: string, role: Role, fields: Record<string, string> = {}) =>
  postForm(app, path, cookies[role] ?? "", fields);

function htmxPost(path: string, role: Role, fields: Record<string, string> = {}) {
  return app.request(path, {
    method: "POST",
    headers: {
      origin: TEST_ORIGIN,
      cookie: cookies[role] ?? "",
      "content-type": "application/x-www-form-urlencoded",
      "HX-Request": "true",
    },
    body: new URLSearchParams(fields).toString(),
  });
}

/** The centre's list (open, or hidden) as the person sees it: the HTML of #alert-list. */
async function listed(role: Role | string, lang = "en", hidden = false) {
  const { status, html } = await page(`/${lang}/workspace/alerts${hidden ? "?show=hidden" : ""}`, role);
  expect(status).toBe(200);
  return html.slice(html.indexOf('id="alert-list"'));
}

/** Follows a redirect and returns the page it leads to. */
async function followed(response: Response, role: Role) {
  expect(response.status).toBe(303);
  return page(response.headers.get("location") ?? "", role);
}

describe("the alert centre", () => {
  it("lists a focal point's alerts by kind, late ones in words, and none of another organisation's", async () => {
    const { db } = handle;
    const late = await activityEndingIn(db, world.agreementId, -10, "Late coastal workshop");
    const foreign = await activityEndingIn(db, world.otherAgreementId, -4, "Other partner seminar");
    const action = await buildFollowUpAction(db, world.agreementId, {
      description: { fr: "Envoyer le rapport", en: "Send the report" },
      dueOn: dayFromToday(5),
    });
    await evaluate(db);

    const mine = await listed("focal");
    const groups = parse(mine);
    expect(textOf(one(groups, "h3#kind-activity_overdue"))).toMatch(
      new RegExp(`^${en("alerts.kinds.activity_overdue")}`),
    );
    expect(textOf(one(groups, "h3#kind-action_overdue"))).toMatch(
      new RegExp(`^${en("alerts.kinds.action_overdue")}`),
    );
    expect(mine).toContain(`href="/en/workspace/activities/${late.id}"`);
    expect(mine).toContain("Late coastal workshop");
    expect(mine).toContain(`Planned to end on ${formatDate("en", dayFromToday(-10))}`);
    // Late: a word, not a colour alone.
    expect(mine).toMatch(
      /<strong class="badge overdue">Late<\/strong> <strong class="overdue">10 days late<\/strong>/,
    );
    expect(mine).toContain(`href="/en/workspace/actions/${action.id}"`);
    expect(mine).toContain("in 5 days");
    expect(mine).not.toContain("Other partner seminar");

    const theirs = await listed("otherFocal");
    expect(theirs).toContain(`href="/en/workspace/activities/${foreign.id}"`);
    expect(theirs).not.toContain("Late coastal workshop");

    const staff = await listed("staff");
    expect(staff).toContain("Late coastal workshop");
    expect(staff).toContain("Other partner seminar");
  });

  it("says plainly when there is nothing, and links to the person's choices", async () => {
    const centre = await listed("viewer");
    expect(centre).toContain("You have no alert to look at.");
    expect(centre).toContain('href="/en/workspace/alerts/preferences"');
  });

  it("shows the lead times' link to an administrator only", async () => {
    expect((await page("/en/workspace/alerts", "admin")).html).toContain('href="/en/workspace/alerts/rules"');
    for (const role of ["focal", "staff", "viewer"] as const)
      expect((await page("/en/workspace/alerts", role)).html, role).not.toContain("/workspace/alerts/rules");
  });

  it("hides an acknowledged alert until it reaches a more urgent stage", async () => {
    const { db } = handle;
    const activity = await activityEndingIn(db, world.agreementId, 5, "Harbour feasibility study");
    await evaluate(db);
    const alert = await alertOf(db, activity.id);
    expect(alert.stage).toBe(7);

    const response = await post(`/en/workspace/alerts/${alert.id}/acknowledge`, "focal");
    expect(response.headers.get("location")).toBe("/en/workspace/alerts?notice=acknowledged");
    const after = await followed(response, "focal");
    expect(after.html).toContain("The alert is acknowledged: it will come back if it becomes more urgent.");
    expect(after.html).not.toContain("Harbour feasibility study");
    const hidden = await listed("focal", "en", true);
    expect(hidden).toContain("Harbour feasibility study");
    expect(hidden).toContain("Acknowledged");
    // Acknowledged for the focal point only: the staff still see it.
    expect(await listed("staff")).toContain("Harbour feasibility study");

    // Six days on, the deadline has passed: late is more urgent than "within 7 days".
    const later = new Date(Date.now() + 6 * 86_400_000);
    await evaluate(db, later);
    const then = await listAlertsFor({ db, actor: world.actors.focal, now: later });
    expect(then.items.find((item) => item.id === alert.id)?.stage).toBe(-1);
    expect(await listed("focal")).toContain("Harbour feasibility study");
    // Back to today's evaluation: the stage it was acknowledged at hides it again.
    await evaluate(db);
    expect(await listed("focal")).not.toContain("Harbour feasibility study");
  });

  it("hides a snoozed alert until the day it ends", async () => {
    const { db } = handle;
    const activity = await activityEndingIn(db, world.agreementId, 20, "Regional fair stand");
    await evaluate(db);
    const alert = await alertOf(db, activity.id);

    const tomorrow = dayFromToday(1);
    const response = await post(`/en/workspace/alerts/${alert.id}/snooze`, "focal", { days: "1" });
    expect(response.headers.get("location")).toBe(`/en/workspace/alerts?notice=snoozed&until=${tomorrow}`);
    const after = await followed(response, "focal");
    expect(after.html).toContain(`The alert is snoozed until ${formatDate("en", tomorrow)}.`);
    expect(after.html.slice(after.html.indexOf('id="alert-list"'))).not.toContain("Regional fair stand");
    const hidden = await listed("focal", "en", true);
    expect(hidden).toContain("Regional fair stand");
    expect(hidden).toContain(`Snoozed until ${formatDate("en", tomorrow)}`);

    const onTheDay = await listAlertsFor({
      db,
      actor: world.actors.focal,
      now: new Date(Date.now() + 86_400_000),
    });
    expect(onTheDay.items.map((item) => item.id)).toContain(alert.id);
  });

  it("shows an acknowledged alert again on request", async () => {
    const { db } = handle;
    const activity = await activityEndingIn(db, world.agreementId, 25, "Summer school");
    await evaluate(db);
    const alert = await alertOf(db, activity.id);
    await post(`/en/workspace/alerts/${alert.id}/acknowledge`, "focal");
    expect(await listed("focal")).not.toContain("Summer school");

    const response = await post(`/en/workspace/alerts/${alert.id}/restore`, "focal");
    expect(response.headers.get("location")).toBe("/en/workspace/alerts?show=hidden&notice=restored");
    const after = await followed(response, "focal");
    expect(after.html).toContain("The alert is shown again.");
    expect(await listed("focal")).toContain("Summer school");
    expect(await listed("focal", "en", true)).not.toContain("Summer school");
  });

  it("answers 'not found' to a person not told of the alert, before reading what they sent", async () => {
    const { db } = handle;
    const activity = await activityEndingIn(db, world.agreementId, -2, "Partner-only workshop");
    await evaluate(db);
    const alert = await alertOf(db, activity.id);
    for (const role of ["otherFocal", "viewer"] as const) {
      expect((await post(`/en/workspace/alerts/${alert.id}/acknowledge`, role)).status, role).toBe(404);
      expect((await post(`/en/workspace/alerts/${alert.id}/snooze`, role, { days: "0" })).status, role).toBe(
        404,
      );
      expect((await post(`/en/workspace/alerts/${alert.id}/restore`, role)).status, role).toBe(404);
    }
    expect((await post("/en/workspace/alerts/not-an-id/acknowledge", "focal")).status).toBe(404);
    expect(await listed("focal")).toContain("Partner-only workshop");
  });

  it("refuses a snooze of no days, naming the field in the page's language", async () => {
    const { db } = handle;
    const activity = await activityEndingIn(db, world.agreementId, 15, "Snooze refusal seminar");
    await evaluate(db);
    const alert = await alertOf(db, activity.id);
    const en = await post(`/en/workspace/alerts/${alert.id}/snooze`, "focal", { days: "0" });
    expect(en.status).toBe(400);
    expect(await en.text()).toContain("The value of “snooze for” is not valid: is too small");
    const fr = await post(`/fr/workspace/alerts/${alert.id}/snooze`, "focal", { days: "0" });
    expect(await fr.text()).toContain("« reporter de »");
    const ar = await post(`/ar/workspace/alerts/${alert.id}/snooze`, "focal", { days: "0" });
    expect(await ar.text()).toContain("مدة التأجيل");
    expect(await listed("focal")).toContain("Snooze refusal seminar");
  });

  it("answers htmx with the list as it now is and the notice in the live region", async () => {
    const { db } = handle;
    const first = await activityEndingIn(db, world.agreementId, 12, "Htmx acknowledged forum");
    const second = await activityEndingIn(db, world.agreementId, 13, "Htmx snoozed forum");
    await evaluate(db);
    const acknowledged = await alertOf(db, first.id);
    const snoozed = await alertOf(db, second.id);

    const ack = await htmxPost(`/en/workspace/alerts/${acknowledged.id}/acknowledge`, "focal");
    expect(ack.status).toBe(200);
    const fragment = parse(await ack.text());
    // A fragment whose first element is the list htmx swaps in, then the notice it swaps out of band.
    expect(all(fragment, "html")).toEqual([]);
    expect(fragment.documentElement?.tagName).toBe("SECTION");
    expect(fragment.documentElement?.id).toBe("alert-list");
    expect(all(fragment, "[autofocus]").length).toBeGreaterThan(0);
    expect(all(fragment, `[id="alert-${acknowledged.id}"]`)).toEqual([]);
    one(fragment, `[id="alert-${snoozed.id}"]`);
    const notice = one(fragment, "#alerts-notice");
    expect([attr(notice, "role"), attr(notice, "hx-swap-oob")]).toEqual(["status", "innerHTML"]);
    expect(textOf(one(notice, "p.notice"))).toBe(en("alertCentre.notices.acknowledged"));

    const snooze = await htmxPost(`/en/workspace/alerts/${snoozed.id}/snooze`, "focal", { days: "30" });
    const snoozeFragment = await snooze.text();
    expect(snoozeFragment).not.toContain(`id="alert-${snoozed.id}"`);
    expect(snoozeFragment).toContain(`The alert is snoozed until ${formatDate("en", dayFromToday(30))}.`);

    const restore = await htmxPost(`/en/workspace/alerts/${snoozed.id}/restore`, "focal");
    const restoreFragment = await restore.text();
    expect(restoreFragment).toContain("Acknowledged or snoozed alerts");
    expect(restoreFragment).not.toContain(`id="alert-${snoozed.id}"`);
    expect(restoreFragment).toContain(`id="alert-${acknowledged.id}"`);
  });

  it("shows the total when it lists fewer alerts than there are", async () => {
    const { db } = handle;
    await activityEndingIn(db, world.agreementId, 3, "Counted workshop");
    await evaluate(db);
    const { total } = await listAlertsFor({ db, actor: world.actors.staff, now: new Date() });
    expect(total).toBeGreaterThan(1);
    // The page lists at most ALERT_CENTRE_LIMIT; a smaller limit shows the sentence the same way.
    const items = (await listAlertsFor({ db, actor: world.actors.staff, now: new Date(), limit: 1 })).items;
    const html = await renderInPage("en", AlertList, { today: dayFromToday(0), items, total, hidden: false });
    expect(html).toContain(`Showing the 1 most urgent of ${total} alerts.`);
  });

  it("refuses a query it does not know", async () => {
    expect((await page("/en/workspace/alerts?show=everything", "focal")).status).toBe(400);
  });
});

describe("the person's choices", () => {
  it("takes a kind out of the centre when it is set to email or to neither", async () => {
    const { db } = handle;
    const user = await buildUser(db, { role: "focal_point", organizationId: world.partnerId, locale: "en" });
    cookies[user.email] = await signIn(app, user.email);
    const who = user.email as Role;
    await activityEndingIn(db, world.agreementId, -6, "Preference workshop");
    await evaluate(db);

    const form = await page("/en/workspace/alerts/preferences", user.email);
    expect(form.status).toBe(200);
    const choice = byRole(parse(form.html), "group", en("alerts.kinds.activity_overdue"));
    const checked = all(choice, 'input[name="activity_overdue"][checked]');
    expect(checked.map((input) => [input.id, attr(input, "value")])).toEqual([
      ["pref-activity_overdue-both", "both"],
    ]);
    expect(await listed(user.email)).toContain("Preference workshop");

    for (const mode of ["email", "none"]) {
      const saved = await postForm(app, "/en/workspace/alerts/preferences", cookies[user.email] ?? "", {
        activity_overdue: mode,
      });
      expect(saved.headers.get("location")).toBe("/en/workspace/alerts/preferences?notice=preferences-saved");
      expect((await followed(saved, who)).html).toContain("Your choices are saved.");
      expect(await listed(user.email), mode).not.toContain("Preference workshop");
    }
    await postForm(app, "/en/workspace/alerts/preferences", cookies[user.email] ?? "", {
      activity_overdue: "workspace",
    });
    expect(await listed(user.email)).toContain("Preference workshop");
    // The other focal point's choices are theirs.
    expect(await listed("focal")).toContain("Preference workshop");
  });

  it("names the kind whose choice is not valid, in the page's language", async () => {
    const cookie = cookies.staff ?? "";
    const cases = [
      ["en", "The value of “Activities due or late” is not valid: choose one of the listed values"],
      ["fr", "« Activités à terme ou en retard »"],
      ["ar", "أنشطة حان أجلها أو متأخرة"],
    ] as const;
    for (const [lang, text] of cases) {
      const response = await postForm(app, `/${lang}/workspace/alerts/preferences`, cookie, {
        activity_overdue: "sms",
        meeting_upcoming: "email",
      });
      expect(response.status, lang).toBe(400);
      const html = await response.text();
      expect(html, lang).toContain(text);
      // The person's other choice is kept in the form, and nothing was saved.
      const kept = all(parse(html), 'input[name="meeting_upcoming"][checked]').map((input) =>
        attr(input, "value"),
      );
      expect(kept, lang).toEqual(["email"]);
    }
    const saved = await page("/en/workspace/alerts/preferences", "staff");
    expect(saved.html).toMatch(
      /id="pref-meeting_upcoming-both" name="meeting_upcoming" value="both" checked=""/,
    );
  });
});

describe("the lead times", () => {
  it("are an administrator's page and forms: others are refused, and not shown the way", async () => {
    for (const role of ["focal", "staff", "viewer"] as const) {
      expect((await page("/en/workspace/alerts/rules", role)).status, role).toBe(403);
      const refused = await post("/en/workspace/alerts/rules/renewal_notice", role, {
        leadDays: "10",
        version: "0",
      });
      expect(refused.status, role).toBe(403);
    }
    const { status, html } = await page("/en/workspace/alerts/rules", "admin");
    expect(status).toBe(200);
    expect(html).toContain('action="/en/workspace/alerts/rules/agreement_expiry"');
    expect(html).toContain("Default: 30, 7, 1.");
    expect((await post("/en/workspace/alerts/rules/no_such_kind", "admin", { leadDays: "10" })).status).toBe(
      404,
    );
  });

  it("saves a kind's lead times, and refuses a save over a newer version with both side by side", async () => {
    const { db } = handle;
    await resetLeadTimes(db, "renewal_notice");
    const saved = await post("/en/workspace/alerts/rules/renewal_notice", "admin", {
      leadDays: "14, 60 ٣",
      version: "0",
    });
    expect(saved.headers.get("location")).toBe(
      "/en/workspace/alerts/rules?notice=rules-saved&kind=renewal_notice#rules-renewal_notice",
    );
    const after = await followed(saved, "admin");
    expect(after.html).toContain("The lead times of “Renewal notice deadline” are saved");
    expect(after.html).toContain('value="60, 14, 3"');
    const entry = (await listLeadTimes({ db })).find((item) => item.kind === "renewal_notice");
    expect(entry).toMatchObject({ leadDays: [60, 14, 3], version: 1 });

    const stale = await post("/en/workspace/alerts/rules/renewal_notice", "admin", {
      leadDays: "45",
      version: "0",
    });
    expect(stale.status).toBe(409);
    const conflict = parse(await stale.text());
    const versions = byRole(conflict, "alert", en("workspace.conflict.title"));
    expect(rowsOf(versions).map((cells) => cells.slice(-2))).toContainEqual(["60, 14, 3", "45"]);
    // The form keeps the person's text and now carries the saved version.
    const form = one(conflict, "#rules-renewal_notice");
    expect(fieldValue(byName(form, "leadDays"))).toBe("45");
    expect(fieldValue(byName(form, "version"))).toBe("1");
    expect((await listLeadTimes({ db })).find((item) => item.kind === "renewal_notice")?.leadDays).toEqual([
      60, 14, 3,
    ]);
    await resetLeadTimes(db, "renewal_notice");
  });

  it("refuses lead times that are not days, naming leadDays with a reason in each language", async () => {
    const { db } = handle;
    await resetLeadTimes(db, "renewal_notice");
    const cases = [
      ["en", "The value of “lead times (days)” is not valid: “soon” is not a whole number of days"],
      ["fr", "« délais (jours) »"],
      ["ar", "الآجال (بالأيام)"],
    ] as const;
    for (const [lang, text] of cases) {
      const response = await post(`/${lang}/workspace/alerts/rules/renewal_notice`, "admin", {
        leadDays: "30, soon",
        version: "0",
      });
      expect(response.status, lang).toBe(400);
      const html = await response.text();
      expect(html, lang).toContain(text);
      expect(html).toContain('value="30, soon"');
      expect(html).toContain('aria-invalid="true"');
    }
    const tooFar = await post("/en/workspace/alerts/rules/renewal_notice", "admin", {
      leadDays: "400",
      version: "0",
    });
    expect(await tooFar.text()).toContain("each lead time must be between 0 and 366 days");
    // A kind that never alerts once late needs a lead time: the service's reason, worded here.
    const none = await post("/en/workspace/alerts/rules/renewal_notice", "admin", {
      leadDays: "",
      version: "0",
    });
    expect(none.status).toBe(400);
    expect(await none.text()).toContain("Give at least one lead time");
    expect((await listLeadTimes({ db })).find((item) => item.kind === "renewal_notice")?.version).toBe(0);
  });
});
