import { and, eq } from "drizzle-orm";
import { insideAgreementsCondition, readableAgreementsCondition } from "../access/agreement-access.js";
import type { Executor } from "../db/client.js";
import { agreements } from "../db/schema/index.js";
import { todayInMorocco } from "../domain/figures.js";
import { anonymous } from "../shared/actor.js";
import { notFound } from "../shared/errors.js";
import { translator } from "../shared/i18n.js";
import { isLanguage, type Language, textOf } from "../shared/localized.js";
import { actorFromUser } from "../users/users.presenter.js";
import type { UserRow } from "../users/users.service.js";
import { type FeedRows, feedEvents, portalLinks, workspaceLinks } from "./calendar.events.js";
import { renderCalendar } from "./calendar.ics.js";
import {
  loadActivities,
  loadAgreementDates,
  loadIndicatorDues,
  loadMeetings,
  loadOpenActions,
} from "./calendar.queries.js";

/**
 * The two feeds. A personal feed shows what its owner may see, in the owner's language: the
 * dates and activities of the agreements they may read, and — only where they see inside an
 * agreement, as its workspace page does — its meetings, open follow-up actions and indicator
 * values due. A public feed shows what the portal shows of one public agreement: its dates
 * and activities, nothing of its committee.
 */

/** A personal feed, for a user `findCalendarFeedOwner` returned (active). */
export async function buildPersonalFeed({
  db,
  user,
  publicUrl,
  now = new Date(),
}: {
  db: Executor;
  user: UserRow;
  publicUrl: string;
  now?: Date;
}): Promise<string> {
  const actor = actorFromUser(user);
  const lang: Language = isLanguage(user.locale) ? user.locale : "fr";
  const today = todayInMorocco(now);
  const readable = readableAgreementsCondition(actor);
  const inside = and(readable, insideAgreementsCondition(actor));
  const [dates, activities, meetings, actions, indicators] = await Promise.all([
    loadAgreementDates({ db, where: readable, today }),
    loadActivities({ db, where: readable, today }),
    loadMeetings({ db, where: inside, today, now }),
    loadOpenActions({ db, where: inside, today }),
    loadIndicatorDues({ db, where: inside, today }),
  ]);
  const rows: FeedRows = { agreements: dates, activities, meetings, actions, indicators };
  const t = translator(lang);
  return renderCalendar({
    events: feedEvents(rows, { lang, t, today, links: workspaceLinks(publicUrl, lang) }),
    calName: t("calendar.feed.personalName", { name: user.name }),
    now,
  });
}

/** One public agreement's feed; an internal or missing agreement is "not found", as on the portal. */
export async function buildPublicAgreementFeed({
  db,
  agreementId,
  lang,
  publicUrl,
  now = new Date(),
}: {
  db: Executor;
  agreementId: string;
  lang: Language;
  publicUrl: string;
  now?: Date;
}): Promise<string> {
  const today = todayInMorocco(now);
  const where = and(
    eq(agreements.id, agreementId),
    readableAgreementsCondition(anonymous),
    eq(agreements.visibility, "public"),
  );
  const [agreement] = await db
    .select({ reference: agreements.reference, title: agreements.title })
    .from(agreements)
    .where(where);
  if (!agreement) throw notFound("Agreement", agreementId);
  const [dates, activities] = await Promise.all([
    loadAgreementDates({ db, where, today }),
    loadActivities({ db, where, today }),
  ]);
  const rows: FeedRows = { agreements: dates, activities, meetings: [], actions: [], indicators: [] };
  const t = translator(lang);
  return renderCalendar({
    events: feedEvents(rows, { lang, t, today, links: portalLinks(publicUrl, lang) }),
    calName: t("calendar.events.agreementName", {
      reference: agreement.reference,
      title: textOf(agreement.title, lang, agreement.reference),
    }),
    now,
  });
}
