/*
 * XML written as plain strings, a piece at a time: a DOM of the whole registry's IATI file took
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

/** Character data: `>` too, so that `]]>` never appears; a carriage return as a reference, or parsers drop it. */
export const escapeXmlText = (text: string): string =>
  xmlCharactersOnly(text).replace(/[&<>\r]/g, (character) => TEXT_ESCAPES[character] ?? "");

/** An attribute value, for double quotes. */
export const escapeXmlAttribute = (value: string): string =>
  xmlCharactersOnly(value).replace(/[&<>"\t\n\r]/g, (character) => ATTRIBUTE_ESCAPES[character] ?? "");

/** Attributes in the order given; an undefined value writes no attribute. */
export type XmlAttributes = Record<string, string | undefined>;

const INDENT = "  ";

/**
 * Indented elements, one a line, as pieces of one string. Names are the caller's constants (not
 * escaped); attribute values and text are escaped here.
 */
export class XmlWriter {
  private readonly pieces: string[] = [];

  constructor(private depth = 0) {}

  private tag(name: string, attributes: XmlAttributes): string {
    let tag = `${INDENT.repeat(this.depth)}<${name}`;
    for (const [attribute, value] of Object.entries(attributes))
      if (value !== undefined) tag += ` ${attribute}="${escapeXmlAttribute(value)}"`;
    return tag;
  }

  /**
   * `<name …>` alone, for an element whose children come in later pieces (its end is the
   * caller's to write).
   */
  startTag(name: string, attributes: XmlAttributes): string {
    return `${this.tag(name, attributes)}>\n`;
  }

  /** `<name …/>` */
  empty(name: string, attributes: XmlAttributes = {}): this {
    this.pieces.push(`${this.tag(name, attributes)}/>\n`);
    return this;
  }

  /** `<name …>text</name>` on one line (`<name …/>` when the text is empty). */
  text(name: string, attributes: XmlAttributes, text: string): this {
    const escaped = escapeXmlText(text);
    if (!escaped) return this.empty(name, attributes);
    this.pieces.push(`${this.tag(name, attributes)}>${escaped}</${name}>\n`);
    return this;
  }

  /** An element whose children `children` writes; with none, it is written empty (`<name …/>`). */
  element(name: string, attributes: XmlAttributes, children: () => void): this {
    const at = this.pieces.length;
    this.pieces.push(`${this.tag(name, attributes)}>\n`);
    this.depth += 1;
    try {
      children();
    } finally {
      this.depth -= 1;
    }
    if (this.pieces.length === at + 1) this.pieces[at] = `${this.tag(name, attributes)}/>\n`;
    else this.pieces.push(`${INDENT.repeat(this.depth)}</${name}>\n`);
    return this;
  }

  /** What was written, and a fresh start for the next piece. */
  take(): string {
    const written = this.pieces.join("");
    this.pieces.length = 0;
    return written;
  }
}
