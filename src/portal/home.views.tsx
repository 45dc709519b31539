import { AgreementCard } from "../agreements/agreement-card.views.js";
import type { AgreementListItem, countAgreementFigures } from "../agreements/agreements.queries.js";
import type { OrganizationRow } from "../partners/organizations.service.js";
import { formatNumber, type Translate } from "../shared/i18n.js";
import { type Language, textOf } from "../shared/localized.js";
import { Page } from "../web/layout.js";

type Figures = Awaited<ReturnType<typeof countAgreementFigures>>;

export function HomePage({
  lang,
  t,
  figures,
  latest,
  association,
}: {
  lang: Language;
  t: Translate;
  figures: Figures;
  latest: AgreementListItem[];
  association?: OrganizationRow;
}) {
  const associationName = textOf(association?.name, lang);
  const active = (figures.byStatus.in_force ?? 0) + (figures.byStatus.signed ?? 0);
  const figure = (value: number, key: string) => (
    <li>
      <strong>{formatNumber(lang, value)}</strong>
      {t(key, { count: value })}
    </li>
  );
  return (
    <Page lang={lang} t={t} title={t("home.title")} section="home" here="">
      <h1>{t("home.title")}</h1>
      <p>{t("home.intro", { association: associationName })}</p>
      <section aria-labelledby="figures-heading">
        <h2 id="figures-heading">{t("home.figures")}</h2>
        <ul class="figures">
          {figure(figures.agreements, "home.figure_agreements")}
          {figure(active, "home.figure_inForce")}
          {figure(figures.partners, "home.figure_partners")}
          {figure(figures.objectives, "home.figure_objectives")}
        </ul>
      </section>
      <section aria-labelledby="latest-heading">
        <h2 id="latest-heading">{t("home.latest")}</h2>
        <ul class="cards">
          {latest.map((agreement) => (
            <AgreementCard agreement={agreement} associationId={association?.id} />
          ))}
        </ul>
        <p>
          <a class="button" href={`/${lang}/agreements`}>
            {t("home.seeAll")}
          </a>
        </p>
      </section>
    </Page>
  );
}
