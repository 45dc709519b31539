/*
 * XML written as text, a piece at a time, straight into UTF-8: a DOM of the whole registry's IATI file took
 * tens of seconds of one synchronous call and its whole size in memory, while the file only ever
 * grows forward.
 */

/**
 * What XML 1.0 cannot carry at all, even escaped (§2.2 Char): C0 controls but tab, line feed and
 * carriage return, unpaired surrogates, U+FFFE and U+FFFF. Dropped, as a publisher can do nothing
 * better with them.
 */
const NOT_XML_CHARACTERS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export const xmlCharactersOnly = (text: string): string => text.replace(NOT_XML_CHARACTERS, "");

const TEXT_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#xD;" };
// A parser turns a raw tab or line break in an attribute into a space: as references they come back.
const ATTRIBUTE_ESCAPES: Record<string, string> = {
  ...TEXT_ESCAPES,
  '"': "&quot;",
  "\t": "&#x9;",
  "\n": "&#xA;",
};

/*
 * Most texts and nearly every attribute (codes, dates, amounts) need nothing done: one quick test
 * spares them the replacements, which at 10,000 agreements are most of the writing's time.
 * Surrogates (an emoji) take the careful way, where the unicode-aware pattern tells pairs apart.
 */
const PLAIN_TEXT = /^[\t\n\u0020-\u0025\u0027-\u003B\u003D\u003F-\uD7FF\uE000-\uFFFD]*$/;
const PLAIN_ATTRIBUTE = /^[\u0020\u0021\u0023-\u0025\u0027-\u003B\u003D\u003F-\uD7FF\uE000-\uFFFD]*$/;

/** Character data: `>` too, so that `]]>` never appears; a carriage return as a reference, or parsers drop it. */
export const escapeXmlText = (text: string): string =>
  PLAIN_TEXT.test(text)
    ? text
    : xmlCharactersOnly(text).replace(/[&<>\r]/g, (character) => TEXT_ESCAPES[character] ?? "");

/** An attribute value, for double quotes. */
export const escapeXmlAttribute = (value: string): string =>
  PLAIN_ATTRIBUTE.test(value)
    ? value
    : xmlCharactersOnly(value).replace(/[&<>"\t\n\r]/g, (character) => ATTRIBUTE_ESCAPES[character] ?? "");

/** Attributes in the order given; an undefined value writes no attribute. */
export type XmlAttributes = Record<string, string | undefined>;

const INDENT = "  ";
const indents: string[] = [];
const indent = (depth: number) => {
  indents[depth] ??= INDENT.repeat(depth);
  return indents[depth];
};

/** Where a writer starts: a batch of a hundred agreements' activities is about a megabyte. */
const FIRST_CAPACITY = 1 << 20;

/**
 * Indented elements, one a line, written as UTF-8 bytes. Each piece of text is copied into the
 * bytes at once and dropped: tens of thousands of small strings kept for one join made the
 * garbage collector's pauses the longest blocks of the event loop. Names are the caller's
 * constants (not escaped); attribute values and text are escaped here.
 */
export class XmlWriter {
  private bytes = Buffer.allocUnsafe(FIRST_CAPACITY);
  private length = 0;

  constructor(private depth = 0) {}

  private write(piece: string): void {
    // UTF-8 takes at most three bytes per UTF-16 unit.
    const needed = this.length + piece.length * 3;
    if (needed > this.bytes.length) {
      const larger = Buffer.allocUnsafe(Math.max(needed, this.bytes.length * 2));
      this.bytes.copy(larger, 0, 0, this.length);
      this.bytes = larger;
    }
    this.length += this.bytes.write(piece, this.length);
  }

  private tag(name: string, attributes: XmlAttributes): string {
    let tag = `${indent(this.depth)}<${name}`;
    for (const [attribute, value] of Object.entries(attributes))
      if (value !== undefined) tag += ` ${attribute}="${escapeXmlAttribute(value)}"`;
    return tag;
  }

  /**
   * `<name …>` alone, for an element whose children come in later pieces (its end is the
   * caller's to write).
   */
  startTag(name: string, attributes: XmlAttributes): this {
    this.write(`${this.tag(name, attributes)}>\n`);
    return this;
  }

  /** `<name …/>` */
  empty(name: string, attributes: XmlAttributes = {}): this {
    this.write(`${this.tag(name, attributes)}/>\n`);
    return this;
  }

  /** `<name …>text</name>` on one line (`<name …/>` when the text is empty). */
  text(name: string, attributes: XmlAttributes, text: string): this {
    const escaped = escapeXmlText(text);
    if (!escaped) return this.empty(name, attributes);
    this.write(`${this.tag(name, attributes)}>${escaped}</${name}>\n`);
    return this;
  }

  /** An element whose children `children` writes; with none, it is written empty (`<name …/>`). */
  element(name: string, attributes: XmlAttributes, children: () => void): this {
    const at = this.length;
    const start = `${this.tag(name, attributes)}>\n`;
    this.write(start);
    const afterStart = this.length;
    this.depth += 1;
    try {
      children();
    } finally {
      this.depth -= 1;
    }
    if (this.length === afterStart) {
      this.length = at;
      this.write(`${start.slice(0, -2)}/>\n`);
    } else this.write(`${indent(this.depth)}</${name}>\n`);
    return this;
  }

  /** Raw text, already XML (the root's end). */
  raw(piece: string): this {
    this.write(piece);
    return this;
  }

  /** What was written, as bytes of their own, and a fresh start for the next piece. */
  take(): Uint8Array<ArrayBuffer> {
    const written = new Uint8Array(this.length);
    written.set(this.bytes.subarray(0, this.length));
    this.length = 0;
    return written;
  }
}
