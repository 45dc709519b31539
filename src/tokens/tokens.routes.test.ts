import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TEST_ORIGIN } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildUser } from "../../test/factories.js";
import { expectErrorsMarked } from "../../test/form-errors.js";
import { attr, one, parse, textOf } from "../../test/html.js";
import { postForm, signIn } from "../../test/session.js";
import type { DatabaseHandle } from "../db/client.js";
import { apiTokens } from "../db/schema/index.js";
import { systemActor } from "../shared/actor.js";
import { updateUser } from "../users/users.service.js";
import { findActorByApiToken } from "./tokens.service.js";

let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
let internalId: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db);
  internalId = (await buildAgreement(handle.db, { reference: "TOK-INTERNAL", visibility: "internal" })).id;
});
afterAll(async () => {
  await handle?.close();
});

const bearer = (secret: string, path = "/api/v1/agreements?limit=100") =>
  app.request(path, { headers: { authorization: `Bearer ${secret}` } });

/** Creates a token through the page; returns the page and the secret it shows. */
async function createToken(cookie: string, fields: Record<string, string>) {
  const response = await postForm(app, "/fr/workspace/account/tokens", cookie, fields);
  const html = await response.text();
  const shown = parse(html).querySelector('p.secret[dir="ltr"] code');
  const secret = shown ? textOf(shown) : undefined;
  return { response, html, secret };
}

describe("personal API tokens", () => {
  it("shows the secret once; the token then acts as its user, until revoked", async () => {
    const user = await buildUser(handle.db, { role: "secretariat" });
    const cookie = await signIn(app, user.email);
    const empty = await app.request("/fr/workspace/account/tokens", { headers: { cookie } });
    expect(empty.status).toBe(200);
    expect(await empty.text()).toContain("Vous n’avez aucun jeton.");

    const { response, html, secret } = await createToken(cookie, {
      name: "Script de suivi",
      scope: "write",
      expiresInDays: "30",
    });
    expect(response.status).toBe(201);
    expect(secret).toBeDefined();
    expect(html).toContain("Copiez-le maintenant : il ne sera plus jamais affiché.");
    expect(html).toContain("Votre nouveau jeton « Script de suivi »");

    const list = await (await app.request("/fr/workspace/account/tokens", { headers: { cookie } })).text();
    expect(list).not.toContain(secret);
    expect(list).toContain("Script de suivi");
    expect(list).toContain((secret as string).slice(0, 10));
    expect(list).toContain("Lecture et écriture");
    expect(list).not.toContain('class="secret"');

    const answer = await bearer(secret as string);
    expect(answer.status).toBe(200);
    const ids = ((await answer.json()) as { items: { id: string }[] }).items.map((item) => item.id);
    expect(ids).toContain(internalId);
    // The anonymous public does not see the internal agreement.
    const anonymous = (await (await app.request("/api/v1/agreements?limit=100")).json()) as {
      items: { id: string }[];
    };
    expect(anonymous.items.map((item) => item.id)).not.toContain(internalId);

    const [row] = await handle.db.select().from(apiTokens).where(eq(apiTokens.userId, user.id));
    expect(row?.lastUsedAt).toBeInstanceOf(Date);
    const revoked = await postForm(app, `/fr/workspace/account/tokens/${row?.id}/revoke`, cookie, {});
    expect(revoked.status).toBe(303);
    expect(revoked.headers.get("location")).toBe("/fr/workspace/account/tokens?notice=revoked");
    const after = await (
      await app.request(revoked.headers.get("location") as string, { headers: { cookie } })
    ).text();
    expect(after).toContain("Le jeton est révoqué");
    expect(after).toContain("Révoqué le");

    const refused = await bearer(secret as string);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("unauthenticated");
  });

  it("records a read token's scope, and the actor it stands for reads only", async () => {
    const user = await buildUser(handle.db, { role: "secretariat" });
    const cookie = await signIn(app, user.email);
    const { response, secret } = await createToken(cookie, { name: "Lecture seule", scope: "read" });
    expect(response.status).toBe(201);
    const [row] = await handle.db.select().from(apiTokens).where(eq(apiTokens.userId, user.id));
    expect(row).toMatchObject({ scope: "read", expiresAt: null });
    const actor = await findActorByApiToken({ db: handle.db, secret: secret as string });
    expect(actor).toMatchObject({ id: user.id, role: "secretariat", via: "token", tokenScope: "read" });
    expect((await bearer(secret as string)).status).toBe(200);
  });

  it("stops a token when its user is deactivated", async () => {
    const user = await buildUser(handle.db, { role: "secretariat" });
    const cookie = await signIn(app, user.email);
    const { secret } = await createToken(cookie, { name: "Bientôt inactif", scope: "read" });
    expect((await bearer(secret as string)).status).toBe(200);
    await updateUser({
      db: handle.db,
      actor: systemActor,
      id: user.id,
      input: { name: user.name, role: user.role, locale: "fr", active: false, version: user.version },
    });
    expect((await bearer(secret as string)).status).toBe(401);
  });

  it("refuses a bad name or expiry, naming the field in French beside it and in the summary", async () => {
    const user = await buildUser(handle.db);
    const cookie = await signIn(app, user.email);
    const { response, html } = await createToken(cookie, { name: "", scope: "read", expiresInDays: "9999" });
    expect(response.status).toBe(400);
    const summary = expectErrorsMarked(html, [{ name: "name" }, { name: "expiresInDays" }]);
    const page = parse(html);
    expect(textOf(one(page, "#expiresInDays-error"))).toBe(summary[1]);
    expect(attr(one(page, "#expiresInDays"), "aria-describedby")).toBe(
      "expiresInDays-hint expiresInDays-error",
    );
    expect(summary).toEqual(["« nom » est à remplir.", "« expire dans (jours) » est trop grand."]);
    expect(html).not.toContain('class="secret"');
    expect(await handle.db.select().from(apiTokens).where(eq(apiTokens.userId, user.id))).toEqual([]);
  });

  it("cannot be managed with a bearer token, only with a session", async () => {
    const user = await buildUser(handle.db, { role: "admin" });
    const cookie = await signIn(app, user.email);
    const { secret } = await createToken(cookie, { name: "Jeton d’écriture", scope: "write" });
    const minted = await app.request("/fr/workspace/account/tokens", {
      method: "POST",
      headers: {
        origin: TEST_ORIGIN,
        authorization: `Bearer ${secret}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ name: "Successeur", scope: "write" }).toString(),
    });
    expect(minted.status).toBe(401);
    expect(await minted.text()).not.toContain("shk_");
    const listed = await bearer(secret as string, "/fr/workspace/account/tokens");
    expect(listed.status).toBe(303);
    expect(listed.headers.get("location")).toMatch(/^\/fr\/workspace\/sign-in/);
    const rows = await handle.db.select().from(apiTokens).where(eq(apiTokens.userId, user.id));
    expect(rows.map((row) => row.name)).toEqual(["Jeton d’écriture"]);
  });

  it("lets nobody revoke another person's token", async () => {
    const owner = await buildUser(handle.db);
    const other = await buildUser(handle.db, { role: "admin" });
    const { secret } = await createToken(await signIn(app, owner.email), { name: "À moi", scope: "read" });
    const [row] = await handle.db.select().from(apiTokens).where(eq(apiTokens.userId, owner.id));
    const response = await postForm(
      app,
      `/fr/workspace/account/tokens/${row?.id}/revoke`,
      await signIn(app, other.email),
      {},
    );
    expect(response.status).toBe(404);
    expect((await bearer(secret as string)).status).toBe(200);
  });
});
