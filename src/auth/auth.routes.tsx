import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import { isSignedIn } from "../shared/actor.js";
import { MIN_PASSWORD_LENGTH } from "../users/password-links.js";
import { clientAddress } from "../web/client-address.js";
import { ErrorBox } from "../web/components.js";
import type { AppEnv } from "../web/context.js";
import { readFormBody } from "../web/forms.js";
import { Notice, renderWorkspace } from "../web/page.js";
import { AUTH_BASE_PATH } from "./auth.js";

/** The better-auth endpoints the application uses; every other one answers 404. */
const exposedAuthPaths = new Set([
  "/sign-in/email",
  "/sign-out",
  "/get-session",
  "/request-password-reset",
  "/reset-password",
]);

/**
 * Runs a request through better-auth's router (origin check, rate limit), with the one
 * client address this application trusts in X-Forwarded-For.
 */
async function callAuth(c: Context<AppEnv>, path: string, init: { method: string; body?: unknown }) {
  const { auth, services } = c.var;
  const headers = new Headers();
  headers.set("origin", new URL(services.publicUrl).origin);
  headers.set("x-forwarded-for", clientAddress(c, services.trustedProxies));
  headers.set("content-type", "application/json");
  for (const name of ["cookie", "user-agent", "accept-language"]) {
    const value = c.req.header(name);
    if (value) headers.set(name, value);
  }
  return auth.handler(
    new Request(`${services.publicUrl}${AUTH_BASE_PATH}${path}`, {
      method: init.method,
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    }),
  );
}

/** Only paths inside the workspace of the same language, so "next" cannot send anyone elsewhere. */
function safeNext(lang: string, next: unknown): string {
  const fallback = `/${lang}/workspace`;
  if (typeof next !== "string") return fallback;
  // A path in this language's workspace only, without control characters (a header cannot hold them).
  const safe =
    next.startsWith(`/${lang}/workspace`) &&
    !next.startsWith("//") &&
    !next.includes("\\") &&
    ![...next].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f);
  return safe ? next : fallback;
}

function copyCookies(from: Response, to: Headers) {
  for (const cookie of from.headers.getSetCookie()) to.append("set-cookie", cookie);
}

const signInForm = z.object({
  email: z.string().max(254),
  password: z.string().max(256),
  next: z.string().max(2000).optional(),
});

function SignInForm({
  c,
  error,
  email,
  next,
  notice,
}: {
  c: Context<AppEnv>;
  error?: string;
  email?: string;
  next?: string;
  notice?: string;
}) {
  const { lang, t } = c.var;
  return (
    <section class="narrow">
      <h1>{t("auth.signInTitle")}</h1>
      <Notice text={notice} />
      {error ? <ErrorBox title={t("errors.title")} messages={[error]} /> : null}
      <form method="post" action={`/${lang}/workspace/sign-in`} class="stacked">
        <input type="hidden" name="next" value={next ?? ""} />
        <label for="email">{t("auth.email")}</label>
        <input
          id="email"
          name="email"
          type="email"
          autocomplete="username"
          required
          value={email ?? ""}
          dir="ltr"
        />
        <label for="password">{t("auth.password")}</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
          dir="ltr"
        />
        <button type="submit" class="button">
          {t("auth.signIn")}
        </button>
      </form>
      <p>
        <a href={`/${lang}/workspace/forgot-password`}>{t("auth.forgot")}</a>
      </p>
    </section>
  );
}

/** Sign-in, sign-out and password pages of the workspace: plain forms, no JavaScript needed. */
export function authPageRoutes(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();

  pages.get("/sign-in", (c) => {
    const { lang, t, actor } = c.var;
    if (isSignedIn(actor)) return c.redirect(`/${lang}/workspace`, 303);
    const notice = c.req.query("notice");
    const known: Record<string, string> = {
      "signed-out": t("auth.signedOut"),
      "password-saved": t("auth.passwordSaved"),
      "sign-in": t("auth.sessionNeeded"),
    };
    return renderWorkspace(c, {
      title: t("auth.signInTitle"),
      section: "none",
      children: <SignInForm c={c} next={c.req.query("next")} notice={notice ? known[notice] : undefined} />,
    });
  });

  pages.post("/sign-in", async (c) => {
    const { lang, t } = c.var;
    const form = signInForm.safeParse(await readFormBody(c));
    const email = form.success ? form.data.email.trim().toLowerCase() : "";
    const next = form.success ? form.data.next : undefined;
    const fail = (message: string, status: number) =>
      renderWorkspace(c, {
        title: t("auth.signInTitle"),
        section: "none",
        status,
        children: <SignInForm c={c} error={message} email={email} next={next} />,
      });
    if (!form.success || !email || !form.data.password) return fail(t("auth.wrongCredentials"), 400);
    const response = await callAuth(c, "/sign-in/email", {
      method: "POST",
      body: { email, password: form.data.password, rememberMe: true },
    });
    if (response.status === 429) {
      const seconds = Number(response.headers.get("x-retry-after") ?? 60);
      return fail(t("auth.tooManyAttempts", { seconds }), 429);
    }
    // A deactivated account is refused by better-auth itself, as a wrong password (src/auth/auth.ts).
    if (!response.ok) return fail(t("auth.wrongCredentials"), 401);
    const headers = new Headers({ location: safeNext(lang, next) });
    copyCookies(response, headers);
    return new Response(null, { status: 303, headers });
  });

  pages.post("/sign-out", async (c) => {
    const response = await callAuth(c, "/sign-out", { method: "POST" });
    const headers = new Headers({ location: `/${c.var.lang}/workspace/sign-in?notice=signed-out` });
    copyCookies(response, headers);
    return new Response(null, { status: 303, headers });
  });

  const forgotPage = (c: Context<AppEnv>, notice?: string) => {
    const { lang, t } = c.var;
    return renderWorkspace(c, {
      title: t("auth.forgotTitle"),
      section: "none",
      children: (
        <section class="narrow">
          <h1>{t("auth.forgotTitle")}</h1>
          <Notice text={notice} />
          <p>{t("auth.forgotIntro")}</p>
          <form method="post" action={`/${lang}/workspace/forgot-password`} class="stacked">
            <label for="email">{t("auth.email")}</label>
            <input id="email" name="email" type="email" autocomplete="username" required dir="ltr" />
            <button type="submit" class="button">
              {t("auth.sendLink")}
            </button>
          </form>
        </section>
      ),
    });
  };
  pages.get("/forgot-password", (c) => forgotPage(c));
  pages.post("/forgot-password", async (c) => {
    const body = await readFormBody(c);
    const email = typeof body.email === "string" ? body.email.trim().toLowerCase().slice(0, 254) : "";
    if (email) {
      const response = await callAuth(c, "/request-password-reset", { method: "POST", body: { email } });
      if (response.status === 429) {
        const seconds = Number(response.headers.get("x-retry-after") ?? 60);
        return renderWorkspace(c, {
          title: c.var.t("auth.forgotTitle"),
          section: "none",
          status: 429,
          children: (
            <ErrorBox
              title={c.var.t("errors.title")}
              messages={[c.var.t("auth.tooManyAttempts", { seconds })]}
            />
          ),
        });
      }
    }
    // The same answer whether or not an account uses the address.
    return forgotPage(c, c.var.t("auth.linkSent"));
  });

  const resetPage = (c: Context<AppEnv>, token: string, error?: string, status = 200) => {
    const { lang, t } = c.var;
    return renderWorkspace(c, {
      title: t("auth.resetTitle"),
      section: "none",
      status,
      children: (
        <section class="narrow">
          <h1>{t("auth.resetTitle")}</h1>
          {error ? <ErrorBox title={t("errors.title")} messages={[error]} /> : null}
          <form method="post" action={`/${lang}/workspace/reset-password`} class="stacked">
            <input type="hidden" name="token" value={token} />
            <label for="password">{t("auth.newPassword")}</label>
            <input
              id="password"
              name="password"
              type="password"
              autocomplete="new-password"
              required
              minlength={MIN_PASSWORD_LENGTH}
              aria-describedby="password-hint"
              dir="ltr"
            />
            <small id="password-hint">{t("auth.passwordHint", { count: MIN_PASSWORD_LENGTH })}</small>
            <button type="submit" class="button">
              {t("auth.savePassword")}
            </button>
          </form>
        </section>
      ),
    });
  };
  pages.get("/reset-password", (c) => resetPage(c, (c.req.query("token") ?? "").slice(0, 200)));
  pages.post("/reset-password", async (c) => {
    const { lang, t } = c.var;
    const body = await readFormBody(c);
    const token = typeof body.token === "string" ? body.token.slice(0, 200) : "";
    const password = typeof body.password === "string" ? body.password : "";
    if (password.length < MIN_PASSWORD_LENGTH) {
      return resetPage(
        c,
        token,
        t("errors.invalidField", {
          field: t("auth.newPassword"),
          reason: t("auth.passwordTooShort", { count: MIN_PASSWORD_LENGTH }),
        }),
        400,
      );
    }
    const response = await callAuth(c, "/reset-password", {
      method: "POST",
      body: { token, newPassword: password.slice(0, 256) },
    });
    if (!response.ok) return resetPage(c, token, t("auth.invalidLink"), 400);
    return c.redirect(`/${lang}/workspace/sign-in?notice=password-saved`, 303);
  });

  return pages;
}

/** better-auth's JSON endpoints for scripts, limited to the ones the application relies on. */
export function authApiRoutes(): Hono<AppEnv> {
  const api = new Hono<AppEnv>();
  api.on(["GET", "POST"], "/*", async (c) => {
    const path = c.req.path.slice(AUTH_BASE_PATH.length);
    if (!exposedAuthPaths.has(path))
      return c.json(
        { error: { code: "not_found", message: `${c.req.path} was not found`, issues: [] } },
        404,
      );
    const { services, auth } = c.var;
    const headers = new Headers(c.req.raw.headers);
    headers.set("x-forwarded-for", clientAddress(c, services.trustedProxies));
    const url = new URL(c.req.url);
    return auth.handler(
      new Request(`${services.publicUrl}${url.pathname}${url.search}`, {
        method: c.req.method,
        headers,
        body: c.req.method === "GET" ? undefined : await c.req.arrayBuffer(),
      }),
    );
  });
  return api;
}
