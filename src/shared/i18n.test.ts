import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { catalogues, formatDate, formatDateTime, formatNumber, translator } from "./i18n.js";
import { languages } from "./localized.js";

const pluralSuffix = /_(zero|one|two|few|many|other)$/;

function flatKeys(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => flatKeys(child, prefix ? `${prefix}.${key}` : key));
}

describe("translation catalogues", () => {
  const keysByLanguage = Object.fromEntries(
    languages.map((lang) => [lang, new Set(flatKeys(catalogues[lang]))]),
  );
  const baseKeys = new Set(
    languages.flatMap((lang) =>
      [...(keysByLanguage[lang] ?? [])].map((key) => key.replace(pluralSuffix, "")),
    ),
  );

  for (const lang of languages) {
    it(`has every key, with every plural form ${lang} needs`, () => {
      const keys = keysByLanguage[lang] ?? new Set<string>();
      const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
      const missing: string[] = [];
      for (const base of baseKeys) {
        const plural = languages.some((other) => keysByLanguage[other]?.has(`${base}_other`));
        if (plural) {
          for (const category of categories)
            if (!keys.has(`${base}_${category}`)) missing.push(`${base}_${category}`);
        } else if (!keys.has(base)) {
          missing.push(base);
        }
      }
      expect(missing).toEqual([]);
    });
  }

  it("isolates, in Arabic, a Latin word that begins with punctuation, which right-to-left text would turn around", () => {
    // ".ics" inside Arabic text is shown "ics." unless kept in a left-to-right isolate (U+2066…U+2069).
    const turned = flatKeys(catalogues.ar).filter((key) => {
      const text = key
        .split(".")
        .reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], catalogues.ar);
      return typeof text === "string" && /(^|[\s(«])\.[A-Za-z]/.test(text.replace(/\{\{[^}]*\}\}/g, ""));
    });
    expect(turned).toEqual([]);
  });

  it("has every reason an error gives, so each field's refusal reads in the person's language", () => {
    const sourceRoot = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
    const sources = readdirSync(sourceRoot, { recursive: true, encoding: "utf8" }).filter(
      (file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file),
    );
    const reasons = new Set<string>();
    for (const file of sources) {
      for (const match of readFileSync(path.join(sourceRoot, file), "utf8").matchAll(/reason: "([\w.]+)"/g))
        reasons.add(match[1] as string);
    }
    expect(reasons.size).toBeGreaterThan(30);
    for (const lang of languages) {
      const keys = keysByLanguage[lang] ?? new Set<string>();
      // A bare reason reads from the shared `reasons.`, or from its module's own words: the accounts
      // pages' `users.reasons.`, the organisation page's delete panel (`orgs.delete.`) and the
      // spreadsheet import's problems (`spreadsheetImport.reasons.`).
      const found = (key: string) => keys.has(key) || keys.has(`${key}_other`);
      const missing = [...reasons].filter((reason) =>
        reason.includes(".")
          ? !found(reason)
          : !["reasons", "users.reasons", "orgs.delete", "spreadsheetImport.reasons"].some((prefix) =>
              found(`${prefix}.${reason}`),
            ),
      );
      expect({ lang, missing }).toEqual({ lang, missing: [] });
    }
  });

  it("keeps no words that no code says: each key is read by name, under a prefix read with a value, or listed in a map", () => {
    const sourceRoot = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
    const code = readdirSync(sourceRoot, { recursive: true, encoding: "utf8" })
      .filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file))
      .map((file) => readFileSync(path.join(sourceRoot, file), "utf8"))
      .join("\n");
    const keys = new Set([...(keysByLanguage.fr ?? [])].map((key) => key.replace(pluralSuffix, "")));
    // Lenient on purpose, so as never to flag a key that is read: a key counts as read when its
    // whole name is in the code, when a prefix of it is followed by a value (`documents.kinds.${…}`),
    // when its parent is handed to a helper as a string ("activities.targetGroups"), or when its own
    // name is quoted or a property anywhere (maps of notices, reasons).
    const unread = [...keys].filter((key) => {
      const parts = key.split(".");
      const own = parts.at(-1) as string;
      if (code.includes(key) || code.includes(`"${parts.slice(0, -1).join(".")}"`)) return false;
      if ([`"${own}"`, `'${own}'`, `${own}:`].some((use) => code.includes(use))) return false;
      return !parts.slice(1).some((_, i) => code.includes(`${parts.slice(0, i + 1).join(".")}.\${`));
    });
    expect(unread).toEqual([]);
  });

  it("uses Arabic's plural forms", () => {
    const t = translator("ar");
    expect(t("catalogue.results", { count: 2 })).toBe("اتفاقيتان");
    expect(t("catalogue.results", { count: 5 })).toBe("5 اتفاقيات");
    expect(t("catalogue.results", { count: 11 })).toBe("11 اتفاقية");
  });

  it("gives a remembered text that depends on the language, the key and each value, never on the order of calls", () => {
    const fr = translator("fr");
    const ar = translator("ar");
    for (let round = 0; round < 2; round++) {
      expect(fr("catalogue.title")).toBe("Conventions");
      expect(ar("catalogue.results", { count: 2 })).toBe("اتفاقيتان");
      expect(fr("catalogue.results", { count: 2 })).toBe("2 conventions");
      expect(fr("catalogue.results", { count: 1 })).toBe("1 convention");
      expect(fr("pager.pageOf", { page: 2, pages: 3 })).not.toBe(fr("pager.pageOf", { page: 3, pages: 3 }));
    }
    // An unknown key is its own text, as i18next answers.
    expect(fr("no.such.key")).toBe("no.such.key");
  });

  it("writes numbers with Latin digits in Arabic", () => {
    expect(formatNumber("ar", 1234567)).toMatch(/1.?234.?567/);
    // Thousands apart by a narrow no-break space in Arabic and French (a dot reads as a decimal
    // point: "160.904"), by a comma in English; the decimal comma stays.
    const narrow = "\u202F";
    expect(formatNumber("fr", 160904)).toBe(`160${narrow}904`);
    expect(formatNumber("ar", 160904)).toBe(`160${narrow}904`);
    expect(formatNumber("en", 160904)).toBe("160,904");
    expect(formatNumber("fr", 1500000.5, { minimumFractionDigits: 2 })).toBe(`1${narrow}500${narrow}000,50`);
    expect(formatNumber("fr", 1500000, { style: "currency", currency: "MAD" })).toBe(
      `1${narrow}500${narrow}000,00${"\u00A0"}MAD`,
    );
    expect(formatDate("ar", "2024-03-01")).toContain("2024");
    expect(formatDate("fr", "2024-03-02")).toBe("2 mars 2024");
  });

  it("writes the first of a month as French does, 1er, in dates and moments", () => {
    expect(formatDate("fr", "2024-03-01")).toBe("1er mars 2024");
    expect(formatDate("fr", "2024-03-11")).toBe("11 mars 2024");
    expect(formatDate("fr", "2024-03-21")).toBe("21 mars 2024");
    expect(formatDateTime("fr", new Date("2026-02-01T10:00:00Z"), { detailed: true })).toMatch(
      /^1er février 2026/,
    );
    expect(formatDate("en", "2024-03-01")).toBe("March 1, 2024");
  });

  it("elides French 'de' before a vowel or a mute h in names", () => {
    const fr = translator("fr");
    expect(fr("agreementForm.ownCommitments", { organization: "Al Akhawayn" })).toBe(
      "Engagements d’Al Akhawayn",
    );
    expect(fr("agreementForm.ownCommitments", { organization: "Université Ibn Tofail" })).toBe(
      "Engagements d’Université Ibn Tofail",
    );
    expect(fr("agreementForm.ownCommitments", { organization: "Jisr" })).toBe("Engagements de Jisr");
    expect(fr("activities.attendance.present", { name: "Ifrane" })).toContain("conseil d’Ifrane");
  });
});
