import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import {
  buildActionPlan,
  buildActivity,
  buildCommitteeMember,
  buildDecision,
  buildFollowUpAction,
  buildMeeting,
} from "../../test/followup-factories.js";
import { all, attr, byRole, one, parse, textOf } from "../../test/html.js";
import { postForm, signIn } from "../../test/session.js";
import type { DatabaseHandle } from "../db/client.js";
import { agreements, deletedRecords, indicators, meetingAttendees, meetings } from "../db/schema/index.js";
import {
  type IndicatorFixture,
  indicatorFixture,
  insertIndicator,
  insertIndicatorValue,
} from "../indicators/indicators.test-support.js";
import { translator } from "../shared/i18n.js";
import { capitalized } from "../web/issue-text.js";

const fr = translator("fr");
let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
let fixture: IndicatorFixture;
const cookies: Partial<Record<"staff" | "focal" | "council", string>> = {};

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db);
  fixture = await indicatorFixture(handle.db);
  for (const role of ["staff", "focal", "council"] as const)
    cookies[role] = await signIn(app, fixture.emails[role]);
});
afterAll(async () => {
  await handle?.close();
});

const cookie = (role: keyof typeof cookies) => cookies[role] as string;
const page = async (path: string, role: keyof typeof cookies = "staff") => {
  const response = await app.request(path, { headers: { cookie: cookie(role) } });
  return { status: response.status, html: await response.text() };
};
const post = (path: string, fields: Record<string, string>, role: keyof typeof cookies = "staff") =>
  postForm(app, path, cookie(role), fields);

describe("confirming a deletion", () => {
  it("names the indicator and its values that go, posts the deletion, and the list restores it", async () => {
    const indicator = await insertIndicator(handle.db, fixture.agreementId);
    await insertIndicatorValue(handle.db, indicator.id, { status: "submitted", period: "2026-Q1" });
    await insertIndicatorValue(handle.db, indicator.id, { status: "returned", period: "2026-Q2" });
    // The indicator's page links to the confirmation; no one-click form deletes it.
    const detail = parse((await page(`/fr/workspace/indicators/${indicator.id}`)).html);
    expect(all(detail, `form[action$="/indicators/${indicator.id}/delete"]`)).toEqual([]);
    const link = byRole(detail, "link", fr("indicators.delete"));
    expect(attr(link, "href")).toBe(`/fr/workspace/indicators/${indicator.id}/delete`);

    const confirm = await page(`/fr/workspace/indicators/${indicator.id}/delete`);
    expect(confirm.status).toBe(200);
    const html = parse(confirm.html);
    const name = indicator.name.fr ?? "";
    expect(textOf(one(html, "h1"))).toBe(fr("undo.heading.indicator", { name }));
    expect(textOf(one(html, ".consequences"))).toContain(fr("undo.goes.indicatorValues", { count: 2 }));
    expect(attr(byRole(html, "link", fr("undo.confirm.cancel")), "href")).toBe(
      `/fr/workspace/indicators/${indicator.id}`,
    );
    const form = one(html, "form.actions");
    expect(attr(form, "method")).toBe("post");
    const fields = Object.fromEntries(
      all(form, "input[type=hidden]").map((i) => [attr(i, "name"), attr(i, "value")]),
    );
    expect(fields).toEqual({ confirm: "yes", version: String(indicator.version) });

    const deleted = await post(
      `/fr/workspace/indicators/${indicator.id}/delete`,
      fields as Record<string, string>,
    );
    expect(deleted.status).toBe(303);
    expect(await handle.db.select().from(indicators).where(eq(indicators.id, indicator.id))).toEqual([]);

    const list = parse((await page("/fr/workspace/recently-deleted")).html);
    const row = all(list, "tbody tr").find((tr) => textOf(tr).includes(name));
    expect(row).toBeDefined();
    expect(textOf(row)).toContain(fr("audit.entityTypes.indicator"));
    const restoreAction = attr(one(row as never, "form"), "action") ?? "";
    const restored = await post(restoreAction, {});
    expect(restored.status).toBe(303);
    expect(restored.headers.get("location")).toBe("/fr/workspace/recently-deleted?notice=restored");
    expect(await handle.db.select().from(indicators).where(eq(indicators.id, indicator.id))).toHaveLength(1);

    // Again: the same clear refusal as elsewhere, never a 500.
    const again = await post(restoreAction, {});
    expect(again.status).toBe(409);
    expect(textOf(byRole(parse(await again.text()), "alert"))).toContain(
      capitalized(fr("undo.reasons.alreadyRestored")),
    );
  });

  it("says a meeting's decisions stop its deletion, and its attendees go with it otherwise", async () => {
    const meeting = await buildMeeting(handle.db, fixture.agreementId);
    const confirm = parse((await page(`/en/workspace/meetings/${meeting.id}/delete`)).html);
    expect(textOf(one(confirm, "h1"))).toContain(meeting.title.en ?? "");
    const form = one(confirm, "form.actions");
    const fields = Object.fromEntries(
      all(form, "input[type=hidden]").map((i) => [attr(i, "name"), attr(i, "value")]),
    );
    expect((await post(attr(form, "action") ?? "", fields as Record<string, string>)).status).toBe(303);
    expect(await handle.db.select().from(meetings).where(eq(meetings.id, meeting.id))).toEqual([]);
  });

  it("names what goes with a plan, a decision and a committee member before they are deleted", async () => {
    const db = handle.db;
    const plan = await buildActionPlan(db, fixture.agreementId);
    await buildActivity(db, fixture.agreementId, { actionPlanId: plan.id });
    await buildActivity(db, fixture.agreementId, { actionPlanId: plan.id });
    const planPage = parse((await page(`/fr/workspace/plans/${plan.id}/delete`)).html);
    expect(textOf(one(planPage, ".consequences"))).toContain(
      fr("activities.refusals.planHasActivities", { count: 2 }),
    );

    const meeting = await buildMeeting(db, fixture.agreementId);
    const decision = await buildDecision(db, meeting);
    await buildFollowUpAction(db, fixture.agreementId, { decisionId: decision.id });
    const decisionPage = parse((await page(`/fr/workspace/decisions/${decision.id}/delete`)).html);
    expect(textOf(one(decisionPage, "h1"))).toBe(
      fr("undo.heading.decision", { number: 1, name: meeting.title.fr ?? "" }),
    );
    expect(textOf(one(decisionPage, ".consequences"))).toContain(
      fr("undo.goes.decisionActions", { count: 1 }),
    );

    const member = await buildCommitteeMember(db, fixture.agreementId);
    await db.insert(meetingAttendees).values({ meetingId: meeting.id, memberId: member.id });
    const memberHtml = (await page(`/fr/workspace/committee-members/${member.id}/delete`)).html;
    const memberPage = parse(memberHtml);
    expect(textOf(one(memberPage, "h1"))).toBe(
      fr("undo.heading.committee_member", { name: member.fullName }),
    );
    expect(textOf(one(memberPage, ".consequences"))).toContain(fr("undo.goes.memberMeetings", { count: 1 }));
    expect(textOf(one(memberPage, ".confirm-step"))).toContain(fr("undo.confirm.restorable"));
  });

  it("refuses to restore a decision whose meeting was deleted since, naming the meeting to restore first", async () => {
    const db = handle.db;
    const meeting = await buildMeeting(db, fixture.agreementId);
    const decision = await buildDecision(db, meeting);
    expect((await post(`/fr/workspace/decisions/${decision.id}/delete`, { confirm: "yes" })).status).toBe(
      303,
    );
    const meetingDeleted = await post(`/fr/workspace/meetings/${meeting.id}/delete`, {
      confirm: "yes",
      version: String(meeting.version),
    });
    expect(meetingDeleted.status).toBe(303);
    const entryOf = async (recordId: string) => {
      const [entry] = await db.select().from(deletedRecords).where(eq(deletedRecords.recordId, recordId));
      return entry?.id ?? "";
    };
    const restore = (lang: string, recordId: string) =>
      entryOf(recordId).then((id) => post(`/${lang}/workspace/recently-deleted/${id}/restore`, {}));
    for (const [lang, says] of [
      [
        "fr",
        `Restaurez d’abord l’élément dont il dépend, supprimé lui aussi : Réunion « ${meeting.title.fr} ».`,
      ],
      ["ar", `استرجع أولا العنصر الذي يتبعه، فقد حُذف هو أيضا: اجتماع «${meeting.title.ar}».`],
    ] as const) {
      const refused = await restore(lang, decision.id);
      expect(refused.status).toBe(409);
      const list = parse(await refused.text());
      expect(textOf(byRole(list, "alert"))).toContain(says);
      // Still the list, where the meeting's own Restore button is.
      expect(all(list, "tbody tr").some((row) => textOf(row).includes(meeting.title[lang] ?? "-"))).toBe(
        true,
      );
    }
    expect((await restore("fr", meeting.id)).status).toBe(303);
    expect((await restore("fr", decision.id)).status).toBe(303);
  });

  it("answers 404, never 500, to unknown or malformed ids, on confirmation pages and restores", async () => {
    for (const path of [
      "/fr/workspace/indicators/nope/delete",
      "/fr/workspace/indicators/00000000-0000-4000-8000-000000000000/delete",
      "/fr/workspace/meetings/nope/delete",
      "/fr/workspace/decisions/nope/delete",
      "/fr/workspace/committee-members/nope/delete",
      "/fr/workspace/activities/nope/delete",
      "/fr/workspace/plans/nope/delete",
      "/fr/workspace/documents/nope/delete",
      "/fr/workspace/agreements/nope/delete",
      "/fr/workspace/organizations/nope/delete",
      "/fr/workspace/account/tokens/nope/revoke",
    ])
      expect((await page(path)).status, path).toBe(404);
    for (const id of ["nope", "00000000-0000-4000-8000-000000000000"])
      expect((await post(`/fr/workspace/recently-deleted/${id}/restore`, {})).status).toBe(404);
    expect((await page("/fr/workspace/recently-deleted?page=zero")).status).toBe(400);
  });

  it("answers 404 to a restore older than 30 days", async () => {
    const indicator = await insertIndicator(handle.db, fixture.agreementId);
    await post(`/fr/workspace/indicators/${indicator.id}/delete`, { confirm: "yes" });
    const [entry] = await handle.db
      .select()
      .from(deletedRecords)
      .where(eq(deletedRecords.recordId, indicator.id));
    await handle.db
      .update(deletedRecords)
      .set({ deletedAt: new Date(Date.now() - 31 * 24 * 60 * 60 * 1000) })
      .where(eq(deletedRecords.id, entry?.id ?? ""));
    expect((await post(`/fr/workspace/recently-deleted/${entry?.id}/restore`, {})).status).toBe(404);
    const list = await page("/fr/workspace/recently-deleted");
    expect(list.html).not.toContain(entry?.id ?? "-");
  });

  it("keeps the list and its restores from a focal point and a council, and out of their menu", async () => {
    for (const role of ["focal", "council"] as const) {
      expect((await page("/fr/workspace/recently-deleted", role)).status).toBe(403);
      expect((await page("/fr/workspace", role)).html).not.toContain("/workspace/recently-deleted");
    }
    expect((await page("/fr/workspace")).html).toContain(fr("undo.recentlyDeleted.menu"));
  });
});

describe("confirming an agreement's irreversible transition", () => {
  it("asks before terminating, naming the consequence, and terminates on the second post", async () => {
    const [agreement] = await handle.db
      .select()
      .from(agreements)
      .where(eq(agreements.id, fixture.agreementId));
    if (!agreement) throw new Error("no agreement");
    const path = `/fr/workspace/agreements/${agreement.id}/status`;
    const first = await post(path, { to: "terminated", version: String(agreement.version), confirm: "yes" });
    expect(first.status).toBe(200);
    const html = parse(await first.text());
    expect(textOf(one(html, "h1"))).toBe(
      fr("undo.transition.heading.terminated", { name: agreement.reference }),
    );
    expect(textOf(one(html, ".consequences"))).toContain(fr("undo.transition.consequence.terminated"));
    const [still] = await handle.db.select().from(agreements).where(eq(agreements.id, agreement.id));
    expect(still?.status).toBe(agreement.status);
    const form = one(html, "form.actions");
    const fields = Object.fromEntries(
      all(form, "input[type=hidden]").map((i) => [attr(i, "name"), attr(i, "value")]),
    );
    expect(fields).toMatchObject({ to: "terminated", step: "confirmed", confirm: "yes" });
    expect((await post(path, fields as Record<string, string>)).status).toBe(303);
    const [after] = await handle.db.select().from(agreements).where(eq(agreements.id, agreement.id));
    expect(after?.status).toBe("terminated");
  });
});
