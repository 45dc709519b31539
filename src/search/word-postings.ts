import type { SearchQuery } from "./query.js";

/**
 * The words of many small texts (their lexemes, as the database's vectors hold them) and which
 * texts hold each word, in memory: answers a query as `vector @@ to_tsquery('simple', …)` would
 * on each text — every term of the query matched by some word of the text, a term's prefixes
 * by a word starting with one of them, its exact forms by an equal word — without asking the
 * database. For suggestions as you type, where a round trip costs more than the answer.
 */
export class WordPostings {
  /** every distinct word, sorted (code unit order: the words sharing a prefix are side by side) */
  private readonly words: string[];
  /** for each word of `words`, the texts holding it, by their position in the list given */
  private readonly postings: Int32Array[];

  private constructor(
    readonly size: number,
    words: string[],
    postings: Int32Array[],
  ) {
    this.words = words;
    this.postings = postings;
  }

  /** Each text's words, in the caller's order: a text is known by its position in this list. */
  static build(texts: readonly (readonly string[])[]): WordPostings {
    const holders = new Map<string, number[]>();
    texts.forEach((words, position) => {
      for (const word of new Set(words)) {
        const list = holders.get(word);
        if (list) list.push(position);
        else holders.set(word, [position]);
      }
    });
    const words = [...holders.keys()].sort();
    return new WordPostings(
      texts.length,
      words,
      words.map((word) => Int32Array.from(holders.get(word) ?? [])),
    );
  }

  /** The first word at or after `word` in the sorted list. */
  private lowerBound(word: string): number {
    let low = 0;
    let high = this.words.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.words[middle] as string) < word) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private mark(into: Uint8Array, at: number): void {
    for (const position of this.postings[at] as Int32Array) into[position] = 1;
  }

  /** The texts holding a word that one of the term's forms matches: 1 at their positions. */
  private termHolders(prefixes: readonly string[], exact: readonly string[]): Uint8Array {
    const holders = new Uint8Array(this.size);
    for (const prefix of prefixes)
      for (let at = this.lowerBound(prefix); at < this.words.length; at++) {
        if (!(this.words[at] as string).startsWith(prefix)) break;
        this.mark(holders, at);
      }
    for (const word of exact) {
      const at = this.lowerBound(word);
      if (this.words[at] === word) this.mark(holders, at);
    }
    return holders;
  }

  /** 1 at the position of every text whose words match every term of the query, 0 elsewhere. */
  matching(query: SearchQuery): Uint8Array {
    let all: Uint8Array | undefined;
    for (const term of query.terms) {
      const holders = this.termHolders(term.prefixes, term.exact);
      if (!all) all = holders;
      else
        for (let position = 0; position < holders.length; position++)
          if (!holders[position]) all[position] = 0;
    }
    return all ?? new Uint8Array(this.size);
  }
}
