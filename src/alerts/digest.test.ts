import { describe, expect, it } from "vitest";
import { all, attr, one, parse, showsText } from "../../test/html.js";
import { type DigestItem, renderDigest } from "./digest.js";

const item = (overrides: Partial<DigestItem> = {}): DigestItem => ({
  kind: "activity_overdue",
  dueOn: "2026-11-20",
  detail: "",
  subjectTitle: { fr: "Formation des élus", en: "Training of councillors", ar: "تكوين المنتخبين" },
  agreementReference: "CONV-2024-07",
  recordPath: "activities/0b9a",
  ...overrides,
});

describe("the digest's text", () => {
  it("groups by kind, says when, links each record, and counts what it does not write out", () => {
    const digest = renderDigest({
      lang: "fr",
      name: "Salma",
      today: "2026-11-29",
      publicUrl: "https://sharaka.example",
      items: [item(), item({ kind: "agreement_expiry", dueOn: "2026-12-06", recordPath: "agreements/77" })],
      total: 5,
    });
    expect(digest.subject).toBe("Sharaka : 5 alertes à consulter");
    expect(digest.text).toContain("Bonjour Salma,");
    expect(digest.text).toContain("== Activités à terme ou en retard ==");
    expect(digest.text).toContain("- Formation des élus (CONV-2024-07)");
    expect(digest.text).toContain("Fin prévue le 20 novembre 2026 (9 jours de retard)");
    expect(digest.text).toContain("https://sharaka.example/fr/workspace/activities/0b9a");
    expect(digest.text).toContain("La période de la convention prend fin le 6 décembre 2026 (dans 7 jours)");
    expect(digest.text).toContain("… et 3 autres dans le centre d’alertes.");
    one(parse(digest.html), 'a[href="https://sharaka.example/fr/workspace/agreements/77"]');
  });

  it("escapes what people typed, in the HTML part", () => {
    const digest = renderDigest({
      lang: "en",
      name: "<b>Eve</b>",
      today: "2026-11-29",
      publicUrl: "https://sharaka.example",
      items: [item({ subjectTitle: { en: '<img src=x onerror="alert(1)">' } })],
      total: 1,
    });
    const email = parse(digest.html);
    expect(all(email, "img, b")).toEqual([]);
    expect(showsText(email, "<b>Eve</b>")).toBe(true);
    expect(showsText(email, '<img src=x onerror="alert(1)">')).toBe(true);
    expect(digest.subject).toBe("Sharaka: 1 alert to look at");
  });

  it("writes Arabic right to left with Arabic plural forms", () => {
    const digest = renderDigest({
      lang: "ar",
      name: "سلمى",
      today: "2026-11-29",
      publicUrl: "https://sharaka.example",
      items: [item({ dueOn: "2026-11-27" })],
      total: 3,
    });
    const root = one(parse(digest.html), "html");
    expect([attr(root, "lang"), attr(root, "dir")]).toEqual(["ar", "rtl"]);
    expect(digest.subject).toBe("شراكة: 3 تنبيهات للاطلاع");
    expect(digest.text).toContain("تأخر يومين");
    expect(digest.text).toContain("… وتنبيهان آخران في مركز التنبيهات.");
  });
});
