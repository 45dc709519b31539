import { agreementPaths } from "../agreements/agreements.paths.js";
import type { AppError, FieldIssue } from "../shared/errors.js";
import { formatNumber, type Translate } from "../shared/i18n.js";
import { type Language, languages, pickText, textOf } from "../shared/localized.js";
import { Pager } from "../web/components.js";
import { ErrorSummary, fieldErrorsFrom, marksOf, noFieldErrors, sayIssue } from "../web/field-errors.js";
import { fieldHeading } from "../web/issue-text.js";
import { Notice } from "../web/page.js";
import { usePage } from "../web/page-context.js";
import { kindSpecs, type TranslatableKind, translatableKinds } from "./translatable.js";
import type { QueueItem } from "./translation-queue.queries.js";
import { translationPaths } from "./translations.paths.js";

/** The text a person typed for each field of one record, kept when its save is refused. */
export type TypedTexts = Record<string, string>;

/** A refused save, shown on its own record: what was refused and what the translator had typed. */
export interface RefusedSave {
  id: string;
  error: AppError;
  typed: TypedTexts;
}

const directionOf = (lang: Language) => (lang === "ar" ? "rtl" : "ltr");

const fieldId = (item: QueueItem, name: string) => `${item.id}-${name.replace(/\W/g, "-")}`;

/** A refusal in the queue's words where the shared sentence would name an inner field ("version"). */
function sayRefusal(issue: FieldIssue, t: Translate): string {
  if (issue.reason === "staleVersion" || issue.reason === "translationRequired")
    return t(`translations.queue.refused.${issue.reason}`);
  return sayIssue(issue, t);
}

/** The posted name of a field's translation (`text.title`): apart from the record's id, kind and version. */
export const typedName = (field: string) => `text.${field}`;

/** The languages the person may translate into, each with how many records wait for it. */
export function TranslationLanguages({ waiting }: { waiting: { lang: Language; count: number }[] }) {
  const { lang, t } = usePage();
  return (
    <ul class="translation-languages">
      {waiting.map((entry) => (
        <li>
          <a href={translationPaths.queue(lang, entry.lang)}>
            {t("translations.queue.into", { language: t(`languageNames.${entry.lang}`) })}
          </a>{" "}
          <span class="waiting-count">
            {t("translations.queue.waiting", { number: formatNumber(lang, entry.count) })}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** The kinds of record, each with its count, the current one marked. */
export function KindChoice({
  target,
  current,
  counts,
}: {
  target: Language;
  current: TranslatableKind;
  counts: Record<TranslatableKind, number>;
}) {
  const { lang, t } = usePage();
  return (
    <nav class="kind-choice" aria-label={t("translations.queue.kinds")}>
      <ul class="kind-list">
        {translatableKinds.map((kind) => (
          <li>
            <a
              href={translationPaths.queue(lang, target, kind)}
              aria-current={kind === current ? "page" : undefined}
            >
              {t(`translations.kinds.${kind}`)} ({formatNumber(lang, counts[kind])})
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Which record it is: its agreement (reference and title) for what belongs to one, else its name. */
function RecordHeading({ item }: { item: QueueItem }) {
  const { lang, t } = usePage();
  const kind = t(`translations.kind.${item.kind}`);
  if (item.agreement) {
    const title = textOf(item.agreement.title, lang);
    // an activity or an indicator by its own name too, when that is not what is being translated
    const own =
      item.kind === "activity" ? item.texts.title : item.kind === "indicator" ? item.texts.name : undefined;
    const ownName = own ? pickText(own, lang) : undefined;
    return (
      <>
        <h2>
          {kind} ·{" "}
          <a href={agreementPaths.workspace(lang, item.agreement.id)}>
            <bdi>{item.agreement.reference}</bdi>
          </a>{" "}
          <bdi>{title}</bdi>
        </h2>
        {ownName ? (
          <p class="record-name" lang={ownName.lang} dir={directionOf(ownName.lang)}>
            {ownName.text}
          </p>
        ) : null}
      </>
    );
  }
  const name = textOf(item.texts.name, lang);
  return (
    <h2>
      {kind} · <bdi>{item.kind === "territory" ? `${name} (${item.id})` : name}</bdi>
    </h2>
  );
}

/** The texts to translate from: every other language the field is written in. */
function Sources({ item, field, target }: { item: QueueItem; field: string; target: Language }) {
  const { t } = usePage();
  const text = item.texts[field] ?? {};
  return (
    <dl class="translation-sources">
      {languages
        .filter((other) => other !== target && text[other]?.trim())
        .map((other) => (
          <>
            <dt class="source-language">{t(`languageNames.${other}`)}</dt>
            <dd class="source-text" lang={other} dir={directionOf(other)}>
              {text[other]}
            </dd>
          </>
        ))}
    </dl>
  );
}

/** One record: its missing texts, each beside its source, saved together with the record's version. */
function QueueEntry({
  item,
  target,
  page,
  refused,
}: {
  item: QueueItem;
  target: Language;
  page: number;
  refused?: RefusedSave;
}) {
  const { lang, t } = usePage();
  const errors = refused
    ? fieldErrorsFrom(refused.error, t, {
        inputOf: (issue) => (item.missing.includes(issue.field) ? typedName(issue.field) : undefined),
        idOf: (name) => fieldId(item, name),
        say: sayRefusal,
      })
    : noFieldErrors;
  const max = new Map(kindSpecs[item.kind].fields.map((field) => [field.name, field.max]));
  return (
    <li id={`record-${item.id}`} class="translation-entry">
      <RecordHeading item={item} />
      <ErrorSummary errors={errors} />
      {/* A refused save comes back with its summary here, which the page's script focuses (and so
          scrolls to); an address with #record-… would take that focus away again on arrival. */}
      <form method="post" action={translationPaths.save(lang, target)} class="stacked">
        <input type="hidden" name="kind" value={item.kind} />
        <input type="hidden" name="id" value={item.id} />
        <input type="hidden" name="version" value={String(item.version)} />
        <input type="hidden" name="page" value={String(page)} />
        {item.missing.map((field) => {
          const name = typedName(field);
          const id = fieldId(item, name);
          const marks = marksOf(errors, name);
          const source = Object.values(item.texts[field] ?? {}).join(" ");
          return (
            <div class="translation-field">
              <h3 id={`${id}-heading`}>{fieldHeading(t, field)}</h3>
              <Sources item={item} field={field} target={target} />
              <label for={id} id={`${id}-label`}>
                {t("translations.queue.yours", { language: t(`languageNames.${target}`) })}
              </label>
              <textarea
                class="translation-input"
                id={id}
                // named by the field and the language: every entry has a textarea "In English"
                aria-labelledby={`${id}-heading ${id}-label`}
                name={name}
                lang={target}
                dir={directionOf(target)}
                rows={Math.min(12, Math.max(2, Math.ceil(source.length / 120)))}
                maxlength={max.get(field)}
                {...marks.attrs}
              >
                {refused?.typed[field] ?? ""}
              </textarea>
              {marks.note}
            </div>
          );
        })}
        <button type="submit" class="button">
          {t("translations.queue.save")}
        </button>
      </form>
    </li>
  );
}

/** One page of one kind's queue. */
interface QueuePage {
  items: QueueItem[];
  total: number;
  page: number;
  pages: number;
  target: Language;
  kind: TranslatableKind;
  refused?: RefusedSave;
}

/** One page of one kind's queue, or the word that nothing waits. */
export function TranslationQueue({ notice, ...queue }: QueuePage & { notice?: string }) {
  const { t } = usePage();
  return (
    // after a save the page opens here, with its notice in view
    <section id="queue" aria-label={t(`translations.kinds.${queue.kind}`)}>
      <Notice text={notice} />
      {queue.items.length ? <QueueList {...queue} /> : <p class="empty">{t("translations.queue.empty")}</p>}
    </section>
  );
}

function QueueList({ items, total, page, pages, target, kind, refused }: QueuePage) {
  const { lang, t } = usePage();
  return (
    <>
      <p>{t("translations.queue.count", { number: formatNumber(lang, total) })}</p>
      <ol class="translation-queue">
        {items.map((item) => (
          <QueueEntry
            item={item}
            target={target}
            page={page}
            refused={refused?.id === item.id ? refused : undefined}
          />
        ))}
      </ol>
      <Pager
        page={page}
        pages={pages}
        hrefFor={(other) => translationPaths.queue(lang, target, kind, other)}
      />
    </>
  );
}
