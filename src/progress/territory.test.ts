import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildUser } from "../../test/factories.js";
import { buildActivity, buildMeeting } from "../../test/followup-factories.js";
import { formFieldsOf } from "../../test/forms.js";
import { all, attr, byRole, one, parse, rowWith, textOf } from "../../test/html.js";
import { postForm, signIn } from "../../test/session.js";
import type { DatabaseHandle } from "../db/client.js";
import { translator } from "../shared/i18n.js";
import {
  buildUnderwayAgreement,
  daysFromToday,
  placeActivity,
  recordAttendance,
} from "./progress.test-support.js";

const fr = translator("fr");

let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
const cookies: Record<string, string> = {};
const ids: Record<string, string> = {};

const titled = (name: string) => ({ title: { fr: name, en: name, ar: name } });
/** Planned to end in a month: not overdue, so the agreement's health stays on track. */
const coming = (name: string) => ({
  ...titled(name),
  plannedStart: daysFromToday(-30),
  plannedEnd: daysFromToday(30),
});

beforeAll(async () => {
  handle = await createTestDatabase();
  const { db } = handle;
  app = createTestApp(db);
  for (const role of ["council", "viewer", "secretariat", "focal_point"] as const) {
    const user = await buildUser(db, { role, ...(role === "council" ? { territoryCode: "01.571" } : {}) });
    cookies[role] = await signIn(app, user.email);
  }
  // Names Tétouan's region: reaches Tétouan, and its health is followed.
  const regional = await buildUnderwayAgreement(db, {
    ...titled("Regional agreement"),
    reference: "REG-01",
    visibility: "internal",
    national: false,
    territoryCodes: ["01"],
  });
  ids.regional = regional.id;
  await buildMeeting(db, regional.id, { startsAt: new Date(`${daysFromToday(-15)}T10:00:00Z`) });
  ids.attended = (await buildActivity(db, regional.id, coming("Attended forum"))).id;
  await recordAttendance(db, ids.attended, "01.571");
  ids.open = (await buildActivity(db, regional.id, coming("Coming training"))).id;
  const inTangier = await buildActivity(db, regional.id, coming("Tangier workshop"));
  await placeActivity(db, inTangier.id, ["01.511"]);
  // Names Salé only: reaches neither Tétouan nor its region.
  const sale = await buildAgreement(db, {
    ...titled("Salé agreement"),
    reference: "SAL-01",
    visibility: "internal",
    national: false,
    territoryCodes: ["04.441"],
  });
  await buildActivity(db, sale.id, titled("Salé programme"));
  // National, but the activity is placed in Tétouan: it reaches it.
  const national = await buildAgreement(db, {
    ...titled("National agreement"),
    reference: "NAT-01",
    visibility: "public",
  });
  await placeActivity(db, (await buildActivity(db, national.id, titled("Tétouan caravan"))).id, ["01.571"]);
});
afterAll(async () => {
  await handle?.close();
});

const fieldsOf = (html: string, action: string) =>
  Object.fromEntries(formFieldsOf(html, `form[action="${action}"]`));
const get = (path: string, role: string) => app.request(path, { headers: { cookie: cookies[role] ?? "" } });

describe("GET /:lang/workspace/territory", () => {
  it("shows a council what reaches its province: agreements with their health, activities with attendance", async () => {
    const response = await get("/fr/workspace/territory", "council");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Ce qui concerne Tétouan");
    expect(html).toContain("REG-01");
    expect(html).toContain("NAT-01");
    expect(html).not.toContain("SAL-01");
    // The regional agreement is in force with nothing late, but without indicators its health
    // cannot be told; the national draft's health is not followed.
    const agreements = byRole(parse(html), "columnheader", fr("progress.columns.health")).closest("table");
    if (!agreements) throw new Error("no agreements table");
    expect(textOf(rowWith(agreements, "REG-01"))).toContain(fr("progress.levels.not_enough_data"));
    expect(textOf(rowWith(agreements, "NAT-01"))).toContain(fr("progress.levels.not_applicable"));
    expect(html).toContain("Attended forum");
    expect(html).toContain("Coming training");
    expect(html).toContain("Tétouan caravan");
    expect(html).not.toContain("Tangier workshop");
    expect(html).not.toContain("Salé programme");
    expect(html).not.toContain('id="territory-code"');
  });

  it("gives the council a button to record or withdraw its president's attendance, which the activities module takes", async () => {
    const html = await (await get("/fr/workspace/territory", "council")).text();
    const withdraw = fieldsOf(html, `/fr/workspace/activities/${ids.attended}/attendance`);
    expect(withdraw).toMatchObject({ intent: "withdraw", code: "01.571" });
    const record = fieldsOf(html, `/fr/workspace/activities/${ids.open}/attendance`);
    expect(record).toMatchObject({ intent: "attend", code: "01.571" });
    const response = await postForm(
      app,
      `/fr/workspace/activities/${ids.open}/attendance`,
      cookies.council ?? "",
      record,
    );
    expect(response.status).toBe(303);
    // Back to the territory view, saying what was done.
    const back = response.headers.get("location") ?? "";
    expect(back).toBe("/fr/workspace/territory?territory=01.571&notice=attendance-recorded");
    expect(await (await get(back, "council")).text()).toContain(
      "La présence de votre président a été enregistrée.",
    );
    const after = await (await get("/fr/workspace/territory", "council")).text();
    expect(fieldsOf(after, `/fr/workspace/activities/${ids.open}/attendance`)).toMatchObject({
      intent: "withdraw",
    });
  });

  it("refuses a council another province, and a focal point any", async () => {
    expect((await get("/fr/workspace/territory?territory=04.441", "council")).status).toBe(403);
    // A region has no council: the view is refused with the field named, not shown without buttons.
    const region = await get("/fr/workspace/territory?territory=04", "secretariat");
    expect(region.status).toBe(400);
    expect(await region.text()).toContain("« territoire »");
    expect((await get("/fr/workspace/territory", "focal_point")).status).toBe(403);
    expect((await get("/fr/workspace/territory?territory=01.571", "focal_point")).status).toBe(403);
  });

  it("lets a viewer choose any province, read only", async () => {
    const chooser = await (await get("/fr/workspace/territory", "viewer")).text();
    const provinces = one(parse(chooser), 'select#territory-code[name="territory"]');
    expect(all(provinces, "option").map((option) => attr(option, "value"))).toContain("04.441");
    const response = await get("/fr/workspace/territory?territory=01.571", "viewer");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Attended forum");
    expect(html).not.toContain("/attendance");
  });

  it("lets the staff record attendance for the province they look at", async () => {
    const html = await (await get("/en/workspace/territory?territory=01.571", "secretariat")).text();
    expect(html).toContain("What reaches Tetouan");
    expect(fieldsOf(html, `/en/workspace/activities/${ids.open}/attendance`)).toMatchObject({
      code: "01.571",
    });
  });

  it("answers a bad code with a message naming the field, and an unknown one with not found", async () => {
    const bad = await get("/fr/workspace/territory?territory=rabat", "viewer");
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("territoire");
    expect((await get("/fr/workspace/territory?territory=99.999", "viewer")).status).toBe(404);
  });
});
