import type { listOrganizations } from "../partners/organizations.service.js";
import type { Translate } from "../shared/i18n.js";
import type { Language } from "../shared/localized.js";
import { Localized } from "../web/components.js";
import { Page } from "../web/layout.js";

type PartnerItem = Awaited<ReturnType<typeof listOrganizations>>[number];

export function PartnersPage({
  lang,
  t,
  partners,
}: {
  lang: Language;
  t: Translate;
  partners: PartnerItem[];
}) {
  return (
    <Page lang={lang} t={t} title={t("partners.title")} section="partners" here="/partners">
      <h1>{t("partners.title")}</h1>
      {partners.length ? (
        <ul class="cards">
          {partners.map((partner) => (
            <li class="card">
              <h2>
                <Localized value={partner.name} />
                {partner.acronym ? (
                  <>
                    {" "}
                    (<bdi>{partner.acronym}</bdi>)
                  </>
                ) : null}
              </h2>
              <ul class="meta">
                <li>{t(`orgKind.${partner.kind}`)}</li>
                <li>
                  <a href={`/${lang}/agreements?partner=${partner.id}`}>
                    {t("partners.agreements", { count: partner.agreementCount })}
                  </a>
                </li>
              </ul>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("partners.none")}</p>
      )}
    </Page>
  );
}
