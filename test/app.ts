import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type AppOptions, createApp } from "../src/app.js";
import type { Database } from "../src/db/client.js";
import { createMailer } from "../src/mail/mail.service.js";
import { buildSlots } from "../src/web/build-slots.js";
import type { PublicCache } from "../src/web/public-cache.js";

export const TEST_ORIGIN = "http://localhost";

/** The application as tests build it: no SMTP (emails stay in the outbox), uploads in a temporary folder. */
export function testAppOptions(overrides: Partial<AppOptions> = {}): AppOptions {
  return {
    publicUrl: TEST_ORIGIN,
    authSecret: "test-secret-of-at-least-thirty-two-characters",
    sessionDays: 7,
    signInPerMinute: 1000,
    mailer: createMailer({ from: "Sharaka <test@localhost>" }),
    uploadsDir: mkdtempSync(path.join(tmpdir(), "sharaka-uploads-")),
    uploadMaxBytes: 1024 * 1024,
    bodyMaxBytes: 1024 * 1024,
    trustedProxies: [],
    metricsAllow: ["127.0.0.1", "::1"],
    // Factories write rows directly, without the audited services that raise the registry's
    // generation: the cache is off unless a test turns it on (web/public-cache.test.ts does).
    publicCacheBytes: 0,
    iatiOrganisationId: "XI-IATI-SHARAKA-TEST",
    // Generous: walks that never read an export's body leave its slot taken (a real client that
    // goes away gives it back); tests of the bound give their own.
    exportSlots: buildSlots(1000),
    ...overrides,
  };
}

/** `cache`: a public cache the test made (to reach its watch or answer from node:http); else the app makes its own. */
export function createTestApp(db: Database, overrides: Partial<AppOptions> = {}, cache?: PublicCache) {
  return createApp({ db, options: testAppOptions(overrides), cache });
}
