import { describe, expect, it } from "vitest";
import { all, parse, textOf } from "../../test/html.js";
import { renderInPage } from "../../test/render.js";
import { healthGaps, healthReasonKeys } from "../domain/figures.js";
import { translator } from "../shared/i18n.js";
import { languages } from "../shared/localized.js";
import { HealthSummary, reasonText } from "./progress.views.js";

describe("reasonText", () => {
  for (const lang of languages) {
    it(`words every reason figures.ts can give, with its values, in ${lang}`, () => {
      const t = translator(lang);
      for (const key of healthReasonKeys) {
        const samples: Record<string, number>[] = [
          { count: 1, days: 1, months: 12, percent: 101 },
          { count: 11, days: 45, months: 25, percent: 137 },
        ];
        for (const values of samples) {
          const text = reasonText({ key, level: "at_risk", values }, lang, t);
          expect(text, `${lang} ${key}`).not.toContain("progress.reasons");
          expect(text, `${lang} ${key}`).not.toContain("{{");
          expect(text.length, `${lang} ${key}`).toBeGreaterThan(10);
        }
      }
    });
  }

  it("puts the number and its unit in the sentence, with Arabic's plural forms", () => {
    const reason = (values: Record<string, number>) => ({
      key: "expiresIn" as const,
      level: "at_risk" as const,
      values,
    });
    expect(reasonText(reason({ days: 1 }), "en", translator("en"))).toBe(
      "The agreement's term ends in 1 day.",
    );
    expect(reasonText(reason({ days: 45 }), "fr", translator("fr"))).toBe(
      "Le terme de la convention arrive dans 45 jours.",
    );
    expect(reasonText(reason({ days: 2 }), "ar", translator("ar"))).toBe("تنتهي مدة الاتفاقية خلال يومين.");
    expect(reasonText(reason({ days: 5 }), "ar", translator("ar"))).toBe("تنتهي مدة الاتفاقية خلال 5 أيام.");
    const overspent = { key: "overspent" as const, level: "at_risk" as const, values: { percent: 120 } };
    expect(reasonText(overspent, "en", translator("en"))).toMatch(
      /^Spending has reached 120\s?% of the planned budget\.$/,
    );
  });
});

describe("HealthSummary", () => {
  for (const lang of languages) {
    it(`says there is not enough data and lists what is missing, in ${lang}`, async () => {
      const t = translator(lang);
      const page = parse(
        await renderInPage(lang, HealthSummary, {
          health: { level: "not_enough_data", reasons: [], missing: [...healthGaps] },
        }),
      );
      expect(textOf(all(page, ".badge")[0])).toBe(t("progress.levels.not_enough_data"));
      expect(all(page, ".health-missing li").map((item) => textOf(item))).toEqual(
        healthGaps.map((gap) => t(`progress.missing.${gap}`)),
      );
      for (const gap of healthGaps) expect(t(`progress.missing.${gap}`)).not.toContain("progress.missing");
      // Nothing claims all is well.
      expect(all(page, "p").map((paragraph) => textOf(paragraph))).not.toContain(
        t("progress.health.noReasons"),
      );
    });
  }
});
