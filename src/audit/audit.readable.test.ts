import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildOrganization, buildUser } from "../../test/factories.js";
import { buildIndicator } from "../../test/followup-factories.js";
import { all, attr, type Element, type Html, one, parse, textOf } from "../../test/html.js";
import { signIn } from "../../test/session.js";
import type { DatabaseHandle } from "../db/client.js";
import { auditEvents } from "../db/schema/index.js";
import { enterIndicatorValue } from "../indicators/indicator-values.service.js";
import { createAction } from "../meetings/actions.service.js";
import { formatDate, translator } from "../shared/i18n.js";
import { languages } from "../shared/localized.js";
import { actorFromUser } from "../users/users.presenter.js";
import { fieldLabel } from "../web/forms.js";

/*
 * The log and the histories read as sentences: records by reference and title, actions, fields
 * and values in the reader's language, and never a name the reader may not read.
 */

let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
const cookies: Record<string, string> = {};
let agreementId: string;
let frameworkId: string;
let partnerId: string;
let secretariatId: string;
let secretariat: Awaited<ReturnType<typeof buildUser>>;

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db);
  const { db } = handle;
  secretariat = await buildUser(db, { role: "secretariat", name: "Salma Secrétariat" });
  secretariatId = secretariat.id;
  const partner = await buildOrganization(db, { name: { fr: "Université Lisible", ar: "جامعة مقروءة" } });
  partnerId = partner.id;
  const focal = await buildUser(db, {
    role: "focal_point",
    organizationId: partner.id,
    name: "Fatima Focale",
  });
  // An internal framework agreement the partner's focal point may not read.
  frameworkId = (
    await buildAgreement(db, {
      reference: "CADRE-SECRET",
      kind: "framework",
      title: { fr: "Cadre confidentiel", en: "Confidential framework", ar: "إطار سري" },
      visibility: "internal",
    })
  ).id;
  agreementId = (
    await buildAgreement(db, {
      reference: "LISIBLE-1",
      kind: "cooperation",
      title: { fr: "Convention lisible", en: "Readable agreement", ar: "اتفاقية مقروءة" },
      visibility: "internal",
      renewal: "tacit",
      renewalNoticeDays: 90,
      signedOn: "2026-03-01",
      themes: ["governance"],
      parentId: frameworkId,
      parties: [{ organizationId: partner.id, role: "implementing" }],
      contributions: [{ organizationId: partner.id, amount: 1500, currency: "EUR", nature: "cash" }],
    })
  ).id;
  await createAction({
    db,
    actor: actorFromUser(secretariat),
    agreementId,
    input: {
      description: { fr: "Envoyer le rapport", en: "Send the report", ar: "إرسال التقرير" },
      ownerOrganizationId: partner.id,
      ownerUserId: focal.id,
      dueOn: "2026-09-30",
    },
  });
  const indicator = await buildIndicator(db, agreementId, {
    name: { fr: "Élus formés", en: "Councillors trained", ar: "منتخبون مكونون" },
  });
  await enterIndicatorValue({
    db,
    actor: actorFromUser(secretariat),
    indicatorId: indicator.id,
    input: { period: "2026-Q1", value: "12" },
  });
  for (const [name, user] of Object.entries({ secretariat, focal }))
    cookies[name] = await signIn(app, user.email);
});
afterAll(async () => {
  await handle?.close();
});

const get = async (path: string, who = "secretariat") => {
  const response = await app.request(path, { headers: { cookie: cookies[who] ?? "" } });
  return { status: response.status, html: await response.text() };
};

const eventOf = (page: Html, action: string): Element => one(page, `li[data-action="${action}"]`);

/** The changes table of an event as [field, ...values] rows. */
const rowsOf = (event: Element) =>
  all(event, "tbody tr").map((row) => all(row, "th, td").map((cell) => textOf(cell)));
const shownValue = (event: Element, label: string) =>
  rowsOf(event)
    .find(([field]) => field === label)
    ?.at(-1);

const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

describe("an agreement's history, in each language", () => {
  for (const lang of languages) {
    it(`names the record and says the action, fields and values in ${lang}`, async () => {
      const t = translator(lang);
      const { status, html } = await get(`/${lang}/workspace/history/agreement/${agreementId}`);
      expect(status).toBe(200);
      const page = parse(html);
      const title = { fr: "Convention lisible", en: "Readable agreement", ar: "اتفاقية مقروءة" }[lang];
      expect(textOf(one(page, "h1"))).toContain(`LISIBLE-1 — ${title}`);
      const event = eventOf(page, "agreement.create");
      expect(textOf(one(event, ".audit-action"))).toBe(t("audit.actions.agreement.create"));
      expect(textOf(one(event, ".audit-record"))).toContain(`LISIBLE-1 — ${title}`);
      expect(shownValue(event, fieldLabel("kind", t))).toBe(t("kind.cooperation"));
      expect(shownValue(event, fieldLabel("renewal", t))).toBe(t("renewal.tacit"));
      expect(shownValue(event, fieldLabel("visibility", t))).toBe(t("visibility.internal"));
      expect(shownValue(event, fieldLabel("themes.0", t))).toBe(t("theme.governance"));
      expect(shownValue(event, fieldLabel("signedOn", t))).toBe(formatDate(lang, "2026-03-01"));
      expect(shownValue(event, fieldLabel("parties.0.role", t))).toBe(t("role.implementing"));
      expect(shownValue(event, fieldLabel("parties.0.organizationId", t))).toContain(
        lang === "ar" ? "جامعة مقروءة" : "Université Lisible",
      );
      expect(shownValue(event, fieldLabel("contributions.0.nature", t))).toBe(t("nature.cash"));
      // A multilingual text: the reader's language first.
      const titles = rowsOf(event)
        .map(([field]) => field)
        .filter((field) => languages.some((other) => field === fieldLabel(`title.${other}`, t)));
      expect(titles[0]).toBe(fieldLabel(`title.${lang}`, t));
      expect(titles).toHaveLength(3);
      // An amount with its own currency, as the language writes it.
      expect(shownValue(event, fieldLabel("contributions.0.amount", t))).toMatch(/€|EUR/);
      // No record is named by its id, and no code is shown as it is stored.
      const cells = rowsOf(event).flatMap((row) => row.slice(1));
      expect(cells.join(" ")).not.toMatch(uuid);
      for (const code of ["cooperation", "tacit", "internal", "governance", "implementing"])
        expect(cells).not.toContain(code);
    });
  }
});

describe("the log", () => {
  it("names a follow-up record with its agreement, its action and its values in words", async () => {
    const t = translator("fr");
    const { html } = await get("/fr/workspace/audit?entityType=follow_up_action");
    const event = eventOf(parse(html), "follow_up_action.create");
    expect(textOf(one(event, ".audit-action"))).toBe(t("audit.actions.follow_up_action.create"));
    const record = textOf(one(event, ".audit-record"));
    expect(record).toContain("Envoyer le rapport");
    expect(record).toContain("LISIBLE-1 — Convention lisible");
    expect(attr(one(event, `.audit-record a[href$="/agreements/${agreementId}"]`), "dir")).toBe("auto");
    expect(shownValue(event, fieldLabel("status", t))).toBe(t("meetings.actionStatus.open"));
    expect(shownValue(event, fieldLabel("dueOn", t))).toBe(formatDate("fr", "2026-09-30"));
    expect(shownValue(event, fieldLabel("ownerOrganizationId", t))).toContain("Université Lisible");
    expect(shownValue(event, fieldLabel("ownerUserId", t))).toBe("Fatima Focale");
    expect(shownValue(event, fieldLabel("agreementId", t))).toContain("LISIBLE-1");
  });

  it("names an indicator's value by its indicator and its period", async () => {
    const t = translator("en");
    const { html } = await get("/en/workspace/audit?entityType=indicator_value");
    const event = eventOf(parse(html), "indicator_value.enter");
    expect(textOf(one(event, ".audit-record"))).toContain("Councillors trained — 2026-Q1");
    expect(shownValue(event, fieldLabel("indicatorId", t))).toBe("Councillors trained");
    expect(shownValue(event, fieldLabel("status", t))).toBe(t("indicators.statuses.approved"));
  });

  it("says an action it has no words of by its verb and its record type", async () => {
    await handle.db.insert(auditEvents).values({
      actor: "system",
      action: "agreement.restore",
      entityType: "agreement",
      entityId: agreementId,
      agreementId,
      changes: { before: null, after: { reference: "LISIBLE-1" } },
    });
    for (const lang of languages) {
      const t = translator(lang);
      const { html } = await get(`/${lang}/workspace/audit?change=restore`);
      const page = parse(html);
      expect(all(page, "li.audit-event")).toHaveLength(1);
      expect(textOf(one(eventOf(page, "agreement.restore"), ".audit-action"))).toBe(
        t("audit.actionOf", { verb: t("audit.verbs.restore"), type: t("audit.entityTypes.agreement") }),
      );
    }
  });
});

describe("the log's filters", () => {
  const countOf = (html: string) => {
    const page = parse(html);
    return {
      heading: textOf(one(page, "#audit-results-heading")),
      listed: all(page, "li.audit-event").length,
    };
  };
  const fr = translator("fr");

  it("narrow by agreement reference (its follow-up included), kind of record and of change, person and days", async () => {
    const byReference = await get("/fr/workspace/audit?record=lisible-1");
    const { heading, listed } = countOf(byReference.html);
    expect(heading).toBe(fr("audit.results", { count: listed }));
    const actions = all(parse(byReference.html), "li.audit-event").map((item) => attr(item, "data-action"));
    expect(actions).toEqual(expect.arrayContaining(["agreement.create", "follow_up_action.create"]));

    const created = countOf((await get("/fr/workspace/audit?record=LISIBLE-1&change=create")).html);
    expect(created.listed).toBe(3);
    expect(created.heading).toBe(fr("audit.results", { count: 3 }));

    const kind = await get("/fr/workspace/audit?record=LISIBLE-1&entityType=follow_up_action");
    expect(all(parse(kind.html), "li.audit-event").map((item) => attr(item, "data-action"))).toEqual([
      "follow_up_action.create",
    ]);

    const person = await get(`/fr/workspace/audit?actor=${secretariatId}`);
    expect(all(parse(person.html), "li.audit-event").map((item) => attr(item, "data-action"))).toEqual([
      "indicator_value.enter",
      "follow_up_action.create",
    ]);

    const past = countOf((await get("/fr/workspace/audit?record=LISIBLE-1&to=2020-01-01")).html);
    expect(past).toEqual({ heading: fr("audit.results", { count: 0 }), listed: 0 });
  });

  it("keep the filters in the pages' links, and the count agrees with the pages", async () => {
    const organizationId = (await buildOrganization(handle.db)).id;
    await handle.db.insert(auditEvents).values(
      Array.from({ length: 53 }, (_, n) => ({
        actor: "cli:import",
        action: "organization.update",
        entityType: "organization",
        entityId: organizationId,
        changes: { before: { website: `https://a${n}.ma` }, after: { website: `https://b${n}.ma` } },
      })),
    );
    const first = await get(`/fr/workspace/audit?record=${organizationId}&change=update`);
    expect(countOf(first.html)).toEqual({ heading: fr("audit.results", { count: 53 }), listed: 50 });
    const next = attr(one(parse(first.html), 'a[rel="next"]'), "href") ?? "";
    expect(next).toContain(`record=${organizationId}`);
    expect(next).toContain("change=update");
    const second = await get(next);
    expect(countOf(second.html).listed).toBe(3);
  });

  it("answer 400 naming the field for a value they do not know", async () => {
    for (const [query, field] of [
      ["entityType=spaceship", "entityType"],
      ["change=explode", "change"],
      ["record=NO-SUCH-REFERENCE", "record"],
      ["actor=nobody-at-all", "actor"],
      ["from=2026-02-31", "from"],
    ] as const) {
      const { status, html } = await get(`/fr/workspace/audit?${query}`);
      expect(status, query).toBe(400);
      expect(html, query).toContain(`« ${fieldLabel(field, fr)} »`);
    }
  });
});

describe("what a reader may not read", () => {
  it("is never named in a history: a neutral label instead", async () => {
    const t = translator("fr");
    const { status, html } = await get(`/fr/workspace/history/agreement/${agreementId}`, "focal");
    expect(status).toBe(200);
    expect(html).not.toContain("CADRE-SECRET");
    expect(html).not.toContain("Cadre confidentiel");
    expect(html).not.toContain(frameworkId);
    const event = eventOf(parse(html), "agreement.create");
    expect(shownValue(event, fieldLabel("parentId", t))).toBe(t("values.unavailable"));
    // What it may read is named: its own organisation.
    expect(shownValue(event, fieldLabel("parties.0.organizationId", t))).toContain("Université Lisible");
    // The staff read the same event with the framework's name.
    const staff = await get(`/fr/workspace/history/agreement/${agreementId}`);
    expect(shownValue(eventOf(parse(staff.html), "agreement.create"), fieldLabel("parentId", t))).toBe(
      "CADRE-SECRET — Cadre confidentiel",
    );
    expect(partnerId).toBeTruthy();
  });
});
