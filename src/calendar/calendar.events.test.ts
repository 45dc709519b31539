import { describe, expect, it } from "vitest";
import { translator } from "../shared/i18n.js";
import type { Language } from "../shared/localized.js";
import {
  type AgreementDatesRow,
  type FeedRows,
  feedEvents,
  MAX_FEED_EVENTS,
  workspaceLinks,
} from "./calendar.events.js";
import { renderCalendar } from "./calendar.ics.js";
import { parseFeed } from "./calendar.test-support.js";

/** Hand-picked rows around a fixed "today", rendered and read back with ical.js. */
const today = "2026-05-10";
const now = new Date("2026-05-10T08:30:00Z");
const ref = {
  id: "00000000-0000-4000-8000-000000000001",
  reference: "CONV-2023-07",
  title: {
    fr: "Convention de partenariat pour la formation des élus",
    en: "Partnership agreement on training elected officials",
    ar: "اتفاقية شراكة من أجل تكوين المنتخبين",
  },
};

/** Tacit renewal of one-year terms since 2023: the current (third renewed) term ends 31 Dec 2026. */
const renewed: AgreementDatesRow = {
  ...ref,
  status: "in_force",
  signedOn: "2022-12-15",
  effectiveOn: "2023-01-01",
  expiresOn: "2023-12-31",
  durationMonths: 12,
  renewal: "tacit",
  renewalNoticeDays: 60,
};

const rows = (overrides: Partial<FeedRows> = {}): FeedRows => ({
  agreements: [renewed],
  activities: [
    {
      id: "00000000-0000-4000-8000-0000000000a1",
      title: { fr: "Formation des élus; session 1", en: "Training, session 1", ar: "تكوين المنتخبين" },
      status: "ongoing",
      plannedStart: "2026-03-01",
      plannedEnd: "2026-03-31",
      agreement: ref,
    },
    {
      id: "00000000-0000-4000-8000-0000000000a2",
      title: { fr: "Bien plus tard" },
      status: "planned",
      plannedStart: "2030-01-01",
      plannedEnd: "2030-01-31",
      agreement: ref,
    },
  ],
  meetings: [
    {
      id: "00000000-0000-4000-8000-0000000000b1",
      title: { fr: "Comité de pilotage", ar: "لجنة القيادة", en: "Steering committee" },
      startsAt: new Date("2026-05-12T10:00:00+01:00"),
      place: "Rabat, salle 2",
      status: "planned",
      agreement: ref,
    },
  ],
  actions: [
    {
      id: "00000000-0000-4000-8000-0000000000c1",
      description: { fr: "Envoyer le rapport", en: "Send the report" },
      dueOn: "2026-06-30",
      status: "open",
      agreement: ref,
    },
  ],
  indicators: [
    {
      id: "00000000-0000-4000-8000-0000000000d1",
      name: { fr: "Élus formés", en: "Officials trained", ar: "المنتخبون المكونون" },
      frequency: "quarterly",
      baselineOn: "2026-01-01",
      targetOn: "2026-12-31",
      agreementStart: "2023-01-01",
      reportedPeriods: [],
      agreement: ref,
    },
  ],
  ...overrides,
});

function feed(lang: Language, data: FeedRows = rows()) {
  const t = translator(lang);
  const events = feedEvents(data, { lang, t, today, links: workspaceLinks("https://sharaka.example", lang) });
  return renderCalendar({ events, calName: t("calendar.feed.personalName", { name: "Test" }), now });
}

describe("calendar events", () => {
  it("writes a valid calendar: dates as all-day events, meetings in UTC at the stored instant", () => {
    const text = feed("fr");
    const { calendar, byUid } = parseFeed(text);
    expect(calendar.getFirstPropertyValue("x-wr-calname")).toBe("Sharaka — Test");
    expect(text).toContain("PRODID:-//Sharaka//Calendar feed//EN\r\n");

    const activity = byUid.get("activity-00000000-0000-4000-8000-0000000000a1@sharaka");
    expect(activity).toMatchObject({ allDay: true, start: "2026-03-01", end: "2026-04-01" });
    expect(activity?.summary).toBe("Activité : Formation des élus; session 1 (CONV-2023-07)");
    expect(activity?.description).toBe("Statut : En cours");
    expect(activity?.url).toBe(
      "https://sharaka.example/fr/workspace/activities/00000000-0000-4000-8000-0000000000a1",
    );

    const meeting = byUid.get("meeting-00000000-0000-4000-8000-0000000000b1@sharaka");
    expect(meeting?.allDay).toBe(false);
    expect(meeting?.utc).toBe(true);
    expect(meeting?.startMs).toBe(new Date("2026-05-12T10:00:00+01:00").getTime());
    expect(meeting?.start).toBe("2026-05-12T09:00:00.000Z");
    expect(meeting?.end).toBe("2026-05-12T11:00:00.000Z");
    expect(meeting?.location).toBe("Rabat, salle 2");
    expect(text).toContain("DTSTART:20260512T090000Z\r\n");

    const action = byUid.get("action-00000000-0000-4000-8000-0000000000c1@sharaka");
    expect(action).toMatchObject({ allDay: true, start: "2026-06-30", end: "2026-07-01" });
    expect(action?.summary).toBe("Échéance d’une action de suivi : Envoyer le rapport (CONV-2023-07)");

    // Nothing of the window's far side (2030), nor the 2022/2023 signature and entry into force.
    expect(byUid.has("activity-00000000-0000-4000-8000-0000000000a2@sharaka")).toBe(false);
    expect(byUid.has(`agreement-signature-${ref.id}@sharaka`)).toBe(false);
    expect(byUid.has(`agreement-effective-${ref.id}@sharaka`)).toBe(false);
    // The stamp is the moment the feed was written.
    expect(text).toContain("DTSTAMP:20260510T083000Z\r\n");
  });

  it("shows a tacitly renewed agreement's renewed term and its notice deadline", () => {
    const { byUid } = parseFeed(feed("fr"));
    const end = byUid.get(`agreement-end-${ref.id}@sharaka`);
    expect(end).toMatchObject({ allDay: true, start: "2026-12-31", end: "2027-01-01" });
    expect(end?.summary).toBe(
      "Fin de la convention : CONV-2023-07 — Convention de partenariat pour la formation des élus",
    );
    expect(end?.description).toContain("Reconduite tacitement 3 fois.");
    const notice = byUid.get(`agreement-renewal-notice-${ref.id}@sharaka`);
    expect(notice).toMatchObject({ start: "2026-11-01", end: "2026-11-02" });
    expect(notice?.description).toContain("31 décembre 2026");
  });

  it("does not renew an agreement that has ended: its recorded end stays, out of the window", () => {
    const terminated = { ...renewed, status: "terminated" as const };
    const { byUid } = parseFeed(feed("fr", rows({ agreements: [terminated] })));
    expect(byUid.has(`agreement-end-${ref.id}@sharaka`)).toBe(false);
    expect(byUid.has(`agreement-renewal-notice-${ref.id}@sharaka`)).toBe(false);
  });

  it("shows the signature and entry into force when they fall in the window", () => {
    const recent = {
      ...renewed,
      signedOn: "2026-04-20",
      effectiveOn: "2026-05-01",
      renewal: "none" as const,
    };
    const { byUid } = parseFeed(feed("en", rows({ agreements: [{ ...recent, expiresOn: "2029-04-30" }] })));
    expect(byUid.get(`agreement-signature-${ref.id}@sharaka`)).toMatchObject({
      start: "2026-04-20",
      summary: "Signature: CONV-2023-07 — Partnership agreement on training elected officials",
    });
    expect(byUid.get(`agreement-effective-${ref.id}@sharaka`)?.start).toBe("2026-05-01");
    // 2029-04-30 is past the two years ahead.
    expect(byUid.has(`agreement-end-${ref.id}@sharaka`)).toBe(false);
  });

  it("lists the indicator values due for the last and the current period, not the given ones", () => {
    const { byUid } = parseFeed(feed("fr"));
    const id = "00000000-0000-4000-8000-0000000000d1";
    // Q1 ended 31 March: due 30 days later. Q2 ends 30 June: due 30 July.
    expect(byUid.get(`indicator-due-${id}-2026-Q1@sharaka`)?.start).toBe("2026-04-30");
    expect(byUid.get(`indicator-due-${id}-2026-Q2@sharaka`)).toMatchObject({
      start: "2026-07-30",
      summary: "Valeur attendue : Élus formés, T2 2026 (CONV-2023-07)",
    });
    const [indicator] = rows().indicators;
    const given = rows({
      indicators: [{ ...(indicator as FeedRows["indicators"][number]), reportedPeriods: ["2026-Q1"] }],
    });
    const after = parseFeed(feed("fr", given)).byUid;
    expect(after.has(`indicator-due-${id}-2026-Q1@sharaka`)).toBe(false);
    expect(after.has(`indicator-due-${id}-2026-Q2@sharaka`)).toBe(true);
  });

  it("words every summary in the feed's language, Arabic included, and folds it by octets", () => {
    const arabic = feed("ar");
    const { byUid } = parseFeed(arabic);
    expect(byUid.get(`agreement-end-${ref.id}@sharaka`)?.summary).toBe(
      "نهاية الاتفاقية: CONV-2023-07 — اتفاقية شراكة من أجل تكوين المنتخبين",
    );
    expect(byUid.get(`agreement-end-${ref.id}@sharaka`)?.description).toContain("جُدِّدت ضمنيا 3 مرات.");
    expect(byUid.get("meeting-00000000-0000-4000-8000-0000000000b1@sharaka")?.summary).toBe(
      "لجنة القيادة: لجنة القيادة (CONV-2023-07)",
    );
    // The Arabic renewal notice is longer than 75 octets: it had to be folded.
    expect(arabic).toMatch(/\r\n [^\r\n]/);
    expect(parseFeed(feed("en")).byUid.get(`agreement-end-${ref.id}@sharaka`)?.summary).toBe(
      "End of the agreement: CONV-2023-07 — Partnership agreement on training elected officials",
    );
  });

  it("marks cancelled activities and meetings as cancelled", () => {
    const data = rows();
    const cancelled = rows({
      activities: data.activities.map((activity) => ({ ...activity, status: "cancelled" as const })),
      meetings: data.meetings.map((meeting) => ({ ...meeting, status: "cancelled" as const })),
    });
    const { byUid } = parseFeed(feed("fr", cancelled));
    expect(byUid.get("activity-00000000-0000-4000-8000-0000000000a1@sharaka")?.status).toBe("CANCELLED");
    expect(byUid.get("meeting-00000000-0000-4000-8000-0000000000b1@sharaka")?.status).toBe("CANCELLED");
    expect(
      parseFeed(feed("fr")).byUid.get("action-00000000-0000-4000-8000-0000000000c1@sharaka")?.status,
    ).toBe("CONFIRMED");
  });

  it("keeps at most MAX_FEED_EVENTS events, the nearest to today", () => {
    const many = Array.from({ length: MAX_FEED_EVENTS + 100 }, (_, index) => ({
      id: `activity-${String(index).padStart(5, "0")}`,
      title: { fr: `Activité ${index}` },
      status: "planned" as const,
      // One a day from today on: the last 100 are the farthest.
      plannedStart: new Date(Date.UTC(2026, 4, 10 + (index % 700))).toISOString().slice(0, 10),
      plannedEnd: null,
      agreement: ref,
    }));
    const t = translator("fr");
    const events = feedEvents(
      { agreements: [], activities: many, meetings: [], actions: [], indicators: [] },
      { lang: "fr", t, today, links: workspaceLinks("https://sharaka.example", "fr") },
    );
    expect(events).toHaveLength(MAX_FEED_EVENTS);
    const starts = events.map((event) => (event.allDay ? event.start : ""));
    expect(starts[0]).toBe(today);
    expect([...starts].sort()).toEqual(starts);
  });
});
