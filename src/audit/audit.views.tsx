import { agreementPaths } from "../agreements/agreements.paths.js";
import type { Translate } from "../shared/i18n.js";
import { formatDateTime } from "../shared/i18n.js";
import { type Language, textDirection } from "../shared/localized.js";
import { isUuid } from "../shared/validation.js";
import { FilterFold, Pager, TableScroll } from "../web/components.js";
import type { ReferenceType } from "../web/field-values.js";
import { SelectControl } from "../web/forms.js";
import { usePage } from "../web/page-context.js";
import { addressQuery } from "../web/paths.js";
import type { AuditFilter } from "./audit.filters.js";
import { changeFilters, knownEntityTypes } from "./audit.filters.js";
import {
  actionWords,
  agreementNameOf,
  entityTypeLabel,
  type LabelledRow,
  labelledRows,
  recordName,
} from "./audit.labels.js";
import { changeKind } from "./audit.presenter.js";
import type { AuditActorOption, AuditEventItem } from "./audit.queries.js";
import { nameKey, type RecordNames } from "./audit-names.queries.js";

/** Where a record lives in the workspace, for the types that have a page there. */
export function entityPath(lang: Language, entityType: string, entityId: string): string | undefined {
  const id = encodeURIComponent(entityId);
  if (entityType === "agreement") return agreementPaths.workspace(lang, id);
  if (entityType === "organization") return `/${lang}/workspace/organizations/${id}`;
  const followUp: Record<string, string> = {
    activity: "activities",
    indicator: "indicators",
    meeting: "meetings",
    follow_up_action: "actions",
  };
  const folder = followUp[entityType];
  return folder ? `/${lang}/workspace/${folder}/${id}` : undefined;
}

export const historyPath = (lang: Language, entityType: string, entityId: string) =>
  `/${lang}/workspace/history/${encodeURIComponent(entityType)}/${encodeURIComponent(entityId)}`;

/** A user by name and email; "system", "anonymous" and "cli:…" as they are recorded, with a word for each. */
function Who({ actor }: { actor: AuditActorOption }) {
  const { t } = usePage();
  if (actor.name || actor.email) {
    return (
      <span>
        {actor.name ?? ""} {actor.email ? <small dir="ltr">{`<${actor.email}>`}</small> : null}
      </span>
    );
  }
  return (
    <span>
      {nonUserLabel(t, actor.id)} <code dir="ltr">{actor.id}</code>
    </span>
  );
}

function nonUserLabel(t: Translate, id: string): string {
  if (id === "system") return t("roles.system");
  if (id === "anonymous") return t("roles.anonymous");
  if (id.startsWith("cli:")) return t("audit.commandLine");
  return t("audit.formerActor");
}

/** The actor filter's option text. */
export function actorOptionText(t: Translate, actor: AuditActorOption): string {
  if (actor.name || actor.email)
    return actor.email ? `${actor.name ?? ""} <${actor.email}>` : (actor.name ?? "");
  return `${nonUserLabel(t, actor.id)} (${actor.id})`;
}

/** A value in words (audit.labels.ts); a multilingual text's language in its own direction. */
function Value({ value, lang }: { value: string | undefined; lang?: Language }) {
  const { t } = usePage();
  if (value === undefined) {
    return (
      <span>
        <span aria-hidden="true">—</span>
        <span class="visually-hidden">{t("audit.absent")}</span>
      </span>
    );
  }
  return lang ? (
    <span lang={lang} dir={textDirection(lang)}>
      {value}
    </span>
  ) : (
    <span dir="auto">{value}</span>
  );
}

function DiffTable({ rows, kind }: { rows: LabelledRow[]; kind: ReturnType<typeof changeKind> }) {
  const { t } = usePage();
  const showBefore = kind !== "create";
  const showAfter = kind !== "delete";
  return (
    <TableScroll label={t("workspace.nav.audit")}>
      <table class="data">
        <thead>
          <tr>
            <th scope="col">{t("audit.field")}</th>
            {showBefore ? <th scope="col">{t("audit.before")}</th> : null}
            {showAfter ? <th scope="col">{t("audit.after")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr>
              <th scope="row">{row.label}</th>
              {showBefore ? (
                <td>
                  <Value value={row.before} lang={row.lang} />
                </td>
              ) : null}
              {showAfter ? (
                <td>
                  <Value value={row.after} lang={row.lang} />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/**
 * A record with no page: its name, else its key when the key says something (a setting's name,
 * "clock"), never a bare uuid, which says nothing to a person.
 */
function RecordKey({ name, entityId }: { name: string | undefined; entityId: string }) {
  const { t } = usePage();
  if (name) return <span dir="auto">{name}</span>;
  if (isUuid(entityId) || /^[0-9a-f]{32}$/.test(entityId)) return <span>{t("audit.unnamedRecord")}</span>;
  return <code dir="ltr">{entityId}</code>;
}

function EventItem({
  event,
  names,
  historyLinks,
}: {
  event: AuditEventItem;
  names: RecordNames;
  historyLinks: boolean;
}) {
  const { lang, t } = usePage();
  const words = { lang, t, nameOf: (type: ReferenceType, id: string) => names.get(nameKey(type, id)) };
  const rows = labelledRows(event, words);
  const kind = changeKind(event.changes);
  const path = entityPath(lang, event.entityType, event.entityId);
  const name = recordName(event, names, lang);
  const agreement = agreementNameOf(event, names);
  return (
    <li class="audit-event" data-action={event.action}>
      <div class="grow">
        <p>
          <time datetime={event.at.toISOString()}>{formatDateTime(lang, event.at, { detailed: true })}</time>
          {" · "}
          <Who actor={event.actor} />
          {" · "}
          <strong class="audit-action">{actionWords(t, event)}</strong>
        </p>
        <p class="audit-record">
          {entityTypeLabel(t, event.entityType)}{" "}
          {path ? (
            <a href={path} dir="auto">
              {name ?? t("audit.unnamedRecord")}
            </a>
          ) : (
            <RecordKey name={name} entityId={event.entityId} />
          )}
          {agreement && event.agreementId ? (
            <>
              {" · "}
              {t("audit.ofAgreement")}{" "}
              <a href={entityPath(lang, "agreement", event.agreementId)} dir="auto">
                {agreement}
              </a>
            </>
          ) : null}
          {historyLinks ? (
            <>
              {" · "}
              <a href={historyPath(lang, event.entityType, event.entityId)}>{t("audit.recordHistory")}</a>
            </>
          ) : null}
        </p>
        {rows.length ? (
          <details>
            <summary>{t("audit.changes", { count: rows.length })}</summary>
            <DiffTable rows={rows} kind={kind} />
          </details>
        ) : (
          <p>{t("audit.noChanges")}</p>
        )}
      </div>
    </li>
  );
}

/** Events newest first, each with who, what, when, the record, and its changes in a <details>. */
export function EventList({
  events,
  names,
  historyLinks = true,
}: {
  events: AuditEventItem[];
  /** the names of the records the events point at, as the reader may read them (audit-names.queries.ts) */
  names: RecordNames;
  /** a link to each record's history; off on a history page, where it would lead to itself */
  historyLinks?: boolean;
}) {
  const { t } = usePage();
  if (!events.length) return <p>{t("audit.noEvents")}</p>;
  return (
    <ol class="row-list audit-events">
      {events.map((event) => (
        <EventItem event={event} names={names} historyLinks={historyLinks} />
      ))}
    </ol>
  );
}

/** The log's or a history's pages, each keeping the filters (the shared pager, named for the log). */
export function Pagination({
  base,
  filter,
  page,
  pages,
}: {
  base: string;
  filter: AuditFilter;
  page: number;
  pages: number;
}) {
  const { t } = usePage();
  return (
    <Pager
      page={page}
      pages={pages}
      hrefFor={(page) => `${base}${addressQuery({ ...filter, page })}`}
      label={t("audit.pagination")}
    />
  );
}

/** The log's filters: a plain GET form, so it works without JavaScript and its URL can be shared. */
export function FilterForm({ filter, actors }: { filter: AuditFilter; actors: AuditActorOption[] }) {
  const { lang, t } = usePage();
  const action = `/${lang}/workspace/audit`;
  const types: string[] = [...knownEntityTypes];
  const actorOptions = [...actors];
  if (filter.actor && !actors.some((actor) => actor.id === filter.actor))
    actorOptions.push({ id: filter.actor, name: null, email: null });
  return (
    <FilterFold>
      <form class="filters" method="get" action={action} aria-labelledby="audit-filters-heading">
        <h2 id="audit-filters-heading">{t("audit.filters")}</h2>
        <label>
          {t("audit.form.record")}
          <input
            type="text"
            name="record"
            maxlength={200}
            dir="auto"
            value={filter.record ?? ""}
            aria-describedby="audit-record-hint"
          />
        </label>
        <small id="audit-record-hint">{t("audit.form.recordHint")}</small>
        <label>
          {t("audit.form.actor")}
          <SelectControl
            name="actor"
            blank={t("audit.any")}
            value={filter.actor}
            options={actorOptions.map((actor) => ({ value: actor.id, label: actorOptionText(t, actor) }))}
          />
        </label>
        <label>
          {t("audit.form.action")}
          <input
            type="text"
            name="action"
            maxlength={100}
            dir="ltr"
            value={filter.action ?? ""}
            aria-describedby="audit-action-hint"
          />
        </label>
        <small id="audit-action-hint">{t("audit.form.actionHint")}</small>
        <label>
          {t("audit.form.entityType")}
          <SelectControl
            name="entityType"
            blank={t("audit.any")}
            value={filter.entityType}
            options={types.map((type) => ({ value: type, label: entityTypeLabel(t, type) }))}
          />
        </label>
        <label>
          {t("audit.form.change")}
          <SelectControl
            name="change"
            blank={t("audit.any")}
            value={filter.change}
            options={changeFilters.map((change) => ({
              value: change,
              label: t(`audit.changeKinds.${change}`),
            }))}
          />
        </label>
        <label>
          {t("audit.form.entityId")}
          <input type="text" name="entityId" maxlength={200} dir="ltr" value={filter.entityId ?? ""} />
        </label>
        <label>
          {t("audit.form.from")}
          <input type="date" name="from" value={filter.from ?? ""} />
        </label>
        <label>
          {t("audit.form.to")}
          <input type="date" name="to" value={filter.to ?? ""} />
        </label>
        <div>
          <button class="button" type="submit">
            {t("audit.apply")}
          </button>{" "}
          <a class="button secondary" href={action}>
            {t("audit.reset")}
          </a>
        </div>
      </form>
    </FilterFold>
  );
}
