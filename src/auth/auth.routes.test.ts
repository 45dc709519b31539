import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TEST_ORIGIN } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildUser, TEST_PASSWORD } from "../../test/factories.js";
import { postForm, signIn } from "../../test/session.js";
import type { DatabaseHandle } from "../db/client.js";
import { apiTokens, outboxEmails, sessions, users } from "../db/schema/index.js";
import { systemActor } from "../shared/actor.js";
import { createApiToken } from "../tokens/tokens.service.js";
import { actorFromUser } from "../users/users.presenter.js";
import { updateUser } from "../users/users.service.js";

let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db);
});
afterAll(async () => {
  await handle?.close();
});

type App = ReturnType<typeof createTestApp>;

/** The sign-in form as a browser posts it, from a given client address. */
function postSignIn(
  target: App,
  fields: Record<string, string>,
  { address = "192.0.2.1", origin = TEST_ORIGIN }: { address?: string; origin?: string } = {},
) {
  return target.request("/fr/workspace/sign-in", {
    method: "POST",
    headers: {
      origin,
      "content-type": "application/x-www-form-urlencoded",
      "x-forwarded-for": address,
    },
    body: new URLSearchParams(fields).toString(),
  });
}

const sessionCookies = (response: Response) =>
  response.headers.getSetCookie().filter((cookie) => /sharaka\.session_token=[^;]+/.test(cookie));
const sessionCookieHeader = (response: Response) =>
  sessionCookies(response)
    .map((cookie) => cookie.split(";")[0])
    .join("; ");

/** Whether a Cookie header still opens the workspace (a redirect to sign-in means it does not). */
async function opensWorkspace(cookie: string): Promise<boolean> {
  const response = await app.request("/fr/workspace", { headers: { cookie } });
  if (response.status === 200) return true;
  expect(response.status).toBe(303);
  expect(response.headers.get("location")).toMatch(/^\/fr\/workspace\/sign-in\?notice=sign-in/);
  return false;
}

async function latestEmailTo(address: string) {
  const [email] = await handle.db
    .select()
    .from(outboxEmails)
    .where(eq(outboxEmails.toAddress, address))
    .orderBy(desc(outboxEmails.createdAt));
  return email;
}

describe("signing in with the form", () => {
  it("answers 303 with an HttpOnly, SameSite=Lax session cookie, not Secure over http", async () => {
    const user = await buildUser(handle.db);
    const response = await postSignIn(app, { email: user.email, password: TEST_PASSWORD });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/fr/workspace");
    const [cookie] = sessionCookies(response);
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/^sharaka\.session_token=/);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    expect(cookie).not.toMatch(/;\s*Secure/i);
    expect(await opensWorkspace(cookie?.split(";")[0] ?? "")).toBe(true);
  });

  it("marks the cookie Secure when the public address is https", async () => {
    const user = await buildUser(handle.db);
    const secureApp = createTestApp(handle.db, { publicUrl: "https://sharaka.example" });
    const response = await postSignIn(
      secureApp,
      { email: user.email, password: TEST_PASSWORD },
      { origin: "https://sharaka.example" },
    );
    expect(response.status).toBe(303);
    const [cookie] = sessionCookies(response);
    expect(cookie).toMatch(/^__Secure-sharaka\.session_token=/);
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
  });

  it("refuses a wrong password with 401, says so in French, and sets no cookie", async () => {
    const user = await buildUser(handle.db);
    const response = await postSignIn(app, { email: user.email, password: "not the password at all" });
    expect(response.status).toBe(401);
    expect(sessionCookies(response)).toEqual([]);
    const html = await response.text();
    expect(html).toContain("L’adresse ou le mot de passe n’est pas correct.");
    expect(html).toContain(`value="${user.email}"`);
  });

  it("sends `next` only inside the workspace", async () => {
    const user = await buildUser(handle.db);
    for (const next of ["//evil.example", "https://evil.example", "/fr/../evil", "/\\evil.example"]) {
      const response = await postSignIn(app, { email: user.email, password: TEST_PASSWORD, next });
      expect(response.status, next).toBe(303);
      expect(response.headers.get("location"), next).toBe("/fr/workspace");
    }
    const inside = await postSignIn(app, {
      email: user.email,
      password: TEST_PASSWORD,
      next: "/fr/workspace/account/tokens",
    });
    expect(inside.headers.get("location")).toBe("/fr/workspace/account/tokens");
  });

  it("limits attempts per address: the 4th in a minute gets 429, another address still gets through", async () => {
    const user = await buildUser(handle.db);
    const limited = createTestApp(handle.db, { signInPerMinute: 3 });
    const wrong = { email: user.email, password: "wrong password, again" };
    for (let attempt = 1; attempt <= 3; attempt++) {
      const response = await postSignIn(limited, wrong, { address: "203.0.113.7" });
      expect(response.status, `attempt ${attempt}`).toBe(401);
    }
    const blocked = await postSignIn(
      limited,
      { email: user.email, password: TEST_PASSWORD },
      { address: "203.0.113.7" },
    );
    expect(blocked.status).toBe(429);
    expect(sessionCookies(blocked)).toEqual([]);
    expect(await blocked.text()).toMatch(/Trop de tentatives\. Attendez \d+ secondes puis réessayez\./);
    const other = await postSignIn(
      limited,
      { email: user.email, password: TEST_PASSWORD },
      { address: "198.51.100.23" },
    );
    expect(other.status).toBe(303);
  });
});

describe("deactivated accounts and ended sessions", () => {
  it("a deactivated user cannot sign in, and their open session stops working", async () => {
    const admin = await buildUser(handle.db, { role: "admin" });
    const user = await buildUser(handle.db, { role: "secretariat" });
    const userCookie = await signIn(app, user.email);
    expect(await opensWorkspace(userCookie)).toBe(true);

    const adminCookie = await signIn(app, admin.email);
    const saved = await postForm(app, `/fr/workspace/users/${user.id}`, adminCookie, {
      name: user.name,
      role: user.role,
      locale: "fr",
      version: String(user.version),
    });
    expect(saved.status).toBe(303);
    const [row] = await handle.db.select().from(users).where(eq(users.id, user.id));
    expect(row?.active).toBe(false);

    expect(await opensWorkspace(userCookie)).toBe(false);
    const again = await postSignIn(app, { email: user.email, password: TEST_PASSWORD });
    expect(again.status).toBe(401);
    expect(sessionCookies(again)).toEqual([]);
    expect(await again.text()).toContain("L’adresse ou le mot de passe n’est pas correct.");
  });

  it("a deactivated account's right password gets exactly the wrong-password answer, on the API and the form", async () => {
    const user = await buildUser(handle.db, { role: "secretariat" });
    await updateUser({
      db: handle.db,
      actor: systemActor,
      id: user.id,
      input: { name: user.name, role: user.role, locale: "fr", active: false, version: user.version },
    });
    let address = 10;
    const apiSignIn = (password: string) =>
      app.request("/api/auth/sign-in/email", {
        method: "POST",
        headers: {
          origin: TEST_ORIGIN,
          "content-type": "application/json",
          "x-forwarded-for": `198.51.100.${address++}`,
        },
        body: JSON.stringify({ email: user.email, password }),
      });
    const answer = async (response: Response) => ({
      status: response.status,
      cookies: sessionCookies(response),
      body: await response.text(),
    });

    const wrongApi = await answer(await apiSignIn("not the password at all"));
    expect(wrongApi.status).toBe(401);
    expect(await answer(await apiSignIn(TEST_PASSWORD))).toEqual(wrongApi);

    const form = (password: string) =>
      postSignIn(app, { email: user.email, password }, { address: `198.51.100.${address++}` });
    const wrongForm = await answer(await form("not the password at all"));
    expect(wrongForm.status).toBe(401);
    expect(await answer(await form(TEST_PASSWORD))).toEqual(wrongForm);
    // Refused before a session exists, not by ending one afterwards.
    expect(await handle.db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);

    // An active account still signs in through the API, and its cookie opens the workspace.
    const active = await buildUser(handle.db);
    const signedIn = await app.request("/api/auth/sign-in/email", {
      method: "POST",
      headers: {
        origin: TEST_ORIGIN,
        "content-type": "application/json",
        "x-forwarded-for": "198.51.100.99",
      },
      body: JSON.stringify({ email: active.email, password: TEST_PASSWORD }),
    });
    expect(signedIn.status).toBe(200);
    expect((await signedIn.json()).user.email).toBe(active.email);
    expect(await opensWorkspace(sessionCookieHeader(signedIn))).toBe(true);
  });

  it("signing out ends the session: the old cookie no longer opens the workspace", async () => {
    const user = await buildUser(handle.db);
    const cookie = await signIn(app, user.email);
    const response = await postForm(app, "/fr/workspace/sign-out", cookie, {});
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/fr/workspace/sign-in?notice=signed-out");
    expect(await opensWorkspace(cookie)).toBe(false);
  });

  it("an expired session no longer works", async () => {
    const user = await buildUser(handle.db);
    const cookie = await signIn(app, user.email);
    expect(await opensWorkspace(cookie)).toBe(true);
    await handle.db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(eq(sessions.userId, user.id));
    expect(await opensWorkspace(cookie)).toBe(false);
  });
});

describe("forgotten password", () => {
  it("emails a one-time link that sets a new password", async () => {
    const user = await buildUser(handle.db);
    const asked = await postForm(app, "/fr/workspace/forgot-password", "", {
      email: user.email.toUpperCase(),
    });
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain("Si un compte utilise cette adresse, un lien y a été envoyé.");

    const email = await latestEmailTo(user.email);
    expect(email?.status).toBe("kept");
    expect(email?.purpose).toBe("password_reset");
    const link = email?.textBody.match(/http:\/\/localhost(\/fr\/workspace\/reset-password\?token=\S+)/)?.[1];
    expect(link).toBeDefined();

    const form = await app.request(link as string);
    expect(form.status).toBe(200);
    const token = new URL(link as string, TEST_ORIGIN).searchParams.get("token") as string;
    expect(await form.text()).toContain(`value="${token}"`);

    const newPassword = "a brand new passphrase";
    const saved = await postForm(app, "/fr/workspace/reset-password", "", { token, password: newPassword });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe("/fr/workspace/sign-in?notice=password-saved");

    expect((await postSignIn(app, { email: user.email, password: TEST_PASSWORD })).status).toBe(401);
    expect(await opensWorkspace(await signIn(app, user.email, newPassword))).toBe(true);

    const reused = await postForm(app, "/fr/workspace/reset-password", "", {
      token,
      password: "yet another passphrase",
    });
    expect(reused.status).toBe(400);
    expect(await reused.text()).toContain("Ce lien n’est pas valable ou a expiré.");
    expect((await postSignIn(app, { email: user.email, password: "yet another passphrase" })).status).toBe(
      401,
    );
  });

  it("keeps only the newest link working, and ends the account's API tokens once the password is reset", async () => {
    const user = await buildUser(handle.db);
    const tokenOf = (text: string | undefined) =>
      text?.match(/reset-password\?token=(\S+)/)?.[1]
        ? decodeURIComponent(text.match(/reset-password\?token=(\S+)/)?.[1] ?? "")
        : "";
    await postForm(app, "/fr/workspace/forgot-password", "", { email: user.email });
    const first = tokenOf((await latestEmailTo(user.email))?.textBody);
    await postForm(app, "/fr/workspace/forgot-password", "", { email: user.email });
    const second = tokenOf((await latestEmailTo(user.email))?.textBody);
    expect(first).not.toBe(second);
    const { secret } = await createApiToken({
      db: handle.db,
      actor: { ...actorFromUser(user), via: "session" },
      input: { name: "script", scope: "read" },
    });
    const bearer = { authorization: `Bearer ${secret}` };
    expect((await app.request("/api/v1/agreements", { headers: bearer })).status).toBe(200);

    const stale = await postForm(app, "/fr/workspace/reset-password", "", {
      token: first,
      password: "an older link's pass",
    });
    expect(stale.status).toBe(400);
    const saved = await postForm(app, "/fr/workspace/reset-password", "", {
      token: second,
      password: "the newest link's pass",
    });
    expect(saved.status).toBe(303);
    expect((await app.request("/api/v1/agreements", { headers: bearer })).status).toBe(401);
  });

  it("gives the same answer for an address no account uses, and sends nothing", async () => {
    const response = await postForm(app, "/fr/workspace/forgot-password", "", {
      email: "nobody-here@example.org",
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Si un compte utilise cette adresse, un lien y a été envoyé.");
    expect(await latestEmailTo("nobody-here@example.org")).toBeUndefined();
  });
});

describe("requests from elsewhere", () => {
  it("refuses a form posted from another site with 403, and changes nothing", async () => {
    const user = await buildUser(handle.db);
    const cookie = await signIn(app, user.email);
    const forged = await app.request("/fr/workspace/account/tokens", {
      method: "POST",
      headers: {
        origin: "https://evil.example",
        cookie,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ name: "stolen", scope: "write" }).toString(),
    });
    expect(forged.status).toBe(403);
    expect(await handle.db.select().from(apiTokens).where(eq(apiTokens.userId, user.id))).toEqual([]);

    const signOut = await app.request("/fr/workspace/sign-out", {
      method: "POST",
      headers: {
        origin: "https://evil.example",
        cookie,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: "",
    });
    expect(signOut.status).toBe(403);
    expect(await opensWorkspace(cookie)).toBe(true);
  });

  it("refuses a form with no Origin that the browser marks cross-site", async () => {
    const user = await buildUser(handle.db);
    const response = await app.request("/fr/workspace/sign-in", {
      method: "POST",
      headers: { "sec-fetch-site": "cross-site", "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: user.email, password: TEST_PASSWORD }).toString(),
    });
    expect(response.status).toBe(403);
    expect(sessionCookies(response)).toEqual([]);
  });

  it("keeps sign-up closed", async () => {
    const response = await app.request("/api/auth/sign-up/email", {
      method: "POST",
      headers: { origin: TEST_ORIGIN, "content-type": "application/json" },
      body: JSON.stringify({ email: "self@example.org", password: "a long enough password", name: "Self" }),
    });
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe("not_found");
  });
});
