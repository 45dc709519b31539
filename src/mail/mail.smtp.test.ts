import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TEST_ORIGIN } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildUser } from "../../test/factories.js";
import { decodedParts, type LoopbackSmtp, type ReceivedMail, startLoopbackSmtp } from "../../test/smtp.js";
import type { DatabaseHandle } from "../db/client.js";
import { queryRows } from "../db/rows.js";
import { createMailer } from "./mail.service.js";

let smtp: LoopbackSmtp;
let port: number;
let received: ReceivedMail[];
let handle: DatabaseHandle;

beforeAll(async () => {
  smtp = await startLoopbackSmtp();
  port = smtp.port;
  received = smtp.received;
  handle = await createTestDatabase();
});
afterAll(async () => {
  await smtp?.close();
  await handle?.close();
});

const forgot = (app: ReturnType<typeof createTestApp>, lang: string, email: string) =>
  app.request(`/${lang}/workspace/forgot-password`, {
    method: "POST",
    headers: { origin: TEST_ORIGIN, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email }).toString(),
  });

describe("emails through SMTP", () => {
  it("sends the password link to the account's address, in its language, and records it as sent", async () => {
    const app = createTestApp(handle.db, {
      mailer: createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: "Sharaka <no-reply@sharaka.test>" }),
    });
    const user = await buildUser(handle.db, { role: "viewer", locale: "ar" });
    const response = await forgot(app, "fr", user.email);
    expect(response.status).toBe(200);
    const message = received.find((entry) => entry.to.includes(user.email));
    expect(message?.from).toBe("no-reply@sharaka.test");
    const text = decodedParts(message?.data ?? "");
    expect(text).toContain("/ar/workspace/reset-password?token=");
    expect(text).toContain("استعمل هذا الرابط");
    const [row] = await queryRows<{ status: string; text_body: string }>(
      handle.db,
      sql`select status, text_body from outbox_emails where to_address = ${user.email}`,
    );
    expect(row?.status).toBe("sent");
    // Delivered: the one-time link is not kept where a database reader could use it.
    expect(row?.text_body).not.toContain("token=");
  });

  it("records a failed send without telling the visitor anything different", async () => {
    const app = createTestApp(handle.db, {
      mailer: createMailer({ smtpUrl: "smtp://127.0.0.1:1", from: "Sharaka <no-reply@sharaka.test>" }),
    });
    const user = await buildUser(handle.db, { role: "viewer" });
    const response = await forgot(app, "fr", user.email);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Si un compte utilise cette adresse");
    const [row] = await queryRows<{ status: string; error: string }>(
      handle.db,
      sql`select status, error from outbox_emails where to_address = ${user.email}`,
    );
    expect(row?.status).toBe("failed");
    expect(row?.error).toMatch(/ECONNREFUSED/);
  });
});
