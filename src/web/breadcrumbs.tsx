import type { Child } from "hono/jsx";
import type { Translate } from "../shared/i18n.js";
import type { Language } from "../shared/localized.js";
import type { WorkspaceMenuItem, WorkspaceSection } from "./layout.js";
import { usePage } from "./page-context.js";
import { workspacePath } from "./paths.js";

/** One step of a breadcrumb trail; the last is the page itself and has no link. */
export interface Crumb {
  label: Child;
  href?: string;
}

/** The way back up from a workspace page: Workspace › its menu entry › the page. */
export function Breadcrumbs({ trail }: { trail: readonly Crumb[] }) {
  const { t } = usePage();
  if (!trail.length) return null;
  const last = trail.length - 1;
  return (
    <nav class="breadcrumbs" aria-label={t("shell.breadcrumbs")}>
      <ol>
        {trail.map((crumb, index) => (
          <li>
            {index === last || !crumb.href ? (
              <span aria-current={index === last ? "page" : undefined}>{crumb.label}</span>
            ) : (
              <a href={crumb.href}>{crumb.label}</a>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** The first step of every workspace trail. */
export const workspaceCrumb = (lang: Language, t: Translate): Crumb => ({
  label: t("workspace.nav.workspace"),
  href: workspacePath(lang, ""),
});

/**
 * The trail a workspace page gets when it names none: the workspace, the menu entry it sits
 * under (unless it is that entry's own page), then the page's title.
 */
export function defaultTrail(options: {
  lang: Language;
  t: Translate;
  menu: readonly WorkspaceMenuItem[];
  section: WorkspaceSection | "none";
  /** the path after /{lang}/workspace */
  path: string;
  title: string;
}): Crumb[] {
  const { lang, t, menu, section, path, title } = options;
  // The dashboard is the workspace's first page: its trail is itself.
  if (path === "" || path === "/") return [{ label: title }];
  const item = menu.find((entry) => entry.section === section);
  const trail = [workspaceCrumb(lang, t)];
  if (item && item.path !== "" && item.path !== path.replace(/\/$/, "")) {
    trail.push({ label: t(item.key), href: workspacePath(lang, item.path) });
  }
  trail.push({ label: title });
  return trail;
}
