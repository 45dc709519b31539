import type { LocalizedText } from "../shared/localized.js";
import { indexWords } from "./words.js";

/**
 * The search words of the records searched apart from their agreement (src/search/words.ts):
 * kept in each record's `search_text` column, written with the record, rebuilt by the reindex.
 */
const allLanguages = (value: LocalizedText | null | undefined) =>
  value ? [value.ar, value.fr, value.en] : [];

/** A meeting is found by its title, its agenda and its place. */
export const meetingSearchText = (meeting: {
  title: LocalizedText;
  agenda?: LocalizedText | null;
  place?: string | null;
}): string =>
  indexWords(...allLanguages(meeting.title), ...allLanguages(meeting.agenda), meeting.place).join(" ");

/** A document is found by its titles and its file's name (its text: document_text_parts). */
export const documentSearchText = (document: { title: LocalizedText; fileName: string }): string =>
  indexWords(...allLanguages(document.title), document.fileName).join(" ");

/** An activity is found by its titles. */
export const activitySearchText = (activity: { title: LocalizedText }): string =>
  indexWords(...allLanguages(activity.title)).join(" ");
