import { describe, expect, it } from "vitest";
import { parseSearchQuery } from "./query.js";
import { WordPostings } from "./word-postings.js";

// Each text's words as the database's vectors hold them (folded, with their variants).
const texts = [
  ["convention", "cooperation", "universitaire", "universit"],
  ["formation", "format", "elus", "elu", "universite", "universit"],
  ["developpement", "developp", "safran"],
  ["جامعه", "الجامعه", "تعاون"],
  [],
  ["ampcpp", "003", "3", "ampcpp003", "ampcpp3"],
];
const postings = WordPostings.build(texts);

const matched = (q: string) => {
  const query = parseSearchQuery(q);
  if (!query) throw new Error(`nothing to search by in ${q}`);
  return [...postings.matching(query)].flatMap((hit, position) => (hit ? [position] : []));
};

describe("WordPostings", () => {
  it.each([
    ["co", [0], "a prefix of a word"],
    ["univ", [0, 1], "a prefix shared by several texts"],
    ["universites", [0, 1], "a query word's stem matches a text's stem (universitaire, université)"],
    ["ÉLUS", [1], "folded as the texts were: case and accents"],
    ["formatio", [1], "a prefix matches the word, not its stem"],
    ["formation elus", [1], "every word of the query, in one text"],
    ["formation safran", [], "two words in two different texts match neither"],
    ["الجامعة", [3], "an Arabic word with its article, matched by its base"],
    ["جامع", [3], "an Arabic prefix"],
    ["003", [5], "a number as written"],
    ["3", [5], "a number without its leading zeros"],
    ["zzz", [], "a word no text holds"],
  ])("%s → %j (%s)", (q, expected) => {
    expect(matched(q)).toEqual(expected);
  });

  it("answers an index of no texts", () => {
    const query = parseSearchQuery("co");
    expect(query && [...WordPostings.build([]).matching(query)]).toEqual([]);
  });
});
