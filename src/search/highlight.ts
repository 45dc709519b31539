import { type SearchQuery, termMatches } from "./query.js";
import { foldText, splitWords } from "./words.js";

/** A piece of a text, and whether a word of the query matched it. */
export interface TextPart {
  text: string;
  match: boolean;
}

/** Words as written, with their marks and elided articles ("l'université", "التَّخْطِيط"). */
const writtenWord = /([\p{L}\p{N}\p{M}'’]+)/u;

/**
 * A text cut into the words a query matches and the rest, by the rule search itself follows
 * (termMatches): what the reader sees marked is what was found.
 */
export function highlightParts(text: string, query: SearchQuery): TextPart[] {
  const parts: TextPart[] = [];
  for (const piece of text.split(writtenWord)) {
    if (!piece) continue;
    const words = splitWords(foldText(piece));
    const match =
      words.length > 0 && words.some((word) => query.terms.some((term) => termMatches(term, word)));
    const last = parts[parts.length - 1];
    if (last && last.match === match) last.text += piece;
    else parts.push({ text: piece, match });
  }
  return parts;
}

/**
 * The parts of a text around its first match: about `length` characters, a third of them before
 * it, cut at spaces, with an ellipsis where the text goes on; undefined when nothing matched.
 */
export function excerpt(text: string, query: SearchQuery, length = 200): TextPart[] | undefined {
  const parts = highlightParts(text, query);
  const firstMatch = parts.findIndex((part) => part.match);
  if (firstMatch < 0) return undefined;
  const offset = parts.slice(0, firstMatch).reduce((sum, part) => sum + part.text.length, 0);
  let from = Math.max(0, offset - Math.floor(length / 3));
  let to = Math.min(text.length, from + length);
  // Whole words only: move each cut to a space, never past the match (no space before it in
  // the window: the excerpt starts at the match).
  if (from > 0) {
    const space = text.indexOf(" ", from);
    from = space >= 0 && space < offset ? space + 1 : offset;
  }
  if (to < text.length) {
    const space = text.lastIndexOf(" ", to);
    to = space > offset ? space : to;
  }
  const kept: TextPart[] = [];
  let position = 0;
  for (const part of parts) {
    const start = Math.max(from, position);
    const end = Math.min(to, position + part.text.length);
    if (start < end)
      kept.push({ text: part.text.slice(start - position, end - position), match: part.match });
    position += part.text.length;
  }
  if (from > 0) kept.unshift({ text: "… ", match: false });
  if (to < text.length) kept.push({ text: " …", match: false });
  return kept;
}
