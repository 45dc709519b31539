import type { Executor } from "../db/client.js";
import type { Actor } from "../shared/actor.js";
import {
  arabicBase,
  foldText,
  MAX_WORD_LENGTH,
  splitWords,
  withoutLeadingZeros,
  wordVariants,
} from "./words.js";

/** One word of a query and the indexed words that answer it. */
export interface QueryTerm {
  /** as typed, folded */
  word: string;
  /** indexed words starting with one of these match (the word is still being typed) */
  prefixes: string[];
  /** indexed words equal to one of these match: its stems, a number without leading zeros */
  exact: string[];
}

export interface SearchQuery {
  terms: QueryTerm[];
  /** for to_tsquery('simple', …): every term must match, each by any of its forms */
  tsquery: string;
  /** the query as a reference is compared (see referenceKey) */
  referenceKey: string;
}

/** What every kind's search is asked: as whom, what was typed, and how many at most. */
export interface SearchRequest {
  db: Executor;
  actor: Actor;
  q: string;
  limit?: number;
}

/** The longest search a person may type: longer is refused (the API, the catalogue) or ignored. */
export const MAX_QUERY_LENGTH = 200;

/** A query reads at most this many words: enough for a title, bounded work for the database. */
export const MAX_QUERY_WORDS = 12;

/**
 * Words that say nothing of what is sought: left out of a query (unless it has nothing else),
 * so that "formation des élus" ranks a title with "formation" and "élus" first. Folded forms.
 */
const stopWords = new Set([
  ...["le", "la", "les", "de", "des", "du", "un", "une", "et", "ou", "en", "au", "aux", "pour", "par"],
  ...["sur", "dans", "avec", "the", "of", "and", "or", "for", "in", "on", "to", "an", "with", "by", "at"],
  ...["في", "من", "علي", "الي", "عن", "مع"],
]);

/** A one-letter word is a typo, a particle or the start of a word too short to narrow anything. */
const meaningful = (word: string) => word.length > 1 || /[0-9]/.test(word);

/**
 * A reference as people type it, compared whole: letters and digits only, numbers without
 * leading zeros ("AMPCPP-003", "ampcpp 3" and "ampcpp003" are one key).
 */
export function referenceKey(text: string): string {
  return splitWords(foldText(text)).map(withoutLeadingZeros).join("");
}

function termOf(word: string): QueryTerm {
  const prefixes = [word];
  const exact: string[] = [];
  const base = arabicBase(word);
  if (base?.article) prefixes.push(base.base);
  for (const variant of wordVariants(word)) if (!prefixes.includes(variant)) exact.push(variant);
  return { word, prefixes, exact };
}

/**
 * What a person typed as a search: its words folded like the indexed texts (words.ts), each
 * matched as typed or by its other forms. Undefined when nothing is left to search by (only
 * punctuation, marks or one-letter words): such a query finds nothing rather than everything.
 * The words hold only letters and digits, so no input can reach the tsquery syntax.
 */
export function parseSearchQuery(text: string): SearchQuery | undefined {
  const words = [...new Set(splitWords(foldText(text)).map((word) => word.slice(0, MAX_WORD_LENGTH)))].filter(
    meaningful,
  );
  const significant = words.filter((word) => !stopWords.has(word));
  const chosen = (significant.length ? significant : words).slice(0, MAX_QUERY_WORDS);
  if (!chosen.length) return undefined;
  const terms = chosen.map(termOf);
  const tsquery = terms
    .map((term) => `(${[...term.prefixes.map((prefix) => `${prefix}:*`), ...term.exact].join(" | ")})`)
    .join(" & ");
  return { terms, tsquery, referenceKey: referenceKey(text) };
}

/** Whether a folded word is one a query term matches: the highlighter's rule, the index's rule. */
export function termMatches(term: QueryTerm, word: string): boolean {
  const forms = [word, ...wordVariants(word)];
  return forms.some(
    (form) => term.prefixes.some((prefix) => form.startsWith(prefix)) || term.exact.includes(form),
  );
}

/** Whether the words of these texts, together, match every term of the query (as the index would). */
export function matchesEveryTerm(query: SearchQuery, ...texts: (string | null | undefined)[]): boolean {
  const words = texts.flatMap((text) => (text ? splitWords(foldText(text)) : []));
  return query.terms.every((term) => words.some((word) => termMatches(term, word)));
}
