import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { expectShownAsText } from "../../test/html.js";
import { markupPayloads, refusedPayloads } from "../../test/payloads.js";
import { postForm, signIn } from "../../test/session.js";
import type { DatabaseHandle } from "../db/client.js";
import { buildCommitteeWorld, type CommitteeWorld } from "./meetings.test-support.js";

/** Every free text of the committee, typed by a hostile or careless person, comes back as text. */
let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
let world: CommitteeWorld;
let staff: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db);
  world = await buildCommitteeWorld(handle.db);
  staff = await signIn(app, world.users.staff.email);
});
afterAll(async () => {
  await handle?.close();
});

const page = async (path: string) => (await app.request(path, { headers: { cookie: staff } })).text();
const idFrom = (location: string | null) => (location ?? "").split("?")[0]?.split("/").pop() ?? "";

describe("the committee's free texts", () => {
  for (const payload of markupPayloads) {
    it(`stores and escapes ${payload}`, async () => {
      const agreementPage = `/fr/workspace/agreements/${world.agreementId}`;
      const member = await postForm(app, `${agreementPage}/committee-members`, staff, { fullName: payload });
      expect(member.status).toBe(303);
      const meeting = await postForm(app, `${agreementPage}/meetings`, staff, {
        "title.fr": payload,
        "title.ar": payload,
        startsAt: "2026-04-02T10:00",
        place: payload,
        "agenda.fr": `${payload}\n${payload}`,
        otherAttendees: payload,
      });
      expect(meeting.status).toBe(303);
      const meetingId = idFrom(meeting.headers.get("location"));
      const decision = await postForm(app, `/fr/workspace/meetings/${meetingId}/decisions`, staff, {
        "text.fr": payload,
        "action.description.fr": payload,
        "action.ownerOrganizationId": world.partnerId,
        "action.dueOn": "2027-01-01",
      });
      expect(decision.status).toBe(303);
      for (const path of [
        agreementPage,
        `/fr/workspace/meetings/${meetingId}`,
        `/fr/workspace/meetings/${meetingId}/edit`,
      ]) {
        expectShownAsText(await page(path), payload);
      }
      // A refused form shows the payload again, still as text.
      const refused = await postForm(app, `${agreementPage}/meetings`, staff, {
        "title.fr": payload,
        place: payload,
      });
      expect(refused.status).toBe(400);
      expectShownAsText(await refused.text(), payload);
    });
  }

  it("refuses hidden direction overrides and blank texts, naming the field", async () => {
    const response = await postForm(app, `/fr/workspace/agreements/${world.agreementId}/meetings`, staff, {
      "title.fr": refusedPayloads.rtlOverride,
      startsAt: "2026-04-02T10:00",
      place: refusedPayloads.tenThousand,
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain(
      "La valeur de « titre (français) » n’est pas valide : contient des caractères de contrôle",
    );
    expect(html).toContain("« lieu » est trop long : 300 caractères au plus.");
    const blank = await postForm(
      app,
      `/fr/workspace/agreements/${world.agreementId}/committee-members`,
      staff,
      {
        fullName: refusedPayloads.whitespaceOnly,
      },
    );
    expect(blank.status).toBe(400);
  });
});
