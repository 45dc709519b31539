import { z } from "zod";

/**
 * The sections of an agreement's workspace page, in page order: each has an anchor of that id
 * on the whole page, and is a page of its own at `?section=<id>` (a long agreement's page runs
 * to tens of thousands of pixels; a person following its plan opens just that).
 */
export const agreementSections = [
  "overview",
  "parties",
  "plans",
  "indicators",
  "committee",
  "documents",
  "history",
] as const;
export type AgreementSection = (typeof agreementSections)[number];

/** The follow-up sections the workspace hands in (the modules that follow an agreement up). */
export type FollowUpSection = Extract<AgreementSection, "plans" | "indicators" | "committee">;

/** The agreement page's query: one section, or the whole page. */
export const agreementPageQuery = z.object({ section: z.enum(agreementSections).optional() });
