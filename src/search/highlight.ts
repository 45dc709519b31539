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
 * The folded words of a written word, remembered across texts: the titles a list or a
 * suggestion highlights repeat from one request to the next. Past this many, start over.
 */
const REMEMBERED_PIECES = 20_000;
const wordsOf = new Map<string, string[]>();
function wordsOfPiece(piece: string): string[] {
  let words = wordsOf.get(piece);
  if (!words) {
    if (wordsOf.size >= REMEMBERED_PIECES) wordsOf.clear();
    words = splitWords(foldText(piece));
    wordsOf.set(piece, words);
  }
  return words;
}

const matchersOf = new WeakMap<SearchQuery, (piece: string) => boolean>();

/**
 * Whether a piece of text (a written word) holds a word the query matches, by the rule search
 * itself follows (termMatches). Each distinct piece is judged once per query, whatever the text
 * it is in: words repeat (a page of results repeats its partners' names and the words of its
 * titles; a page of a document holds a few hundred words), and judging is what costs.
 */
function pieceMatcher(query: SearchQuery): (piece: string) => boolean {
  let matcher = matchersOf.get(query);
  if (!matcher) {
    matcher = newPieceMatcher(query);
    matchersOf.set(query, matcher);
  }
  return matcher;
}

function newPieceMatcher(query: SearchQuery): (piece: string) => boolean {
  const known = new Map<string, boolean>();
  return (piece) => {
    let match = known.get(piece);
    if (match === undefined) {
      const words = wordsOfPiece(piece);
      match = words.length > 0 && words.some((word) => query.terms.some((term) => termMatches(term, word)));
      known.set(piece, match);
    }
    return match;
  };
}

/**
 * A text cut into the words a query matches and the rest: what the reader sees marked is what
 * was found.
 */
export function highlightParts(text: string, query: SearchQuery, matches = pieceMatcher(query)): TextPart[] {
  const parts: TextPart[] = [];
  for (const piece of text.split(writtenWord)) {
    if (!piece) continue;
    const match = matches(piece);
    const last = parts[parts.length - 1];
    if (last && last.match === match) last.text += piece;
    else parts.push({ text: piece, match });
  }
  return parts;
}

/**
 * The parts of a text around its first match: about `length` characters, a third of them before
 * it, cut at spaces, with an ellipsis where the text goes on; undefined when nothing matched.
 * Only the words up to the first match and those of the excerpt are read.
 */
export function excerpt(text: string, query: SearchQuery, length = 200): TextPart[] | undefined {
  const matches = pieceMatcher(query);
  let offset = -1;
  let position = 0;
  for (const piece of text.split(writtenWord)) {
    if (piece && matches(piece)) {
      offset = position;
      break;
    }
    position += piece.length;
  }
  if (offset < 0) return undefined;
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
  const kept = highlightParts(text.slice(from, to), query, matches);
  if (from > 0) kept.unshift({ text: "… ", match: false });
  if (to < text.length) kept.push({ text: " …", match: false });
  return kept;
}
