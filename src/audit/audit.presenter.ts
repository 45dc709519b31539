import { type Language, languages, pickText } from "../shared/localized.js";
import type { AuditEventItem } from "./audit.queries.js";

/** A value as one cell of the diff shows it. */
export type DiffValue = string | number | boolean | null;

/** One changed field: `before` is absent for a created record, `after` for a deleted one. */
export interface DiffRow {
  /** dotted path: "title.fr", "objectives.2.en", "" for a whole value that is not an object */
  path: string;
  before?: DiffValue;
  after?: DiffValue;
  /** set when the value is one language of a multilingual text */
  lang?: Language;
}

export type ChangeKind = "create" | "update" | "delete" | "event";

/**
 * Keys never shown, whatever record they sit in: passwords, secrets, token hashes and file
 * bytes. Compared without case, "_" or "-", so secret_hash and secretHash are both dropped.
 */
const hiddenKeys = new Set([
  "password",
  "passwordhash",
  "secret",
  "secrethash",
  "token",
  "tokenhash",
  "bytes",
  "filebytes",
]);
const isHiddenKey = (key: string) => hiddenKeys.has(key.toLowerCase().replace(/[_-]/g, ""));

/** Past this depth a value is shown as its JSON text: a record is never that deep. */
const MAX_DEPTH = 16;
const MAX_TEXT = 2000;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);

/** Node's JSON form of a Buffer: file bytes, never shown. */
const isSerializedBuffer = (value: Record<string, unknown>) =>
  value.type === "Buffer" && Array.isArray(value.data);

/** `{ ar?, fr?, en? }` with text values: shown as one row per language. */
const isLocalizedText = (value: Record<string, unknown>) => {
  const keys = Object.keys(value);
  return (
    keys.length > 0 &&
    keys.every((key) => (languages as readonly string[]).includes(key)) &&
    Object.values(value).every((text) => typeof text === "string" || text === null || text === undefined)
  );
};

const join = (prefix: string, key: string | number) => (prefix ? `${prefix}.${key}` : String(key));

function leaf(value: unknown): DiffValue {
  if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean")
    return typeof value === "string" && value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT)}…` : value;
  if (value instanceof Date) return value.toISOString();
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}

interface Flat {
  value: DiffValue;
  /** the whole value as JSON, so that texts differing past the shown length still differ */
  same: string;
  lang?: Language;
}

const entry = (value: unknown, lang?: Language): Flat => ({
  value: leaf(value),
  same: JSON.stringify(value instanceof Date ? value.toISOString() : value) ?? "",
  ...(lang ? { lang } : {}),
});

function flatten(value: unknown, path: string, out: Map<string, Flat>, depth: number): void {
  if (value === undefined) return;
  if (depth > MAX_DEPTH) {
    out.set(path, entry(value));
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      flatten(item, join(path, index), out, depth + 1);
    });
    return;
  }
  if (isPlainObject(value)) {
    if (isSerializedBuffer(value)) return;
    if (isLocalizedText(value)) {
      for (const lang of languages) {
        const text = value[lang];
        if (text !== undefined) out.set(join(path, lang), entry(text, lang));
      }
      return;
    }
    for (const [key, child] of Object.entries(value)) {
      if (!isHiddenKey(key)) flatten(child, join(path, key), out, depth + 1);
    }
    return;
  }
  out.set(path, entry(value));
}

function flat(value: unknown): Map<string, Flat> {
  const out = new Map<string, Flat>();
  flatten(value, "", out, 0);
  return out;
}

const present = (value: unknown) => value !== null && value !== undefined;

/** What kind of change an event records: a creation, an update, a deletion, or neither (an event). */
export function changeKind(changes: { before?: unknown; after?: unknown } | null | undefined): ChangeKind {
  const before = present(changes?.before);
  const after = present(changes?.after);
  if (before && after) return "update";
  if (after) return "create";
  if (before) return "delete";
  return "event";
}

/**
 * The fields that differ between `before` and `after`, flattened to dotted paths (arrays by
 * index, multilingual texts by language), for display. A created record shows only `after`,
 * a deleted one only `before`. Secrets and file bytes are never part of the result.
 */
export function diffChanges(changes: { before?: unknown; after?: unknown } | null | undefined): DiffRow[] {
  const before = flat(changes?.before ?? undefined);
  const after = flat(changes?.after ?? undefined);
  const rows: DiffRow[] = [];
  const paths = [...before.keys(), ...[...after.keys()].filter((path) => !before.has(path))];
  for (const path of paths) {
    const old = before.get(path);
    const now = after.get(path);
    if (old && now && old.same === now.same) continue;
    const row: DiffRow = { path };
    if (old) row.before = old.value;
    if (now) row.after = now.value;
    const lang = now?.lang ?? old?.lang;
    if (lang) row.lang = lang;
    rows.push(row);
  }
  return rows;
}

/** A name for the record, read from its newest event that carries one (reference, name, email, title). */
export function recordLabel(events: AuditEventItem[], lang: Language): string | undefined {
  for (const event of events) {
    for (const side of [event.changes.after, event.changes.before]) {
      if (!isPlainObject(side)) continue;
      if (typeof side.reference === "string") return side.reference;
      for (const key of ["name", "title"]) {
        const value = side[key];
        if (typeof value === "string") return value;
        if (isPlainObject(value) && isLocalizedText(value)) {
          const picked = pickText(value as Record<Language, string>, lang);
          if (picked) return picked.text;
        }
      }
      if (typeof side.email === "string") return side.email;
    }
  }
  return undefined;
}

/** The JSON API's shape of one event: who, what, when, and the visible differences. */
export function presentAuditEvent(event: AuditEventItem) {
  return {
    id: event.id,
    at: event.at.toISOString(),
    actor: { id: event.actor.id, name: event.actor.name, email: event.actor.email },
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    kind: changeKind(event.changes),
    changes: diffChanges(event.changes),
  };
}
