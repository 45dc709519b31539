import type { Context } from "hono";
import type { Child } from "hono/jsx";
import { isSignedIn } from "../shared/actor.js";
import { AppError } from "../shared/errors.js";
import { Breadcrumbs, type Crumb, defaultTrail } from "./breadcrumbs.js";
import type { AppEnv } from "./context.js";
import { Page, type WorkspaceSection } from "./layout.js";
import { PageLanguageContext } from "./page-context.js";

/** Every workspace page needs a signed-in person; the error handler sends others to sign in. */
export function requireSignedIn(c: Context<AppEnv>): void {
  if (!isSignedIn(c.var.actor)) throw new AppError("unauthenticated", "Sign in to see this page");
}

/** The path after /{lang}, with its query, for the language switcher. */
export function herePath(c: Context<AppEnv>): string {
  const url = new URL(c.req.url);
  return url.pathname.replace(/^\/(ar|fr|en)/, "") + url.search;
}

/**
 * A workspace page in the visitor's language, with the workspace menu and, for a signed-in
 * person, breadcrumbs: the page's `trail`, or Workspace › its menu entry › its title.
 */
export function renderWorkspace(
  c: Context<AppEnv>,
  {
    title,
    section,
    children,
    status,
    trail,
  }: { title: string; section: WorkspaceSection | "none"; children: Child; status?: number; trail?: Crumb[] },
) {
  const { lang, t, actor, workspaceMenu } = c.var;
  const path = c.req.path.replace(/^\/(ar|fr|en)\/workspace/, "");
  const crumbs = isSignedIn(actor)
    ? (trail ?? defaultTrail({ lang, t, menu: workspaceMenu ?? [], section, path, title }))
    : [];
  return c.html(
    <Page
      lang={lang}
      t={t}
      title={title}
      section="none"
      here={herePath(c)}
      actor={actor}
      workspace={section}
      menu={workspaceMenu}
    >
      <Breadcrumbs trail={crumbs} />
      {children}
    </Page>,
    (status ?? 200) as 200,
  );
}

/** An htmx fragment (a form, a list) in the page's language, for components that read it from usePage(). */
export function renderFragment(c: Context<AppEnv>, fragment: Child, status?: number) {
  const { lang, t } = c.var;
  return c.html(
    <PageLanguageContext.Provider value={{ lang, t }}>{fragment}</PageLanguageContext.Provider>,
    (status ?? 200) as 200,
  );
}

/** A notice after a redirect ("saved"), carried in the query so it works without JavaScript. */
export function Notice({ text }: { text?: string }) {
  return text ? (
    <p class="notice" role="status">
      {text}
    </p>
  ) : null;
}
