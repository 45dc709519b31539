import { formatDate } from "../shared/i18n.js";
import type { Language } from "../shared/localized.js";
import { Localized, StatusBadge } from "../web/components.js";
import { usePage } from "../web/page-context.js";
import type { AgreementListItem } from "./agreements.queries.js";

/** Status, kind, reference and signature date, as one line under an agreement's title. */
export function AgreementMeta({
  agreement,
}: {
  agreement: Pick<AgreementListItem, "status" | "kind" | "reference" | "signedOn">;
}) {
  const { lang, t } = usePage();
  return (
    <ul class="meta">
      <li>
        <StatusBadge status={agreement.status} />
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
  associationId,
  headingLevel = 3,
}: {
  agreement: AgreementListItem;
  associationId?: string;
  headingLevel?: 2 | 3;
}) {
  const { lang, t } = usePage();
  const partners = agreement.parties.filter((party) => party.organization.id !== associationId);
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <li class="card">
      <Heading>
        <a href={`/${lang}/agreements/${agreement.id}`}>
          <Localized value={agreement.title} />
        </a>
      </Heading>
      <AgreementMeta agreement={agreement} />
      {partners.length ? (
        <p>
          {t("agreement.partnersLabel")}{" "}
          {partners.map((party, index) => (
            <>
              {index ? listSeparator(lang) : ""}
              <Localized value={party.organization.name} />
            </>
          ))}
        </p>
      ) : null}
    </li>
  );
}
