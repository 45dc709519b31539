import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { MAX_QUERY_LENGTH } from "../search/query.js";
import { type Actor, isSignedIn } from "../shared/actor.js";
import type { Translate } from "../shared/i18n.js";
import { type Language, languages, textDirection } from "../shared/localized.js";
import { assetUrl } from "./assets.js";
import { PageLanguageContext, usePage } from "./page-context.js";
import { workspacePath } from "./paths.js";

export type Section = "home" | "agreements" | "partners" | "territories" | "figures" | "none";
export type WorkspaceSection =
  | "dashboard"
  | "my-work"
  | "alerts"
  | "territory"
  | "agreements"
  | "organizations"
  | "documents"
  | "spreadsheet-import"
  | "users"
  | "audit"
  | "recently-deleted"
  | "tokens"
  | "calendar"
  | "outbox"
  | "open-data"
  | "translations";

export interface PageProps {
  lang: Language;
  t: Translate;
  title: string;
  section: Section;
  /** the path after /{lang}, with its query, so the language switcher keeps the page */
  here: string;
  children: Child;
  /** who is looking: a signed-in person gets a link to the workspace, and its menu there */
  actor?: Actor;
  /** set on workspace pages: the workspace menu replaces the portal's */
  workspace?: WorkspaceSection | "none";
  /** the workspace menu's entries (workspace pages) */
  menu?: readonly WorkspaceMenuItem[];
}

const navItems: { section: Section; path: string; key: string }[] = [
  { section: "home", path: "", key: "nav.home" },
  { section: "agreements", path: "/agreements", key: "nav.agreements" },
  { section: "partners", path: "/partners", key: "nav.partners" },
  { section: "territories", path: "/territories", key: "nav.territories" },
  { section: "figures", path: "/figures", key: "nav.figures" },
];

/** The workspace menu's groups, in the order the menu shows them (`shell.groups.<group>`). */
export const workspaceMenuGroups = ["registry", "followUp", "alertsCalendar", "administration"] as const;
export type WorkspaceMenuGroup = (typeof workspaceMenuGroups)[number];

/**
 * One entry of the workspace menu. The workspace (which mounts the modules) hands the list in,
 * each entry shown by its module's own policy, so the menu offers exactly the pages one may open.
 */
export interface WorkspaceMenuItem {
  section: WorkspaceSection;
  group: WorkspaceMenuGroup;
  path: string;
  key: string;
  /** who sees the entry; every signed-in person when absent */
  shows?: (actor: Actor) => boolean;
}

function WorkspaceMenu({
  actor,
  current,
  menu,
}: {
  actor: Actor;
  current: WorkspaceSection | "none";
  menu: readonly WorkspaceMenuItem[];
}) {
  const { lang, t } = usePage();
  const shown = menu.filter((item) => !item.shows || item.shows(actor));
  return (
    <>
      <nav class="site-nav workspace-nav" aria-label={t("workspace.nav.label")}>
        <ul class="menu-groups">
          {workspaceMenuGroups.map((group) => {
            const items = shown.filter((item) => item.group === group);
            if (!items.length) return null;
            return (
              <li>
                <span class="menu-group" id={`menu-group-${group}`}>
                  {t(`shell.groups.${group}`)}
                </span>
                <ul aria-labelledby={`menu-group-${group}`}>
                  {items.map((item) => (
                    <li>
                      <a
                        href={workspacePath(lang, item.path)}
                        aria-current={item.section === current ? "page" : undefined}
                      >
                        {t(item.key)}
                      </a>
                    </li>
                  ))}
                </ul>
              </li>
            );
          })}
          <li>
            <a href={`/${lang}`}>{t("workspace.nav.portal")}</a>
          </li>
        </ul>
      </nav>
      <search class="workspace-search" aria-label={t("workspace.search.label")}>
        <form method="get" action={workspacePath(lang, "/search")}>
          <label for="workspace-search" class="visually-hidden">
            {t("workspace.search.label")}
          </label>
          <input
            id="workspace-search"
            type="search"
            name="q"
            maxlength={MAX_QUERY_LENGTH}
            placeholder={t("workspace.search.label")}
          />
        </form>
      </search>
      <form class="sign-out" method="post" action={`/${lang}/workspace/sign-out`}>
        <span class="who">
          {actor.name ?? actor.email} · {t(`roles.${actor.role}`)}
        </span>{" "}
        <button type="submit" class="link-button">
          {t("auth.signOut")}
        </button>
      </form>
    </>
  );
}

export function Page({ lang, t, title, section, here, children, actor, workspace, menu }: PageProps) {
  return (
    <PageLanguageContext.Provider value={{ lang, t }}>
      <PageBody title={title} section={section} here={here} actor={actor} workspace={workspace} menu={menu}>
        {children}
      </PageBody>
    </PageLanguageContext.Provider>
  );
}

/** The page itself, inside the context that Page provides. */
function PageBody({ title, section, here, children, actor, workspace, menu }: Omit<PageProps, "lang" | "t">) {
  const { lang, t } = usePage();
  return (
    <>
      {raw("<!DOCTYPE html>")}
      <html lang={lang} dir={textDirection(lang)}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowEval":false}' />
          <title>{`${title} · ${t("app.name")}`}</title>
          <link rel="stylesheet" href={assetUrl("app.css")} />
          <link rel="icon" href={assetUrl("favicon.svg")} type="image/svg+xml" />
          {languages
            .filter((other) => other !== lang)
            .map((other) => (
              <link rel="alternate" hreflang={other} href={`/${other}${here}`} />
            ))}
          <script src={assetUrl("htmx.min.js")} defer />
          <script src={assetUrl("forms.js")} defer />
        </head>
        <body>
          <a class="skip-link" href="#main">
            {t("app.skipToContent")}
          </a>
          <header class="site-header">
            <div class="bar">
              <a class="brand" href={`/${lang}`}>
                <span>{t("app.name")}</span>
                <small>{t("app.tagline")}</small>
              </a>
              {/* A fold that works without JavaScript: closed behind its button on a phone, shown open on a wide screen (app.css). */}
              <details class="menu-fold">
                <summary class="button secondary">{t("shell.menu")}</summary>
                <div class="menu-panel">
                  {workspace && actor && isSignedIn(actor) ? (
                    <WorkspaceMenu actor={actor} current={workspace} menu={menu ?? []} />
                  ) : (
                    <nav class="site-nav" aria-label={t("app.mainNav")}>
                      <ul>
                        {navItems.map((item) => (
                          <li>
                            <a
                              href={`/${lang}${item.path}`}
                              aria-current={item.section === section ? "page" : undefined}
                            >
                              {t(item.key)}
                            </a>
                          </li>
                        ))}
                        <li>
                          <a href={`/${lang}/workspace`} aria-current={workspace ? "page" : undefined}>
                            {actor && isSignedIn(actor) ? t("workspace.nav.workspace") : t("auth.signIn")}
                          </a>
                        </li>
                      </ul>
                    </nav>
                  )}
                  <nav class="lang-switch" aria-label={t("app.language")}>
                    <ul>
                      {languages.map((other) => (
                        <li>
                          <a
                            href={`/${other}${here}`}
                            lang={other}
                            hreflang={other}
                            aria-current={other === lang ? "true" : undefined}
                          >
                            {t(`languages.${other}`)}
                          </a>
                        </li>
                      ))}
                    </ul>
                  </nav>
                </div>
              </details>
            </div>
          </header>
          <main id="main" tabindex={-1}>
            {children}
          </main>
          <footer class="site-footer">
            <div class="bar">
              <p>{t("footer.poweredBy")}</p>
              <p>
                <a href={`/${lang}/open-data`}>{t("footer.openData")}</a>
              </p>
              <p>{t("territories.attribution")}</p>
            </div>
          </footer>
        </body>
      </html>
    </>
  );
}
