import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatNumber, translator } from "../shared/i18n.js";
import { languages } from "../shared/localized.js";
import { sayValue, valueKindOf } from "./field-values.js";

describe("a field's value in words", () => {
  for (const lang of languages) {
    const t = translator(lang);
    const words = {
      lang,
      t,
      nameOf: (type: string, id: string) => (id === "known" ? `${type} named` : undefined),
    };
    const say = (
      entityType: string,
      path: string,
      value: string | number | boolean | null,
      currency?: string,
    ) => sayValue(value, valueKindOf(entityType, path), words, { currency });

    it(`reads the kind from the field and its record, in ${lang}`, () => {
      // One word, three meanings: an agreement's, an activity's and an action's status.
      expect(say("agreement", "status", "in_force")).toBe(t("status.in_force"));
      expect(say("activity", "status", "done")).toBe(t("activities.statuses.done"));
      expect(say("follow_up_action", "status", "open")).toBe(t("meetings.actionStatus.open"));
      expect(say("organization", "kind", "university")).toBe(t("orgKind.university"));
      expect(say("agreement", "themes.2", "research")).toBe(t("theme.research"));
      expect(say("agreement", "renewal", "tacit")).toBe(t("renewal.tacit"));
      // A code the catalogue does not know is shown as written rather than lost.
      expect(say("agreement", "renewal", "yearly")).toBe("yearly");
    });

    it(`writes dates, moments, amounts, numbers and yes/no as ${lang} does`, () => {
      expect(say("agreement", "signedOn", "2026-03-01")).toBe(formatDate(lang, "2026-03-01"));
      expect(say("meeting", "startsAt", "2026-05-12T09:00:00.000Z")).toBe(
        formatDateTime(lang, new Date("2026-05-12T09:00:00.000Z")),
      );
      expect(say("agreement", "contributions.0.amount", 1500, "EUR")).toBe(
        formatNumber(lang, 1500, { style: "currency", currency: "EUR" }),
      );
      expect(say("activity", "budgetPlanned", "2500.50")).toBe(
        formatNumber(lang, 2500.5, { style: "currency", currency: "MAD" }),
      );
      expect(say("document", "sizeBytes", 123456)).toBe(formatNumber(lang, 123456));
      expect(say("user", "active", true)).toBe(t("values.yes"));
      expect(say("user", "active", false)).toBe(t("values.no"));
      expect(say("activity", "plannedEnd", null)).toBe(t("values.empty"));
    });

    it(`names a referenced record, or says neutrally that it is not available, in ${lang}`, () => {
      expect(say("activity", "territoryCodes.0", "known")).toBe("territory named");
      expect(say("agreement", "parentId", "known")).toBe("agreement named");
      expect(say("agreement", "parentId", "secret")).toBe(t("values.unavailable"));
      expect(say("follow_up_action", "ownerUserId", "gone")).toBe(t("values.unavailable"));
    });
  }
});
