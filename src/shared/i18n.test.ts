import { describe, expect, it } from "vitest";
import { catalogues, formatDate, formatNumber, translator } from "./i18n.js";
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

  it("uses Arabic's plural forms", () => {
    const t = translator("ar");
    expect(t("catalogue.results", { count: 2 })).toBe("اتفاقيتان");
    expect(t("catalogue.results", { count: 5 })).toBe("5 اتفاقيات");
    expect(t("catalogue.results", { count: 11 })).toBe("11 اتفاقية");
  });

  it("writes numbers with Latin digits in Arabic", () => {
    expect(formatNumber("ar", 1234567)).toMatch(/1.?234.?567/);
    expect(formatDate("ar", "2024-03-01")).toContain("2024");
    expect(formatDate("fr", "2024-03-01")).toBe("1 mars 2024");
  });
});
