import { describe, expect, it } from "vitest";
import { escapeXmlAttribute, escapeXmlText, XmlWriter } from "./xml-writer.js";

describe("XML as text", () => {
  it("escapes what markup would read, keeps every character XML 1.0 holds and drops the others", () => {
    expect(escapeXmlText(`a < b && c > d ]]> "q" 'q'`)).toBe(`a &lt; b &amp;&amp; c &gt; d ]]&gt; "q" 'q'`);
    expect(escapeXmlText("tab\tlf\ncr\r")).toBe("tab\tlf\ncr&#xD;");
    expect(escapeXmlText("\u0000\u0001\u0008\u000B\u000C\u001F\uFFFE\uFFFF")).toBe("");
    // An unpaired surrogate is no character at all; a pair is one (an emoji).
    expect(escapeXmlText("x\uD800y\uDC00z 😀 \uE000\uFFFD")).toBe("xyz 😀 \uE000\uFFFD");
    expect(escapeXmlText("العربية 👩🏽‍🏫")).toBe("العربية 👩🏽‍🏫");
  });

  it("escapes attribute values so that a parser gives back quotes, tabs and line breaks", () => {
    expect(escapeXmlAttribute(`"<&>'\t\n\r\u0007`)).toBe(`&quot;&lt;&amp;&gt;'&#x9;&#xA;&#xD;`);
  });

  it("indents elements, leaves out undefined attributes and closes an element left without children", () => {
    const xml = new XmlWriter(1);
    xml.element("parent", { a: "1", skipped: undefined, b: "<2>" }, () => {
      xml.text("child", { "xml:lang": "ar" }, "نص & text");
      xml.element("empty", { c: "3" }, () => {});
      xml.text("blank", {}, "\u0001");
    });
    expect(Buffer.from(xml.take()).toString("utf8")).toBe(
      [
        '  <parent a="1" b="&lt;2&gt;">',
        '    <child xml:lang="ar">نص &amp; text</child>',
        '    <empty c="3"/>',
        "    <blank/>",
        "  </parent>",
        "",
      ].join("\n"),
    );
    expect(xml.take()).toHaveLength(0);
  });
});
