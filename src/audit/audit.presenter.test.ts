import { describe, expect, it } from "vitest";
import { changeKind, diffChanges, presentAuditEvent, recordLabel } from "./audit.presenter.js";
import type { AuditEventItem } from "./audit.queries.js";

describe("diffChanges", () => {
  it("shows only the fields that differ, nested ones by dotted path", () => {
    const rows = diffChanges({
      before: { status: "draft", reference: "A-1", dates: { signedOn: null, effectiveOn: "2026-01-01" } },
      after: {
        status: "signed",
        reference: "A-1",
        dates: { signedOn: "2026-02-01", effectiveOn: "2026-01-01" },
      },
    });
    expect(rows).toEqual([
      { path: "status", before: "draft", after: "signed" },
      { path: "dates.signedOn", before: null, after: "2026-02-01" },
    ]);
  });

  it("flattens arrays by index, and shows added and removed items", () => {
    const rows = diffChanges({
      before: { themes: ["education", "health"], parties: [{ organizationId: "o1", role: "signatory" }] },
      after: {
        themes: ["education"],
        parties: [
          { organizationId: "o1", role: "funder" },
          { organizationId: "o2", role: "signatory" },
        ],
      },
    });
    expect(rows).toEqual([
      { path: "themes.1", before: "health" },
      { path: "parties.0.role", before: "signatory", after: "funder" },
      { path: "parties.1.organizationId", after: "o2" },
      { path: "parties.1.role", after: "signatory" },
    ]);
  });

  it("shows a multilingual text as its languages, each marked with its language", () => {
    const rows = diffChanges({
      before: { title: { fr: "Convention", en: "Agreement" } },
      after: { title: { ar: "اتفاقية", fr: "Convention modifiée", en: "Agreement" } },
    });
    expect(rows).toEqual([
      { path: "title.fr", before: "Convention", after: "Convention modifiée", lang: "fr" },
      { path: "title.ar", after: "اتفاقية", lang: "ar" },
    ]);
    // Objectives: a list of multilingual texts.
    expect(diffChanges({ before: null, after: { objectives: [{ en: "One" }, { ar: "اثنان" }] } })).toEqual([
      { path: "objectives.0.en", after: "One", lang: "en" },
      { path: "objectives.1.ar", after: "اثنان", lang: "ar" },
    ]);
  });

  it("shows only `after` for a created record and only `before` for a deleted one", () => {
    const record = { name: { fr: "Université" }, kind: "university", active: true, version: 1 };
    expect(diffChanges({ before: null, after: record })).toEqual([
      { path: "name.fr", after: "Université", lang: "fr" },
      { path: "kind", after: "university" },
      { path: "active", after: true },
      { path: "version", after: 1 },
    ]);
    expect(diffChanges({ before: record, after: null })).toEqual([
      { path: "name.fr", before: "Université", lang: "fr" },
      { path: "kind", before: "university" },
      { path: "active", before: true },
      { path: "version", before: 1 },
    ]);
    expect(changeKind({ before: null, after: record })).toBe("create");
    expect(changeKind({ before: record, after: null })).toBe("delete");
    expect(changeKind({ before: record, after: record })).toBe("update");
    expect(changeKind({ before: null, after: null })).toBe("event");
    expect(diffChanges({ before: null, after: null })).toEqual([]);
    expect(diffChanges(null)).toEqual([]);
  });

  it("shows a value that is not an object under the empty path", () => {
    expect(diffChanges({ after: "3f1c…" })).toEqual([{ path: "", after: "3f1c…" }]);
  });

  it("never shows passwords, secrets, token hashes or file bytes, however deep", () => {
    const rows = diffChanges({
      before: { name: "Token A", secretHash: "aaa", password: "old" },
      after: {
        name: "Token B",
        secretHash: "bbb",
        secret_hash: "ccc",
        password: "new",
        token: "shk_live",
        secret: "s3cret",
        account: { password: "deep", passwordHash: "h" },
        file: { bytes: "JVBERi0x", content: { type: "Buffer", data: [37, 80, 68, 70] }, size: 4 },
      },
    });
    expect(rows).toEqual([
      { path: "name", before: "Token A", after: "Token B" },
      { path: "file.size", after: 4 },
    ]);
    expect(JSON.stringify(rows)).not.toMatch(/aaa|bbb|ccc|old|new|shk_live|s3cret|deep|JVBER|37/);
  });

  it("treats equal values as unchanged, dates and texts alike", () => {
    expect(
      diffChanges({
        before: { at: new Date("2026-01-01T00:00:00Z"), n: 1 },
        after: { at: "2026-01-01T00:00:00.000Z", n: 1 },
      }),
    ).toEqual([]);
    const long = "x".repeat(3000);
    const [row] = diffChanges({ before: { text: `${long}a` }, after: { text: `${long}b` } });
    expect(row?.path).toBe("text");
    expect(String(row?.after).length).toBeLessThan(2100);
  });
});

describe("presentAuditEvent and recordLabel", () => {
  const event: AuditEventItem = {
    id: 7,
    at: new Date("2026-03-01T09:30:00Z"),
    actor: { id: "system", name: null, email: null },
    action: "api_token.create",
    entityType: "api_token",
    entityId: "abc",
    agreementId: null,
    changes: { before: null, after: { name: "CI", secretHash: "zzz", scope: "read" } },
  };

  it("gives the API its shape: an ISO time, the kind, and the visible differences", () => {
    expect(presentAuditEvent(event)).toEqual({
      id: 7,
      at: "2026-03-01T09:30:00.000Z",
      actor: { id: "system", name: null, email: null },
      action: "api_token.create",
      entityType: "api_token",
      entityId: "abc",
      kind: "create",
      changes: [
        { path: "name", after: "CI" },
        { path: "scope", after: "read" },
      ],
    });
  });

  it("names a record by its reference, name or email", () => {
    expect(recordLabel([event], "fr")).toBe("CI");
    const agreement = { ...event, changes: { after: { reference: "A-9", title: { fr: "Titre" } } } };
    expect(recordLabel([agreement], "fr")).toBe("A-9");
    const org = { ...event, changes: { after: { name: { ar: "جامعة", fr: "Université" } } } };
    expect(recordLabel([org], "ar")).toBe("جامعة");
    expect(recordLabel([{ ...event, changes: {} }], "en")).toBeUndefined();
  });
});
