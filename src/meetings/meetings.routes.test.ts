import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import {
  buildCommitteeMember,
  buildDecision,
  buildFollowUpAction,
  buildMeeting,
} from "../../test/followup-factories.js";
import { formFieldsOf } from "../../test/forms.js";
import { all, byName, byRole, fieldValue, one, parse, rowWith, selectedIn, textOf } from "../../test/html.js";
import { postForm, signIn } from "../../test/session.js";
import type { DatabaseHandle } from "../db/client.js";
import { agreements, committeeMembers, decisions, followUpActions, meetings } from "../db/schema/index.js";
import { todayInMorocco } from "../domain/figures.js";
import { systemActor } from "../shared/actor.js";
import { formatDateTime, translator } from "../shared/i18n.js";
import { updateCommitteeMember } from "./committee.service.js";
import { updateMeeting } from "./meetings.service.js";
import {
  agreementDocument,
  auditTrail,
  buildCommitteeWorld,
  type CommitteeWorld,
  type CommitteeWorldRole,
  moroccanDay,
  uploadsDir,
} from "./meetings.test-support.js";

const fr = translator("fr");
let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
let world: CommitteeWorld;
const folder = uploadsDir();
const cookies = new Map<CommitteeWorldRole, string>();

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db, { uploadsDir: folder });
  world = await buildCommitteeWorld(handle.db);
  for (const role of ["staff", "focal", "otherFocal", "council", "outsiderFocal"] as const) {
    cookies.set(role, await signIn(app, world.users[role].email));
  }
});
afterAll(async () => {
  await handle?.close();
});

const cookie = (role: CommitteeWorldRole) => cookies.get(role) ?? "";
const get = (path: string, role: CommitteeWorldRole) =>
  app.request(path, { headers: { cookie: cookie(role) } });
const post = (path: string, role: CommitteeWorldRole, fields: Record<string, string> | URLSearchParams) =>
  postForm(app, path, cookie(role), fields);
const page = (id: string) => `/fr/workspace/agreements/${id}`;

describe("the committee on the agreement page", () => {
  it("lists members, meetings newest first and open actions, overdue ones said in words", async () => {
    const { db } = handle;
    const agreementId = world.agreementId;
    await buildCommitteeMember(db, agreementId, { fullName: "Nadia Chraibi", role: "chair" });
    const old = await buildMeeting(db, agreementId, { startsAt: new Date("2025-02-01T10:00:00Z") });
    const recent = await buildMeeting(db, agreementId, { startsAt: new Date("2026-09-01T10:00:00Z") });
    await buildDecision(db, recent);
    await buildFollowUpAction(db, agreementId, {
      description: { fr: "Action en retard" },
      dueOn: moroccanDay(-3),
    });
    await buildFollowUpAction(db, agreementId, { description: { fr: "Action faite" }, status: "done" });
    const response = await get(page(agreementId), "staff");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Comité de pilotage");
    expect(html).toContain("Nadia Chraibi");
    expect(html).toContain("Président");
    expect(html.indexOf(`/fr/workspace/meetings/${recent.id}`)).toBeLessThan(
      html.indexOf(`/fr/workspace/meetings/${old.id}`),
    );
    expect(textOf(rowWith(parse(html), "Action en retard"))).toContain(fr("meetings.actions.overdue"));
    expect(html).not.toContain("Action faite");
    expect(html).toContain(`${page(agreementId)}/meetings/new`);
    expect(html).toContain(`${page(agreementId)}/committee-members/new`);
    expect(html).toContain(`${page(agreementId)}/actions/new`);
  });

  it("shows the focal point the committee without the staff's buttons, and no one out of scope", async () => {
    const focal = await (await get(page(world.agreementId), "focal")).text();
    expect(focal).toContain("Comité de pilotage");
    expect(focal).not.toContain("/meetings/new");
    expect(focal).not.toContain("/committee-members/new");
    // A public agreement is readable by all, its committee only where the scope reaches.
    await buildCommitteeMember(handle.db, world.publicAgreementId, { fullName: "Membre discret" });
    const outsider = await (await get(page(world.publicAgreementId), "focal")).text();
    expect(outsider).not.toContain("Comité de pilotage");
    expect(outsider).not.toContain("Membre discret");
    const party = await (await get(page(world.publicAgreementId), "outsiderFocal")).text();
    expect(party).toContain("Membre discret");
  });
});

describe("committee members in the workspace", () => {
  it("are added through the form; a refused one comes back with the input kept", async () => {
    const path = `${page(world.agreementId)}/committee-members`;
    const refused = await post(path, "staff", {
      fullName: " ",
      organizationId: world.otherPartyId,
      role: "observer",
    });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain("« nom complet » est à remplir.");
    const form = parse(html);
    expect(selectedIn(form, "organizationId")).toContain(world.otherPartyId);
    expect(selectedIn(form, "role")).toContain("observer");
    const added = await post(path, "staff", {
      fullName: "Hassan Berrada",
      organizationId: world.partnerId,
      role: "member",
    });
    expect(added.status).toBe(303);
    const location = added.headers.get("location") ?? "";
    expect(location).toContain("notice=member-added");
    expect(await (await get(location, "staff")).text()).toContain("Le membre a été ajouté au comité.");
    expect(await post(path, "focal", { fullName: "Pas moi" })).toHaveProperty("status", 403);
  });

  it("are changed and removed by the staff", async () => {
    const member = await buildCommitteeMember(handle.db, world.agreementId, { fullName: "Ancien nom" });
    const form = await get(`/fr/workspace/committee-members/${member.id}/edit`, "staff");
    expect(await form.text()).toContain('value="Ancien nom"');
    const saved = await post(`/fr/workspace/committee-members/${member.id}`, "staff", {
      fullName: "Nouveau nom",
      role: "secretary",
      position: "abc",
      version: "1",
    });
    expect(saved.status).toBe(400);
    expect(await saved.text()).toContain(
      "La valeur de « ordre » n’est pas valide : doit être un nombre entier",
    );
    const ok = await post(`/fr/workspace/committee-members/${member.id}`, "staff", {
      fullName: "Nouveau nom",
      role: "secretary",
      version: "1",
    });
    expect(ok.status).toBe(303);
    const again = await post(`/fr/workspace/committee-members/${member.id}`, "staff", {
      fullName: "Nouveau nom",
      role: "chair",
      version: "2",
    });
    expect(again.status).toBe(303);
    const [saved2] = await handle.db
      .select()
      .from(committeeMembers)
      .where(eq(committeeMembers.id, member.id));
    expect(saved2).toMatchObject({ role: "chair", version: 3 });
    const removed = await post(`/fr/workspace/committee-members/${member.id}/delete`, "staff", {
      confirm: "yes",
    });
    expect(removed.status).toBe(303);
    expect(await handle.db.select().from(committeeMembers).where(eq(committeeMembers.id, member.id))).toEqual(
      [],
    );
  });
});

describe("a committee member changed by two people", () => {
  it("shows both versions when someone saved first, keeping the person's input and writing nothing", async () => {
    const { db } = handle;
    const member = await buildCommitteeMember(db, world.agreementId, { fullName: "Youssef Alami" });
    const editPath = `/fr/workspace/committee-members/${member.id}`;
    const form = await (await get(`${editPath}/edit`, "staff")).text();
    expect(form).toContain('name="version" value="1"');
    const fields = new URLSearchParams(formFieldsOf(form, `form[method="post"][action="${editPath}"]`));
    fields.set("fullName", "Mon nom");
    await updateCommitteeMember({
      db,
      actor: systemActor,
      id: member.id,
      input: { fullName: "Leur nom", role: "observer", version: 1 },
    });
    const events = (await auditTrail(db, member.id)).length;
    const stale = await post(editPath, "staff", fields);
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(html).toContain("Quelqu’un d’autre a enregistré cette fiche");
    expect(html).toContain("Leur nom");
    expect(html).toContain('value="Mon nom"');
    expect(html).toContain('name="version" value="2"');
    const [kept] = await db.select().from(committeeMembers).where(eq(committeeMembers.id, member.id));
    expect(kept).toMatchObject({ fullName: "Leur nom", version: 2 });
    expect(await auditTrail(db, member.id)).toHaveLength(events);
    // Saving again is a deliberate choice: the form now carries their version.
    const again = new URLSearchParams(formFieldsOf(html, `form[method="post"][action="${editPath}"]`));
    expect((await post(editPath, "staff", again)).status).toBe(303);
    const [row] = await db.select().from(committeeMembers).where(eq(committeeMembers.id, member.id));
    expect(row).toMatchObject({ fullName: "Mon nom", version: 3 });
  });
});

describe("meetings in the workspace", () => {
  it("are recorded from the form on Moroccan time, in Ramadan and out of it", async () => {
    const member = await buildCommitteeMember(handle.db, world.agreementId, { fullName: "Salma Idrissi" });
    const path = `${page(world.agreementId)}/meetings`;
    const fields = (startsAt: string, title: string) =>
      new URLSearchParams([
        ["title.fr", title],
        ["title.ar", "اجتماع"],
        ["startsAt", startsAt],
        ["place", "Fès"],
        ["status", "held"],
        ["agenda.fr", "Point 1\nPoint 2"],
        ["attendeeIds", member.id],
      ]);
    const ramadan = await post(path, "staff", fields("2026-03-01T10:00", "Réunion de ramadan"));
    expect(ramadan.status).toBe(303);
    const summer = await post(path, "staff", fields("2026-06-01T10:00", "Réunion d'été"));
    const rows = await handle.db.select().from(meetings).where(eq(meetings.agreementId, world.agreementId));
    expect(rows.find((row) => row.title.fr === "Réunion de ramadan")?.startsAt.toISOString()).toBe(
      "2026-03-01T10:00:00.000Z",
    );
    expect(rows.find((row) => row.title.fr === "Réunion d'été")?.startsAt.toISOString()).toBe(
      "2026-06-01T09:00:00.000Z",
    );
    for (const [response, instant] of [
      [ramadan, "2026-03-01T10:00:00.000Z"],
      [summer, "2026-06-01T09:00:00.000Z"],
    ] as const) {
      const location = response.headers.get("location") ?? "";
      expect(location).toContain("notice=meeting-created");
      const shown = parse(await (await get(location, "council")).text());
      // Shown at 10:00 both times: the hour it was entered at, on Morocco's clock of that day.
      expect(textOf(one(shown, `time[datetime="${instant}"]`))).toBe(formatDateTime("fr", new Date(instant)));
      expect(formatDateTime("fr", new Date(instant))).toMatch(/10:00$/);
      expect(textOf(one(shown, "main"))).toContain("Salma Idrissi");
      expect(all(shown, "p").map(textOf)).toContain("Point 2");
    }
  });

  it("come back with the error and the input when refused", async () => {
    const response = await post(`${page(world.agreementId)}/meetings`, "staff", {
      "title.fr": "Trop tôt",
      startsAt: `${moroccanDay(20)}T09:30`,
      status: "held",
      place: "Tanger",
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("Statut : ne peut pas être « tenue » : la réunion est dans le futur");
    expect(html).toContain('value="Tanger"');
    expect(html).toContain(`value="${moroccanDay(20)}T09:30"`);
  });

  it("show both versions when someone saved first, keeping the person's input", async () => {
    const meeting = await buildMeeting(handle.db, world.agreementId, { title: { fr: "Titre initial" } });
    const editPath = `/fr/workspace/meetings/${meeting.id}`;
    const form = await (await get(`${editPath}/edit`, "staff")).text();
    expect(form).toContain('value="2026-05-12T10:00"');
    const fields = new URLSearchParams(formFieldsOf(form, `form[method="post"][action="${editPath}"]`));
    fields.set("title.fr", "Mon titre");
    await updateMeeting({
      db: handle.db,
      actor: systemActor,
      id: meeting.id,
      input: { title: { fr: "Leur titre" }, startsAt: "2026-05-12T10:00", status: "held", version: 1 },
    });
    const stale = await post(editPath, "staff", fields);
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(html).toContain("Quelqu’un d’autre a enregistré cette fiche");
    expect(html).toContain("Leur titre");
    expect(html).toContain('value="Mon titre"');
    expect(html).toContain('name="version" value="2"');
    const again = new URLSearchParams(formFieldsOf(html, `form[method="post"][action="${editPath}"]`));
    expect((await post(editPath, "staff", again)).status).toBe(303);
    const [row] = await handle.db.select().from(meetings).where(eq(meetings.id, meeting.id));
    expect(row?.title).toEqual({ fr: "Mon titre" });
    const meetingPage = await (await get(editPath, "staff")).text();
    expect(meetingPage).toContain(`/fr/workspace/history/meeting/${meeting.id}`);
    const history = await get(`/fr/workspace/history/meeting/${meeting.id}`, "staff");
    expect(history.status).toBe(200);
    expect(await history.text()).toContain("Mon titre");
  });

  it("link their minutes, and are deleted only without decisions", async () => {
    const minutes = await agreementDocument(handle.db, world.agreementId, folder);
    const meeting = await buildMeeting(handle.db, world.agreementId, { minutesDocumentId: minutes.id });
    const html = await (await get(`/fr/workspace/meetings/${meeting.id}`, "focal")).text();
    expect(html).toContain(`/fr/workspace/documents/${minutes.id}/download`);
    expect(html).not.toContain("Ajouter une décision");
    await buildDecision(handle.db, meeting);
    const refused = await post(`/fr/workspace/meetings/${meeting.id}/delete`, "staff", {
      version: "1",
      confirm: "yes",
    });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("sont enregistrées pour cette réunion : supprimez-les d’abord");
  });

  it("offer Arabic inputs right to left", async () => {
    const meeting = await buildMeeting(handle.db, world.agreementId);
    const html = await (await get(`/ar/workspace/meetings/${meeting.id}/edit`, "staff")).text();
    const form = parse(html);
    expect(one(form, "html").getAttribute("dir")).toBe("rtl");
    const titleAr = byName(form, "title.ar");
    expect([titleAr.getAttribute("lang"), titleAr.getAttribute("dir")]).toEqual(["ar", "rtl"]);
    expect(html).toContain("بتوقيت المغرب");
  });
});

describe("decisions and actions in the workspace", () => {
  it("record a decision with its action, or name what is missing in the action", async () => {
    const meeting = await buildMeeting(handle.db, world.agreementId);
    const path = `/fr/workspace/meetings/${meeting.id}/decisions`;
    const refused = await post(path, "staff", {
      "text.fr": "Lancer l'étude",
      "action.description.fr": "Rédiger les termes de référence",
      "action.ownerOrganizationId": world.partnerId,
    });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain("Action de suivi (facultative) — « échéance » est à remplir.");
    expect(html).toContain("Rédiger les termes de référence");
    const saved = await post(path, "staff", {
      "text.fr": "Lancer l'étude",
      "action.description.fr": "Rédiger les termes de référence",
      "action.ownerOrganizationId": world.partnerId,
      "action.dueOn": "2027-01-15",
    });
    expect(saved.status).toBe(303);
    const [decision] = await handle.db.select().from(decisions).where(eq(decisions.meetingId, meeting.id));
    const actions = await handle.db
      .select()
      .from(followUpActions)
      .where(eq(followUpActions.decisionId, decision?.id ?? ""));
    expect(actions).toHaveLength(1);
    const plain = await post(path, "staff", { "text.fr": "Sans action" });
    expect(plain.status).toBe(303);
    const pageHtml = await (await get(`/fr/workspace/meetings/${meeting.id}`, "staff")).text();
    expect(pageHtml).toMatch(/Lancer l&#39;étude[\s\S]*Rédiger les termes de référence[\s\S]*Sans action/);
  });

  it("let the owning organisation's focal point update the status, and no other", async () => {
    const action = await buildFollowUpAction(handle.db, world.agreementId, {
      ownerOrganizationId: world.partnerId,
    });
    const path = `/fr/workspace/actions/${action.id}`;
    const focalPage = await (await get(path, "focal")).text();
    // Each action's page is titled by what it asks, not by the kind of page alone.
    const [agreementRow] = await handle.db
      .select({ reference: agreements.reference })
      .from(agreements)
      .where(eq(agreements.id, world.agreementId));
    expect(textOf(one(parse(focalPage), "title"))).toBe(
      `${fr("meetings.actions.pageTitle", { description: action.description.fr, reference: agreementRow?.reference })} · ${fr("app.name")}`,
    );
    expect(focalPage).toContain(`${path}/status`);
    expect(focalPage).not.toContain('name="dueOn"');
    const otherPage = await (await get(path, "otherFocal")).text();
    expect(otherPage).not.toContain(`${path}/status`);
    expect((await post(`${path}/status`, "otherFocal", { status: "done", version: "1" })).status).toBe(403);
    const done = await post(`${path}/status`, "focal", { status: "done", version: "1" });
    expect(done.status).toBe(303);
    const [row] = await handle.db.select().from(followUpActions).where(eq(followUpActions.id, action.id));
    expect(row).toMatchObject({ status: "done", doneOn: todayInMorocco(), version: 2 });
    const stale = await post(`${path}/status`, "focal", { status: "in_progress", version: "1" });
    expect(stale.status).toBe(409);
    const conflict = parse(await stale.text());
    byRole(conflict, "alert", fr("workspace.conflict.title"));
    expect(selectedIn(conflict, "status")).toContain("in_progress");
    expect(fieldValue(byName(conflict, "version"))).toBe("2");
  });

  it("let the staff create and edit an action through the whole form", async () => {
    const created = await post(`${page(world.agreementId)}/actions`, "staff", {
      "description.fr": "Organiser l'atelier",
      ownerOrganizationId: world.otherPartyId,
      dueOn: "2027-02-01",
      status: "open",
    });
    expect(created.status).toBe(303);
    const location = created.headers.get("location") ?? "";
    const html = await (await get(location, "staff")).text();
    expect(html).toContain("L’action de suivi a été créée.");
    const id = location.split("/").pop()?.split("?")[0] ?? "";
    const fields = new URLSearchParams(
      formFieldsOf(html, `form[method="post"][action="/fr/workspace/actions/${id}"]`),
    );
    fields.set("status", "open");
    fields.set("doneOn", "2026-01-01");
    fields.set("dueOn", "2027-03-01");
    // A done date left in the form while the action is not done is not held against the person.
    expect((await post(`/fr/workspace/actions/${id}`, "staff", fields)).status).toBe(303);
    const [row] = await handle.db.select().from(followUpActions).where(eq(followUpActions.id, id));
    expect(row).toMatchObject({ dueOn: "2027-03-01", doneOn: null, version: 2 });
  });
});
