import type { SearchQuery } from "../search/query.js";
import type { LocalizedText } from "../shared/localized.js";
import { Localized } from "../web/components.js";
import { usePage } from "../web/page-context.js";

/** At most this many suggestions in all; partners take at most this many of them. */
export const SUGGESTIONS = 8;
export const PARTNER_SUGGESTIONS = 3;

export interface Suggestions {
  agreements: { id: string; reference: string; title: LocalizedText }[];
  partners: { id: string; name: LocalizedText; acronym: string | null }[];
}

/**
 * Agreements and partners for what is being typed in the catalogue's search box, as links (the
 * box still searches on its own: this is a shortcut, and without JavaScript it never shows).
 * Swapped whole each time; empty when there is nothing to suggest.
 */
export function SuggestionList({ suggestions, query }: { suggestions: Suggestions; query?: SearchQuery }) {
  const { lang, t } = usePage();
  const partners = suggestions.partners.slice(0, PARTNER_SUGGESTIONS);
  const agreements = suggestions.agreements.slice(0, SUGGESTIONS - partners.length);
  if (!agreements.length && !partners.length) return <div id="search-suggestions" class="suggestions" />;
  return (
    <div id="search-suggestions" class="suggestions">
      <ul aria-label={t("catalogue.suggestions")}>
        {agreements.map((agreement) => (
          <li>
            <a href={`/${lang}/agreements/${agreement.id}`}>
              <Localized value={agreement.title} highlight={query} />
            </a>{" "}
            <small>
              <bdi>{agreement.reference}</bdi>
            </small>
          </li>
        ))}
        {partners.map((partner) => (
          <li>
            <a href={`/${lang}/agreements?partner=${partner.id}`}>
              <Localized value={partner.name} highlight={query} />
              {partner.acronym ? (
                <>
                  {" "}
                  (<bdi>{partner.acronym}</bdi>)
                </>
              ) : null}
            </a>{" "}
            <small>{t("catalogue.suggestedPartner")}</small>
          </li>
        ))}
      </ul>
    </div>
  );
}
