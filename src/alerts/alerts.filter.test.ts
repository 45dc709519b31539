import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildFollowUpAction } from "../../test/followup-factories.js";
import { all as allIn, attr, parse, textOf } from "../../test/html.js";
import { postForm, signIn } from "../../test/session.js";
import type { DatabaseHandle } from "../db/client.js";
import { translator } from "../shared/i18n.js";
import {
  type AlertCentreWorld,
  activityEndingIn,
  alertOf,
  buildAlertCentreWorld,
  dayFromToday,
  evaluate,
} from "./alerts.test-support.js";

/** The centre shown one kind at a time: for the secretariat, who is told of thousands. */
let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
let world: AlertCentreWorld;
let cookie: string;
let activityIds: string[];

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db);
  world = await buildAlertCentreWorld(handle.db);
  cookie = await signIn(app, world.users.staff.email);
  activityIds = [
    (await activityEndingIn(handle.db, world.agreementId, -2, "Filtered workshop A")).id,
    (await activityEndingIn(handle.db, world.agreementId, -1, "Filtered workshop B")).id,
  ];
  await buildFollowUpAction(handle.db, world.agreementId, {
    dueOn: dayFromToday(-4),
    ownerOrganizationId: world.partnerId,
    description: { en: "Filtered action", fr: "Action filtrée" },
  });
  await evaluate(handle.db);
});
afterAll(async () => {
  await handle?.close();
});

const get = async (path: string) => {
  const response = await app.request(path, { headers: { cookie } });
  return { status: response.status, html: await response.text() };
};

describe("the alert centre, one kind at a time", () => {
  it("offers every kind the person has, with its count, and lists only the one chosen", async () => {
    const all = await get("/en/workspace/alerts");
    expect(all.html).toContain('href="/en/workspace/alerts?filter=activity_overdue"');
    const kinds = allIn(parse(all.html), "a").map(textOf);
    expect(kinds).toContain(`${translator("en")("alerts.kinds.activity_overdue")} (2)`);
    expect(kinds).toContain(`${translator("en")("alerts.kinds.action_overdue")} (1)`);
    expect(all.html).toContain("Filtered action");

    const activities = await get("/en/workspace/alerts?filter=activity_overdue");
    expect(activities.status).toBe(200);
    expect(activities.html).toContain("Filtered workshop A");
    expect(activities.html).toContain("Filtered workshop B");
    expect(activities.html).not.toContain("Filtered action");
    const list = parse(activities.html);
    const current = allIn(list, 'a[aria-current="page"] strong').map(textOf);
    expect(current).toContain(`${translator("en")("alerts.kinds.activity_overdue")} (2)`);
    // Each action's form keeps the kind, so the list it returns to is the same.
    const kept = allIn(list, 'form input[type="hidden"][name="filter"]').map((input) => attr(input, "value"));
    expect(kept.length).toBeGreaterThan(0);
    expect(new Set(kept)).toEqual(new Set(["activity_overdue"]));
  });

  it("goes back to the same kind after acknowledging, and refuses a kind it does not know", async () => {
    const alert = await alertOf(handle.db, activityIds[0] ?? "");
    const response = await postForm(app, `/fr/workspace/alerts/${alert.id}/acknowledge`, cookie, {
      filter: "activity_overdue",
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(
      "/fr/workspace/alerts?filter=activity_overdue&notice=acknowledged",
    );
    const after = await get("/fr/workspace/alerts?filter=activity_overdue");
    expect(after.html).not.toContain("Filtered workshop A");
    expect(after.html).toContain("Filtered workshop B");
    expect((await get("/en/workspace/alerts?filter=everything")).status).toBe(400);
  });
});
