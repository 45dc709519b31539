import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import type { Translate } from "../shared/i18n.js";
import { type Language, languages, textDirection } from "../shared/localized.js";
import { assetUrl } from "./assets.js";

export type Section = "home" | "agreements" | "partners" | "territories" | "none";

export interface PageProps {
  lang: Language;
  t: Translate;
  title: string;
  section: Section;
  /** the path after /{lang}, with its query, so the language switcher keeps the page */
  here: string;
  children: Child;
}

const navItems: { section: Section; path: string; key: string }[] = [
  { section: "home", path: "", key: "nav.home" },
  { section: "agreements", path: "/agreements", key: "nav.agreements" },
  { section: "partners", path: "/partners", key: "nav.partners" },
  { section: "territories", path: "/territories", key: "nav.territories" },
];

export function Page({ lang, t, title, section, here, children }: PageProps) {
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
                </ul>
              </nav>
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
          </header>
          <main id="main" tabindex={-1}>
            {children}
          </main>
          <footer class="site-footer">
            <div class="bar">
              <p>{t("footer.poweredBy")}</p>
              <p>
                <a href="/api/v1/openapi.json">{t("footer.openData")}</a>
              </p>
              <p>{t("territories.attribution")}</p>
            </div>
          </footer>
        </body>
      </html>
    </>
  );
}
