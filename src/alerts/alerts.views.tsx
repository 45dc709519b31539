import {
  type AlertDeliveryMode,
  type AlertKind,
  alertDeliveryModes,
  alertKinds,
} from "../db/schema/index.js";
import { formatDate, formatNumber, type Translate } from "../shared/i18n.js";
import type { Language } from "../shared/localized.js";
import { ErrorBox } from "../web/components.js";
import { ConflictPanel, type ConflictRow } from "../web/conflict.js";
import { SelectControl } from "../web/forms.js";
import { usePage } from "../web/page-context.js";
import { describeAlert } from "./alert-text.js";
import { alertLink, groupByKind } from "./alerts.presenter.js";
import type { AlertItem, LeadTimesEntry } from "./alerts.service.js";

/*
 * The alert centre, the person's choices and the lead times. Each alert is worded by
 * describeAlert (alert-text.ts), as in the email digest. Acting on an alert works as a plain
 * form; with htmx the list is swapped in place and the notice region says what happened.
 */

export const SNOOZE_CHOICES = [1, 7, 30] as const;

export function centrePath(lang: Language, hidden = false, filter?: AlertKind): string {
  const query = new URLSearchParams();
  if (hidden) query.set("show", "hidden");
  if (filter) query.set("filter", filter);
  const search = query.toString();
  return `/${lang}/workspace/alerts${search ? `?${search}` : ""}`;
}
export const preferencesPath = (lang: Language) => `/${lang}/workspace/alerts/preferences`;
export const rulesPath = (lang: Language) => `/${lang}/workspace/alerts/rules`;

/**
 * The polite live region where notices appear. It is on the page from the start, so that a
 * screen reader announces the text htmx puts in it (`oob`: the copy an htmx answer carries).
 */
export function NoticeRegion({ text, oob = false }: { text?: string; oob?: boolean }) {
  return (
    <div id="alerts-notice" role="status" hx-swap-oob={oob ? "innerHTML" : undefined}>
      {text ? <p class="notice">{text}</p> : null}
    </div>
  );
}

/** The refusal of a form, worded by the route (field names of this module's own). */
export function RefusalBox({ messages }: { messages?: string[] }) {
  const { t } = usePage();
  return messages?.length ? <ErrorBox title={t("errors.title")} messages={messages} /> : null;
}

/** A row of links, the current one marked as the page (the tabs, the kinds). */
function LinkRow({
  label,
  links,
}: {
  label: string;
  links: { href: string; label: string; current: boolean }[];
}) {
  return (
    <nav aria-label={label}>
      <ul class="columns">
        {links.map((link) => (
          <li>
            <a href={link.href} aria-current={link.current ? "page" : undefined}>
              {link.current ? <strong>{link.label}</strong> : link.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function CentreTabs({ hidden }: { hidden: boolean }) {
  const { lang, t } = usePage();
  return (
    <LinkRow
      label={t("alertCentre.tabs.label")}
      links={[
        { href: centrePath(lang), label: t("alertCentre.tabs.open"), current: !hidden },
        { href: centrePath(lang, true), label: t("alertCentre.tabs.hidden"), current: hidden },
      ]}
    />
  );
}

/** Why a hidden alert is hidden: snoozed until a day, or acknowledged at its stage. */
function hiddenState(lang: Language, t: Translate, item: AlertItem, today: string): string {
  if (item.snoozedUntil && item.snoozedUntil > today)
    return t("alertCentre.item.snoozedUntil", { date: formatDate(lang, item.snoozedUntil) });
  return t("alertCentre.item.acknowledged");
}

function AlertActions({
  item,
  title,
  hidden,
  filter,
}: {
  item: AlertItem;
  title: string;
  hidden: boolean;
  filter?: AlertKind;
}) {
  const { lang, t } = usePage();
  const base = `/${lang}/workspace/alerts/${item.id}`;
  // The list to go back to keeps its kind.
  const keep = filter ? <input type="hidden" name="filter" value={filter} /> : null;
  // The buttons say which alert they act on, for those who hear them out of their list item.
  const about = <span class="visually-hidden">{t("alertCentre.actions.about", { title })}</span>;
  const hx = { "hx-target": "#alert-list", "hx-swap": "outerHTML" };
  if (hidden) {
    return (
      <div class="actions">
        <form method="post" action={`${base}/restore`} hx-post={`${base}/restore`} {...hx}>
          {keep}
          <button type="submit" class="button secondary">
            {t("alertCentre.actions.restore")}
            {about}
          </button>
        </form>
      </div>
    );
  }
  const selectId = `snooze-${item.id}`;
  return (
    <div class="actions">
      <form method="post" action={`${base}/acknowledge`} hx-post={`${base}/acknowledge`} {...hx}>
        {keep}
        <button type="submit" class="button">
          {t("alertCentre.actions.acknowledge")}
          {about}
        </button>
      </form>
      <form method="post" action={`${base}/snooze`} hx-post={`${base}/snooze`} {...hx}>
        {keep}
        <label for={selectId}>{t("alertCentre.actions.snoozeFor")}</label>{" "}
        <SelectControl
          id={selectId}
          name="days"
          value="7"
          options={SNOOZE_CHOICES.map((days) => ({
            value: String(days),
            label: t("alertCentre.actions.days", { count: days }),
          }))}
        />{" "}
        <button type="submit" class="button secondary">
          {t("alertCentre.actions.snooze")}
          {about}
        </button>
      </form>
    </div>
  );
}

function AlertRow({
  item,
  today,
  hidden,
  filter,
}: {
  item: AlertItem;
  today: string;
  hidden: boolean;
  filter?: AlertKind;
}) {
  const { lang, t } = usePage();
  const text = describeAlert({ t, lang, today }, item);
  return (
    <li id={`alert-${item.id}`}>
      <div class="grow">
        <p>
          <a href={alertLink(item, lang)}>{text.title}</a>
        </p>
        <p>{text.headline}</p>
        <p>
          {text.late ? (
            // Said in words, the colour only repeats it.
            <>
              <strong class="badge overdue">{t("alertCentre.item.late")}</strong>{" "}
              <strong class="overdue">{text.when}</strong>
            </>
          ) : (
            <span>{text.when}</span>
          )}
          {hidden ? <> · {hiddenState(lang, t, item, today)}</> : null}
        </p>
      </div>
      <AlertActions item={item} title={text.title} hidden={hidden} filter={filter} />
    </li>
  );
}

/** One kind at a time, for those with many alerts: each kind with its count, and all of them. */
function KindFilter({
  hidden,
  byKind,
  filter,
}: {
  hidden: boolean;
  byKind: Partial<Record<AlertKind, number>>;
  filter?: AlertKind;
}) {
  const { lang, t } = usePage();
  const kinds = alertKinds.filter((kind) => byKind[kind]);
  if (kinds.length < 2 && !filter) return null;
  const all = Object.values(byKind).reduce((sum, count) => sum + (count ?? 0), 0);
  const links = [
    {
      href: centrePath(lang, hidden),
      label: `${t("alertCentre.filter.all")} (${formatNumber(lang, all)})`,
      current: !filter,
    },
    ...kinds.map((kind) => ({
      href: centrePath(lang, hidden, kind),
      label: `${t(`alerts.kinds.${kind}`)} (${formatNumber(lang, byKind[kind] ?? 0)})`,
      current: kind === filter,
    })),
  ];
  return <LinkRow label={t("alertCentre.filter.label")} links={links} />;
}

/**
 * The list: a heading per kind, the most urgent group first. `focus` (an htmx answer) puts the
 * focus on the list's heading, since the button that was pressed is gone with its alert.
 */
export function AlertList({
  today,
  items,
  total,
  hidden,
  byKind = {},
  filter,
  focus = false,
}: {
  today: string;
  items: AlertItem[];
  total: number;
  hidden: boolean;
  byKind?: Partial<Record<AlertKind, number>>;
  filter?: AlertKind;
  focus?: boolean;
}) {
  const { lang, t } = usePage();
  return (
    <section id="alert-list" aria-labelledby="alert-list-title">
      <h2 id="alert-list-title" tabindex={focus ? -1 : undefined} autofocus={focus}>
        {t(hidden ? "alertCentre.list.hidden" : "alertCentre.list.open")}{" "}
        <small>({t("alertCentre.list.count", { count: total })})</small>
      </h2>
      <KindFilter hidden={hidden} byKind={byKind} filter={filter} />
      {total > items.length ? (
        <p>{t("alertCentre.list.shownOf", { shown: formatNumber(lang, items.length), count: total })}</p>
      ) : null}
      {items.length ? (
        groupByKind(items).map((group) => (
          <section aria-labelledby={`kind-${group.kind}`}>
            <h3 id={`kind-${group.kind}`}>
              {t(`alerts.kinds.${group.kind}`)} <small>({formatNumber(lang, group.items.length)})</small>
            </h3>
            <ul class="row-list">
              {group.items.map((item) => (
                <AlertRow item={item} today={today} hidden={hidden} filter={filter} />
              ))}
            </ul>
          </section>
        ))
      ) : hidden ? (
        <p>{t("alertCentre.list.emptyHidden")}</p>
      ) : (
        <>
          <p>{t("alertCentre.list.empty")}</p>
          <p>
            {t("alertCentre.list.emptyHint")}{" "}
            <a href={preferencesPath(lang)}>{t("alertCentre.links.preferences")}</a>
          </p>
        </>
      )}
    </section>
  );
}

export function AlertCentrePage({
  today,
  items,
  total,
  hidden,
  byKind,
  filter,
  notice,
  refusal,
  showRules,
}: {
  today: string;
  items: AlertItem[];
  total: number;
  hidden: boolean;
  byKind?: Partial<Record<AlertKind, number>>;
  filter?: AlertKind;
  notice?: string;
  refusal?: string[];
  showRules: boolean;
}) {
  const { lang, t } = usePage();
  return (
    <>
      <h1>{t("alertCentre.title")}</h1>
      <p>{t("alertCentre.intro")}</p>
      <ul class="columns">
        <li>
          <a href={preferencesPath(lang)}>{t("alertCentre.links.preferences")}</a>
        </li>
        {showRules ? (
          <li>
            <a href={rulesPath(lang)}>{t("alertCentre.links.rules")}</a>
          </li>
        ) : null}
      </ul>
      <NoticeRegion text={notice} />
      <RefusalBox messages={refusal} />
      <CentreTabs hidden={hidden} />
      <AlertList today={today} items={items} total={total} hidden={hidden} byKind={byKind} filter={filter} />
    </>
  );
}

/** Each kind's radio group; all of them are saved by one button. */
export function PreferencesPage({
  values,
  notice,
  refusal,
}: {
  values: Partial<Record<AlertKind, string>>;
  notice?: string;
  refusal?: string[];
}) {
  const { lang, t } = usePage();
  return (
    <>
      <h1>{t("alertCentre.preferences.title")}</h1>
      <p>{t("alertCentre.preferences.intro")}</p>
      <p>
        <a href={centrePath(lang)}>{t("alertCentre.links.back")}</a>
      </p>
      <NoticeRegion text={notice} />
      <RefusalBox messages={refusal} />
      <form method="post" action={preferencesPath(lang)} class="stacked">
        {alertKinds.map((kind) => (
          <fieldset>
            <legend>{t(`alerts.kinds.${kind}`)}</legend>
            {alertDeliveryModes.map((mode: AlertDeliveryMode) => {
              const id = `pref-${kind}-${mode}`;
              return (
                <div class="check">
                  <input type="radio" id={id} name={kind} value={mode} checked={values[kind] === mode} />
                  <label for={id}>{t(`alertCentre.preferences.modes.${mode}`)}</label>
                </div>
              );
            })}
          </fieldset>
        ))}
        <div>
          <button type="submit" class="button">
            {t("alertCentre.preferences.save")}
          </button>
        </div>
      </form>
    </>
  );
}

/** What a lead-times form shows after a refused save: the person's text, why, or the saved version beside it. */
export interface LeadTimesState {
  raw: string;
  refusal?: string[];
  conflict?: { version: number; rows: ConflictRow[] };
}

export const formatLeadDays = (days: readonly number[]) => days.join(", ");

function LeadTimesForm({ entry, state }: { entry: LeadTimesEntry; state?: LeadTimesState }) {
  const { lang, t } = usePage();
  const id = `leadDays-${entry.kind}`;
  const kindName = t(`alerts.kinds.${entry.kind}`);
  const version = state?.conflict?.version ?? entry.version;
  return (
    <section id={`rules-${entry.kind}`} aria-labelledby={`rules-${entry.kind}-title`}>
      <h2 id={`rules-${entry.kind}-title`}>{kindName}</h2>
      {state?.conflict ? <ConflictPanel version={state.conflict.version} rows={state.conflict.rows} /> : null}
      <RefusalBox messages={state?.refusal} />
      <form method="post" action={`${rulesPath(lang)}/${entry.kind}`} class="stacked">
        <label for={id}>{t("alertCentre.rules.label")}</label>
        <input
          id={id}
          name="leadDays"
          value={state?.raw ?? formatLeadDays(entry.leadDays)}
          dir="ltr"
          autocomplete="off"
          aria-describedby={`${id}-hint`}
          aria-invalid={state?.refusal ? "true" : undefined}
        />
        <p id={`${id}-hint`}>
          {t("alertCentre.rules.hint", { defaults: formatLeadDays(entry.defaultLeadDays) })}{" "}
          {t(entry.overdue ? "alertCentre.rules.overdue" : "alertCentre.rules.notOverdue")}
        </p>
        <input type="hidden" name="version" value={String(version)} />
        <div>
          <button type="submit" class="button">
            {t("alertCentre.rules.save")}
            <span class="visually-hidden"> — {kindName}</span>
          </button>
        </div>
      </form>
    </section>
  );
}

export function LeadTimesPage({
  entries,
  notice,
  states = {},
}: {
  entries: LeadTimesEntry[];
  notice?: string;
  states?: Partial<Record<AlertKind, LeadTimesState>>;
}) {
  const { lang, t } = usePage();
  return (
    <>
      <h1>{t("alertCentre.rules.title")}</h1>
      <p>{t("alertCentre.rules.intro")}</p>
      <p>
        <a href={centrePath(lang)}>{t("alertCentre.links.back")}</a>
      </p>
      <NoticeRegion text={notice} />
      {entries.map((entry) => (
        <LeadTimesForm entry={entry} state={states[entry.kind]} />
      ))}
    </>
  );
}
