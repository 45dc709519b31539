import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Body, type Caller, issueOf, jsonClient, tokenFor } from "../../test/api-client.js";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildUser } from "../../test/factories.js";
import type { DatabaseHandle } from "../db/client.js";
import { alertKinds } from "../db/schema/index.js";
import {
  type AlertCentreWorld,
  activityEndingIn,
  alertOf,
  buildAlertCentreWorld,
  dayFromToday,
  evaluate,
  resetLeadTimes,
} from "./alerts.test-support.js";

let handle: DatabaseHandle;
let call: ReturnType<typeof jsonClient>;
let world: AlertCentreWorld;
const callers = new Map<string, Caller>();

beforeAll(async () => {
  handle = await createTestDatabase();
  call = jsonClient(createTestApp(handle.db));
  world = await buildAlertCentreWorld(handle.db);
  for (const role of ["focal", "otherFocal", "staff", "admin", "viewer"] as const) {
    callers.set(role, { token: await tokenFor(handle.db, world.users[role], "write") });
    callers.set(`${role}Reader`, { token: await tokenFor(handle.db, world.users[role], "read") });
  }
});
afterAll(async () => {
  await handle?.close();
});

const as = (name: string): Caller => callers.get(name) ?? {};

/** A fresh late activity of the partner's agreement, evaluated: its alert. */
async function lateActivityAlert(name: string, days = -3) {
  const activity = await activityEndingIn(handle.db, world.agreementId, days, name);
  await evaluate(handle.db);
  return { activity, alert: await alertOf(handle.db, activity.id) };
}

const ids = (body: Body): string[] => body.items.map((item: { id: string }) => item.id);

describe("the alerts' API", () => {
  it("is in the OpenAPI document", async () => {
    const { body } = await call("GET", "/openapi.json");
    for (const path of [
      "/alerts",
      "/alerts/{alertId}/acknowledge",
      "/alerts/{alertId}/snooze",
      "/alert-preferences",
      "/alert-rules",
      "/alert-rules/{alertKind}",
    ])
      expect(body.paths[path], path).toBeDefined();
    for (const name of ["Alert", "AlertList", "AlertPreferences", "AlertLeadTimes", "AlertLeadTimesInput"])
      expect(body.components.schemas[name], name).toBeDefined();
  });

  it("lists the caller's open alerts in the presenter's shape, linking in the caller's language", async () => {
    const { activity, alert } = await lateActivityAlert("Late API workshop", -4);
    const { status, body } = await call("GET", "/alerts", as("focalReader"));
    expect(status).toBe(200);
    const item = body.items.find((one: { id: string }) => one.id === alert.id);
    expect(item).toEqual({
      id: alert.id,
      kind: "activity_overdue",
      stage: -1,
      late: true,
      dueOn: dayFromToday(-4),
      detail: "",
      agreement: { id: world.agreementId, reference: expect.any(String) },
      subject: { title: { fr: "Late API workshop", en: "Late API workshop", ar: "Late API workshop" } },
      link: `http://localhost/en/workspace/activities/${activity.id}`,
    });
    expect(body.total).toBeGreaterThanOrEqual(body.items.length);

    expect(ids((await call("GET", "/alerts", as("otherFocal"))).body)).not.toContain(alert.id);
    expect((await call("GET", "/alerts", as("viewer"))).body).toEqual({ items: [], total: 0 });
    expect((await call("GET", "/alerts")).status).toBe(401);
  });

  it("acknowledges and snoozes the caller's own alerts", async () => {
    const acknowledged = (await lateActivityAlert("API acknowledged study")).alert;
    const snoozed = (await lateActivityAlert("API snoozed study")).alert;

    const ack = await call("POST", `/alerts/${acknowledged.id}/acknowledge`, as("focal"));
    expect(ack.status).toBe(204);
    const snooze = await call("POST", `/alerts/${snoozed.id}/snooze`, as("focal"), { days: 7 });
    expect(snooze).toMatchObject({ status: 200, body: { id: snoozed.id, snoozedUntil: dayFromToday(7) } });

    const left = ids((await call("GET", "/alerts", as("focal"))).body);
    expect(left).not.toContain(acknowledged.id);
    expect(left).not.toContain(snoozed.id);
    // The staff, told of them too, still see both.
    const staff = ids((await call("GET", "/alerts", as("staff"))).body);
    expect(staff).toEqual(expect.arrayContaining([acknowledged.id, snoozed.id]));
  });

  it("refuses a snooze it cannot read, naming the field", async () => {
    const { alert } = await lateActivityAlert("API refused snooze");
    for (const body of [{ days: 0 }, { days: 91 }, { days: "seven" }, {}]) {
      const answer = await call("POST", `/alerts/${alert.id}/snooze`, as("focal"), body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(issueOf(answer.body, "days"), JSON.stringify(body)).toBeDefined();
    }
    const extra = await call("POST", `/alerts/${alert.id}/snooze`, as("focal"), {
      days: 7,
      until: "2030-01-01",
    });
    expect(issueOf(extra.body, "until")).toBeDefined();
  });

  it("answers 'not found' for an alert the caller is not told of, before reading the body", async () => {
    const { alert } = await lateActivityAlert("API someone else's alert");
    for (const role of ["otherFocal", "viewer"]) {
      expect((await call("POST", `/alerts/${alert.id}/acknowledge`, as(role))).status, role).toBe(404);
      expect((await call("POST", `/alerts/${alert.id}/snooze`, as(role), {})).status, role).toBe(404);
    }
    expect((await call("POST", "/alerts/not-a-uuid/acknowledge", as("focal"))).status).toBe(404);
    expect(ids((await call("GET", "/alerts", as("focal"))).body)).toContain(alert.id);
  });

  it("never lets a read-only token write", async () => {
    const { alert } = await lateActivityAlert("API read-only attempt");
    const writes: [string, string, unknown?][] = [
      ["POST", `/alerts/${alert.id}/acknowledge`],
      ["POST", `/alerts/${alert.id}/snooze`, { days: 7 }],
      ["PUT", "/alert-preferences", { activity_overdue: "email" }],
    ];
    for (const [method, path, body] of writes) {
      const answer = await call(method, path, as("focalReader"), body);
      expect(answer.status, path).toBe(403);
    }
    expect(
      (await call("PUT", "/alert-rules/renewal_notice", as("adminReader"), { leadDays: [9], version: 0 }))
        .status,
    ).toBe(403);
    expect(ids((await call("GET", "/alerts", as("focal"))).body)).toContain(alert.id);
    expect((await call("GET", "/alert-preferences", as("focal"))).body.activity_overdue).toBe("both");
  });

  it("reads and changes the caller's choices", async () => {
    const user = await buildUser(handle.db, { role: "focal_point", organizationId: world.partnerId });
    const token = await tokenFor(handle.db, user, "write");
    const { alert } = await lateActivityAlert("API preference workshop");

    const defaults = await call("GET", "/alert-preferences", { token });
    expect(defaults.body).toEqual(Object.fromEntries(alertKinds.map((kind) => [kind, "both"])));
    // An administrator keeps the system: the workspace only, unless they choose otherwise.
    expect((await call("GET", "/alert-preferences", as("adminReader"))).body.agreement_expiry).toBe(
      "workspace",
    );

    const changed = await call("PUT", "/alert-preferences", { token }, { activity_overdue: "email" });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ activity_overdue: "email", meeting_upcoming: "both" });
    expect(ids((await call("GET", "/alerts", { token })).body)).not.toContain(alert.id);
    expect(ids((await call("GET", "/alerts", as("focal"))).body)).toContain(alert.id);

    const invalid = await call("PUT", "/alert-preferences", { token }, { activity_overdue: "sms" });
    expect(invalid.status).toBe(400);
    expect(issueOf(invalid.body, "activity_overdue")).toBeDefined();
    const unknown = await call("PUT", "/alert-preferences", { token }, { birthdays: "email" });
    expect(issueOf(unknown.body, "birthdays")).toBeDefined();
  });

  it("lets an administrator alone read and set the lead times, based on their version", async () => {
    await resetLeadTimes(handle.db, "renewal_notice");
    for (const role of ["staff", "focal", "viewer"]) {
      expect((await call("GET", "/alert-rules", as(role))).status, role).toBe(403);
      expect(
        (await call("PUT", "/alert-rules/renewal_notice", as(role), { leadDays: [9], version: 0 })).status,
        role,
      ).toBe(403);
    }
    const list = await call("GET", "/alert-rules", as("adminReader"));
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(alertKinds.length);
    expect(list.body.items.find((item: { kind: string }) => item.kind === "renewal_notice")).toEqual({
      kind: "renewal_notice",
      leadDays: [90, 30, 7],
      defaultLeadDays: [90, 30, 7],
      overdue: false,
      version: 0,
    });

    const saved = await call("PUT", "/alert-rules/renewal_notice", as("admin"), {
      leadDays: [14, 60],
      version: 0,
    });
    expect(saved).toMatchObject({
      status: 200,
      body: { kind: "renewal_notice", leadDays: [60, 14], version: 1 },
    });
    const stale = await call("PUT", "/alert-rules/renewal_notice", as("admin"), {
      leadDays: [7],
      version: 0,
    });
    expect(stale.status).toBe(409);
    expect(issueOf(stale.body, "version")).toMatchObject({ values: { given: 0, stored: 1 } });

    const tooFar = await call("PUT", "/alert-rules/renewal_notice", as("admin"), {
      leadDays: [400],
      version: 1,
    });
    expect(tooFar.status).toBe(400);
    expect(issueOf(tooFar.body, "leadDays.0")).toBeDefined();
    const none = await call("PUT", "/alert-rules/renewal_notice", as("admin"), { leadDays: [], version: 1 });
    expect(issueOf(none.body, "leadDays")).toMatchObject({ reason: "alerts.reasons.noLeadTime" });
    expect(
      (await call("PUT", "/alert-rules/birthdays", as("admin"), { leadDays: [7], version: 0 })).status,
    ).toBe(400);
    await resetLeadTimes(handle.db, "renewal_notice");
  });
});
