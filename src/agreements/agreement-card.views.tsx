import { excerpt } from "../search/highlight.js";
import type { SearchQuery } from "../search/query.js";
import { formatDate, listSeparator } from "../shared/i18n.js";
import { type LocalizedText, languages, pickText, textDirection } from "../shared/localized.js";
import { Localized, Marked, StatusBadge } from "../web/components.js";
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

/**
 * Where a search matched the summary: a short excerpt with the matched words marked, in the
 * page's language when the summary has it there, else in the first language where it matched.
 */
function SummaryExcerpt({ summary, query }: { summary: LocalizedText; query: SearchQuery }) {
  const { lang } = usePage();
  const preferred = pickText(summary, lang);
  const candidates = [
    ...(preferred ? [preferred] : []),
    ...languages.flatMap((other) => {
      const text = summary[other];
      return text && other !== preferred?.lang ? [{ text, lang: other }] : [];
    }),
  ];
  for (const candidate of candidates) {
    const parts = excerpt(candidate.text, query);
    if (parts)
      return (
        <p class="snippet" lang={candidate.lang} dir={textDirection(candidate.lang)}>
          <Marked parts={parts} />
        </p>
      );
  }
  return null;
}

export function AgreementCard({
  agreement,
  associationId,
  headingLevel = 3,
  highlight,
}: {
  agreement: AgreementListItem;
  associationId?: string;
  headingLevel?: 2 | 3;
  /** the search that found it: what matched is marked, and the summary excerpted where it matched */
  highlight?: SearchQuery;
}) {
  const { lang, t } = usePage();
  const partners = agreement.parties.filter((party) => party.organization.id !== associationId);
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <li class="card">
      <Heading>
        <a href={`/${lang}/agreements/${agreement.id}`}>
          <Localized value={agreement.title} highlight={highlight} />
        </a>
      </Heading>
      <AgreementMeta agreement={agreement} />
      {highlight ? <SummaryExcerpt summary={agreement.summary} query={highlight} /> : null}
      {partners.length ? (
        <p>
          {t("agreement.partnersLabel")}{" "}
          {partners.map((party, index) => (
            <>
              {index ? listSeparator(lang) : ""}
              <Localized value={party.organization.name} highlight={highlight} />
            </>
          ))}
        </p>
      ) : null}
    </li>
  );
}
