import { and, eq, sql } from "drizzle-orm";
import { readableAgreementsCondition } from "../access/agreement-access.js";
import { activities, agreementSearch, agreements } from "../db/schema/index.js";
import { searchMatches } from "../search/agreement-search-text.js";
import { matchesEveryTerm, parseSearchQuery, type SearchRequest } from "../search/query.js";
import type { LocalizedText } from "../shared/localized.js";

/** The matching agreements whose activities are read for one search, at most. */
const AGREEMENTS_READ = 300;

/**
 * The activities the actor may read whose title holds every word of the query. An activity's
 * title is among its agreement's searched words, so an activity that matches belongs to an
 * agreement that does: the search index finds those (a few hundred at most: a search that
 * broad lists only some of its activities), and their titles are read with the search's rule.
 */
export async function searchActivities({
  db,
  actor,
  q,
  limit = 10,
}: SearchRequest): Promise<
  { id: string; title: LocalizedText; agreementId: string; agreementTitle: LocalizedText }[]
> {
  const query = parseSearchQuery(q);
  if (!query) return [];
  const candidates = await db
    .select({
      id: activities.id,
      title: activities.title,
      agreementId: activities.agreementId,
      agreementTitle: agreements.title,
    })
    .from(activities)
    .innerJoin(agreements, eq(agreements.id, activities.agreementId))
    .where(
      and(
        sql`${agreements.id} = any(array(select ${agreementSearch.agreementId} from ${agreementSearch}
          where ${searchMatches(query)} limit ${AGREEMENTS_READ}))`,
        readableAgreementsCondition(actor),
      ),
    )
    .orderBy(sql`${agreements.signedOn} desc nulls last`, activities.id);
  return candidates
    .filter((activity) => matchesEveryTerm(query, activity.title.ar, activity.title.fr, activity.title.en))
    .slice(0, limit);
}
