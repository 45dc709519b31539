import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tokenFor } from "../../test/api-client.js";
import { createTestApp, TEST_ORIGIN } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { pdfBytes } from "../../test/document-files.js";
import { buildAgreement, buildUser, TEST_PASSWORD } from "../../test/factories.js";
import { all, parse } from "../../test/html.js";
import { signIn } from "../../test/session.js";
import type { DatabaseHandle } from "../db/client.js";
import { actionPlans, organizations } from "../db/schema/index.js";
import { translator } from "../shared/i18n.js";

const MB = 1024 * 1024;
const CHUNK = 64 * 1024;

let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
let agreementId: string;
let writeToken: string;
let staffCookie: string;
let staffEmail: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db, { bodyMaxBytes: MB, uploadMaxBytes: 4 * MB });
  const staff = await buildUser(handle.db, { role: "secretariat" });
  staffEmail = staff.email;
  writeToken = await tokenFor(handle.db, staff, "write");
  staffCookie = await signIn(app, staff.email);
  agreementId = (await buildAgreement(handle.db)).id;
});
afterAll(async () => {
  await handle?.close();
});

let addressCount = 0;
/** A client address of its own per request group, so refusals counted in one test stay there. */
const freshAddress = () => `203.0.113.${++addressCount}`;

/**
 * A body of `total` bytes that starts with `prefix` and is produced chunk by chunk as it is read,
 * counting what the server pulled: a refused body must not have been read whole.
 */
function countedBody(prefix: string, total: number) {
  const head = new TextEncoder().encode(prefix);
  const state = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled >= total) return controller.close();
      const chunk = new Uint8Array(Math.min(CHUNK, total - state.pulled)).fill(0x61);
      if (state.pulled === 0) chunk.set(head.subarray(0, chunk.length));
      state.pulled += chunk.length;
      controller.enqueue(chunk);
    },
  });
  return { stream, state };
}

type Target = {
  name: string;
  path: string;
  type: string;
  prefix: string;
  headers?: () => Record<string, string>;
};
const targets: Target[] = [
  {
    name: "the sign-in page",
    path: "/en/workspace/sign-in",
    type: "application/x-www-form-urlencoded",
    prefix: "email=someone%40example.org&password=x&pad=",
  },
  {
    name: "better-auth's sign-in endpoint",
    path: "/api/auth/sign-in/email",
    type: "application/json",
    prefix: '{"email":"someone@example.org","password":"x","pad":"',
  },
  {
    name: "the forgotten-password page",
    path: "/en/workspace/forgot-password",
    type: "application/x-www-form-urlencoded",
    prefix: "email=",
  },
  {
    name: "a JSON API write",
    path: "/api/v1/agreements/:agreement/plans",
    type: "application/json",
    prefix: '{"title":{"en":"',
    headers: () => ({ authorization: `Bearer ${writeToken}` }),
  },
  {
    name: "a workspace form",
    path: "/en/workspace/organizations",
    type: "application/x-www-form-urlencoded",
    prefix: "kind=university&name.en=",
    headers: () => ({ cookie: staffCookie }),
  },
];

async function sendOversize(target: Target, { declared }: { declared: boolean }) {
  const total = 8 * MB;
  const { stream, state } = countedBody(target.prefix, total);
  const headers: Record<string, string> = {
    origin: TEST_ORIGIN,
    "content-type": target.type,
    "x-forwarded-for": freshAddress(),
    ...target.headers?.(),
  };
  if (declared) headers["content-length"] = String(total);
  const response = await app.request(target.path.replace(":agreement", agreementId), {
    method: "POST",
    headers,
    body: stream,
    duplex: "half",
  } as RequestInit);
  return { response, pulled: state.pulled, total };
}

describe("request bodies over the limit", () => {
  for (const target of targets) {
    for (const declared of [true, false]) {
      it(`are refused with 413 on ${target.name}, ${declared ? "by their Content-Length" : "chunked, as they pass the limit"}, unread`, async () => {
        const plans = await handle.db.$count(actionPlans);
        const { response, pulled, total } = await sendOversize(target, { declared });
        expect(response.status).toBe(413);
        const text = await response.text();
        if (target.path.startsWith("/api/")) {
          expect(JSON.parse(text).error).toMatchObject({
            code: "payload_too_large",
            message: "The request body is larger than the limit of 1 MB",
          });
        } else {
          expect(text).toContain(translator("en")("errors.tooLarge", { maxMb: 1 }));
        }
        // Declared: refused before the body is read (a stream may pull one chunk ahead).
        // Chunked: read only until it passed the limit.
        expect(pulled).toBeLessThanOrEqual(declared ? CHUNK : MB + 2 * CHUNK);
        expect(pulled).toBeLessThan(total);
        expect(await handle.db.$count(actionPlans)).toBe(plans);
      });
    }
  }

  it("are explained in the page's language, and as a fragment to htmx", async () => {
    for (const lang of ["ar", "fr", "en"] as const) {
      const target = { ...targets[0], path: `/${lang}/workspace/sign-in` } as Target;
      const { response } = await sendOversize(target, { declared: true });
      expect(response.status).toBe(413);
      const page = await response.text();
      expect(page).toContain(`lang="${lang}"`);
      expect(page).toContain(translator(lang)("errors.tooLarge", { maxMb: 1 }));
    }
    const fragment = await app.request("/fr/workspace/sign-in", {
      method: "POST",
      headers: {
        origin: TEST_ORIGIN,
        "hx-request": "true",
        "content-type": "application/x-www-form-urlencoded",
        "x-forwarded-for": freshAddress(),
      },
      body: `email=${"a".repeat(MB)}`,
    });
    expect(fragment.status).toBe(413);
    const text = await fragment.text();
    // A fragment for htmx to swap in, not a whole page.
    expect(all(parse(text), "html")).toEqual([]);
    expect(text).toContain(translator("fr")("errors.tooLarge", { maxMb: 1 }));
  });
});

describe("request bodies within their limit", () => {
  it("still sign in, and still write through the API and the workspace", async () => {
    const signedIn = await app.request("/en/workspace/sign-in", {
      method: "POST",
      headers: { origin: TEST_ORIGIN, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: staffEmail, password: TEST_PASSWORD }).toString(),
    });
    expect(signedIn.status).toBe(303);
    const title = `plan ${"x".repeat(200)} é ش`;
    const created = await app.request(`/api/v1/agreements/${agreementId}/plans`, {
      method: "POST",
      headers: { authorization: `Bearer ${writeToken}`, "content-type": "application/json" },
      body: JSON.stringify({ title: { en: title } }),
    });
    expect(created.status).toBe(201);
    expect(((await created.json()) as { title: { en: string } }).title.en).toBe(title);
    const organization = await app.request("/fr/workspace/organizations", {
      method: "POST",
      headers: {
        origin: TEST_ORIGIN,
        cookie: staffCookie,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({
        kind: "university",
        "name.fr": "Université d’été",
        "name.ar": "جامعة",
      }).toString(),
    });
    expect(organization.status).toBe(303);
  });

  it("take an upload under UPLOAD_MAX_MB though it is over the form limit", async () => {
    const bytes = pdfBytes("big enough", 3 * MB);
    const data = new FormData();
    data.append("file", new File([new Uint8Array(bytes)], "large.pdf"));
    data.append("kind", "signed_agreement");
    const response = await app.request(`/api/v1/agreements/${agreementId}/documents`, {
      method: "POST",
      headers: { origin: TEST_ORIGIN, authorization: `Bearer ${writeToken}` },
      body: data,
    });
    expect(response.status).toBe(201);
    expect(((await response.json()) as { sizeBytes: number }).sizeBytes).toBe(bytes.byteLength);
  });
});

describe("refused bodies and the client's rate limit", () => {
  it("after SIGN_IN_PER_MINUTE refusals, the client's bodies answer 429 unread; others are unaffected", async () => {
    const strict = createTestApp(handle.db, { bodyMaxBytes: MB, signInPerMinute: 3 });
    const post = (address: string, body: string, extra: Record<string, string> = {}) =>
      strict.request("/en/workspace/sign-in", {
        method: "POST",
        headers: {
          origin: TEST_ORIGIN,
          "content-type": "application/x-www-form-urlencoded",
          "x-forwarded-for": address,
          ...extra,
        },
        body,
      });
    const address = "198.51.100.7";
    const oversize = `email=${"a".repeat(MB + 1)}`;
    for (let i = 0; i < 3; i++) expect((await post(address, oversize)).status).toBe(413);
    const signIn = new URLSearchParams({ email: staffEmail, password: TEST_PASSWORD }).toString();
    const refused = await post(address, signIn);
    expect(refused.status).toBe(429);
    const seconds = Number(refused.headers.get("retry-after"));
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(60);
    expect(await refused.text()).toContain(translator("en")("auth.tooManyAttempts", { seconds }));
    const { stream, state } = countedBody("email=", 8 * MB);
    const unread = await strict.request("/en/workspace/sign-in", {
      method: "POST",
      headers: {
        origin: TEST_ORIGIN,
        "content-type": "application/x-www-form-urlencoded",
        "x-forwarded-for": address,
      },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(unread.status).toBe(429);
    expect(state.pulled).toBeLessThanOrEqual(CHUNK);
    const api = await strict.request("/api/auth/sign-in/email", {
      method: "POST",
      headers: { origin: TEST_ORIGIN, "content-type": "application/json", "x-forwarded-for": address },
      body: JSON.stringify({ email: staffEmail, password: TEST_PASSWORD }),
    });
    expect(api.status).toBe(429);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
    // Another client is not held back by this one's refusals.
    expect((await post("198.51.100.8", signIn)).status).toBe(303);
  });
});

describe("request bodies that are not valid UTF-8", () => {
  const invalid = (before: string, after: string) =>
    new Uint8Array([...new TextEncoder().encode(before), 0xff, 0xfe, ...new TextEncoder().encode(after)]);

  it("are refused with 400 on a JSON API write, storing nothing", async () => {
    const plans = await handle.db.$count(actionPlans);
    const response = await app.request(`/api/v1/agreements/${agreementId}/plans`, {
      method: "POST",
      headers: { authorization: `Bearer ${writeToken}`, "content-type": "application/json" },
      body: invalid('{"title":{"en":"', '("}}'),
    });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { code: string; issues: unknown[] } };
    expect(error.code).toBe("validation");
    expect(error.issues).toEqual([expect.objectContaining({ field: "(body)", reason: "invalidUtf8" })]);
    expect(await handle.db.$count(actionPlans)).toBe(plans);
  });

  for (const [what, body] of [
    ["raw bytes", invalid("kind=university&name.fr=Ecole", "")],
    ["percent-escaped bytes", new TextEncoder().encode("kind=university&name.fr=Ecole%FF%FE")],
  ] as const) {
    it(`are refused with 400 on a workspace form (${what}), saying why, storing nothing`, async () => {
      const response = await app.request("/fr/workspace/organizations", {
        method: "POST",
        headers: {
          origin: TEST_ORIGIN,
          cookie: staffCookie,
          "content-type": "application/x-www-form-urlencoded",
        },
        body,
      });
      expect(response.status).toBe(400);
      const t = translator("fr");
      expect(await response.text()).toContain(t("reasons.invalidUtf8"));
      const stored = await handle.db
        .select({ id: organizations.id })
        .from(organizations)
        .where(sql`${organizations.name}->>'fr' like 'Ecole%'`);
      expect(stored).toEqual([]);
    });
  }
});
