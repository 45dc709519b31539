import type { Translate } from "../shared/i18n.js";
import { formatDate } from "../shared/i18n.js";
import type { Language } from "../shared/localized.js";
import { Localized, StatusBadge } from "../web/components.js";
import type { AgreementListItem } from "./agreements.queries.js";

/** Status, kind, reference and signature date, as one line under an agreement's title. */
export function AgreementMeta({
  agreement,
  lang,
  t,
}: {
  agreement: Pick<AgreementListItem, "status" | "kind" | "reference" | "signedOn">;
  lang: Language;
  t: Translate;
}) {
  return (
    <ul class="meta">
      <li>
        <StatusBadge status={agreement.status} t={t} />
      </li>
      <li>{t(`kind.${agreement.kind}`)}</li>
      <li>
        {t("agreement.reference")} <bdi>{agreement.reference}</bdi>
      </li>
      {agreement.signedOn ? (
        <li>
          {t("agreement.signedOn")} {formatDate(lang, agreement.signedOn)}
        </li>
      ) : null}
    </ul>
  );
}

export const listSeparator = (lang: Language) => (lang === "ar" ? "، " : ", ");

export function AgreementCard({
  agreement,
  lang,
  t,
  associationId,
  headingLevel = 3,
}: {
  agreement: AgreementListItem;
  lang: Language;
  t: Translate;
  associationId?: string;
  headingLevel?: 2 | 3;
}) {
  const partners = agreement.parties.filter((party) => party.organization.id !== associationId);
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <li class="card">
      <Heading>
        <a href={`/${lang}/agreements/${agreement.id}`}>
          <Localized value={agreement.title} lang={lang} t={t} />
        </a>
      </Heading>
      <AgreementMeta agreement={agreement} lang={lang} t={t} />
      {partners.length ? (
        <p>
          {t("agreement.partnersLabel")}{" "}
          {partners.map((party, index) => (
            <>
              {index ? listSeparator(lang) : ""}
              <Localized value={party.organization.name} lang={lang} t={t} />
            </>
          ))}
        </p>
      ) : null}
    </li>
  );
}
