import { Hono } from "hono";
import { searchActivities } from "../activities/activities.search.js";
import { agreementPaths } from "../agreements/agreements.paths.js";
import { listAgreements } from "../agreements/agreements.queries.js";
import { searchContacts } from "../partners/contacts.service.js";
import { suggestOrganizations } from "../partners/organizations.service.js";
import { MAX_QUERY_LENGTH, parseSearchQuery, type SearchQuery, type SearchRequest } from "../search/query.js";
import { type LocalizedText, textOf } from "../shared/localized.js";
import { Localized } from "../web/components.js";
import type { AppEnv } from "../web/context.js";
import { renderWorkspace } from "../web/page.js";
import { usePage } from "../web/page-context.js";
import { workspacePath } from "../web/paths.js";

/** Each kind shows at most this many; agreements link on to their full, paged list. */
const PER_KIND = 10;

interface Found {
  agreements: { id: string; reference: string; title: LocalizedText }[];
  agreementTotal: number;
  organizations: { id: string; name: LocalizedText; acronym: string | null }[];
  contacts: {
    id: string;
    fullName: string;
    role: string | null;
    organizationId: string;
    organizationName: LocalizedText;
  }[];
  activities: { id: string; title: LocalizedText; agreementTitle: LocalizedText }[];
}

/** Each kind as its own module finds it for the person, side by side. */
async function findEveryKind(request: SearchRequest): Promise<Found> {
  const [listed, organizations, contacts, activities] = await Promise.all([
    listAgreements({ ...request, filter: { q: request.q } }),
    suggestOrganizations(request),
    searchContacts(request),
    searchActivities(request),
  ]);
  return { agreements: listed.items, agreementTotal: listed.total, organizations, contacts, activities };
}

/**
 * /workspace/search: one box for agreements, organisations, people and activities, grouped by
 * kind. Each kind is found by its own module, as the person: nothing they may not read is
 * found, listed or counted.
 */
export function globalSearchRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get("/search", async (c) => {
    const { db, actor, t } = c.var;
    const q = (c.req.query("q") ?? "").trim().slice(0, MAX_QUERY_LENGTH);
    const query = parseSearchQuery(q);
    const found = query ? await findEveryKind({ db, actor, q, limit: PER_KIND }) : undefined;
    return renderWorkspace(c, {
      title: t("workspace.search.title"),
      section: "none",
      children: <SearchPage q={q} query={query} found={found} />,
    });
  });
  return routes;
}

function SearchPage({ q, query, found }: { q: string; query?: SearchQuery; found?: Found }) {
  const { lang, t } = usePage();
  const empty =
    found &&
    !found.agreements.length &&
    !found.organizations.length &&
    !found.contacts.length &&
    !found.activities.length;
  return (
    <>
      <h1>{t("workspace.search.title")}</h1>
      <search>
        <form method="get" action={workspacePath(lang, "/search")} class="actions">
          <label for="workspace-search-q">{t("workspace.search.label")}</label>
          <input id="workspace-search-q" name="q" type="search" value={q} maxlength={MAX_QUERY_LENGTH} />
          <button type="submit" class="button secondary">
            {t("workspace.search.submit")}
          </button>
        </form>
      </search>
      {!found ? <p>{t("workspace.search.prompt")}</p> : null}
      {empty ? <p role="status">{t("workspace.search.none", { q })}</p> : null}
      {found?.agreements.length ? (
        <section aria-labelledby="found-agreements">
          <h2 id="found-agreements">
            {t("workspace.search.agreements")} ({found.agreementTotal})
          </h2>
          <ul>
            {found.agreements.map((agreement) => (
              <li>
                <a href={agreementPaths.workspace(lang, agreement.id)}>
                  <Localized value={agreement.title} highlight={query} />
                </a>{" "}
                <small>
                  <bdi>{agreement.reference}</bdi>
                </small>
              </li>
            ))}
          </ul>
          {found.agreementTotal > found.agreements.length ? (
            <p>
              <a href={agreementPaths.list(lang, new URLSearchParams({ q }).toString())}>
                {t("workspace.search.more")}
              </a>
            </p>
          ) : null}
        </section>
      ) : null}
      {found?.organizations.length ? (
        <section aria-labelledby="found-organizations">
          <h2 id="found-organizations">{t("workspace.search.organizations")}</h2>
          <ul>
            {found.organizations.map((organization) => (
              <li>
                <a href={workspacePath(lang, `/organizations/${organization.id}`)}>
                  <Localized value={organization.name} highlight={query} />
                </a>
                {organization.acronym ? (
                  <>
                    {" "}
                    (<bdi>{organization.acronym}</bdi>)
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {found?.contacts.length ? (
        <section aria-labelledby="found-contacts">
          <h2 id="found-contacts">{t("workspace.search.contacts")}</h2>
          <ul>
            {found.contacts.map((contact) => (
              <li>
                <a href={workspacePath(lang, `/organizations/${contact.organizationId}`)}>
                  <bdi>{contact.fullName}</bdi>
                </a>
                {contact.role ? <> · {contact.role}</> : null} · {textOf(contact.organizationName, lang)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {found?.activities.length ? (
        <section aria-labelledby="found-activities">
          <h2 id="found-activities">{t("workspace.search.activities")}</h2>
          <ul>
            {found.activities.map((activity) => (
              <li>
                <a href={workspacePath(lang, `/activities/${activity.id}`)}>
                  <Localized value={activity.title} highlight={query} />
                </a>{" "}
                <small>
                  {t("workspace.search.in")} <Localized value={activity.agreementTitle} />
                </small>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
