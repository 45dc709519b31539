import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from "playwright-core";
import { prepareDatabase } from "../../src/cli/bootstrap.js";
import { serveCommand } from "../../src/cli/serve-command.js";
import { parseConfig } from "../../src/config.js";
import { type Executor, openDatabase } from "../../src/db/client.js";
import type { UserRole } from "../../src/db/schema/index.js";
import type { OrganizationInput } from "../../src/partners/organizations.input.js";
import { createOrganization } from "../../src/partners/organizations.service.js";
import { systemActor } from "../../src/shared/actor.js";
import type { Language } from "../../src/shared/localized.js";
import { createUser } from "../../src/users/users.service.js";
import { testSettings } from "../settings.js";

export interface RunningServer {
  url: string;
  dataDir: string;
  /** what the server printed (first start, listening URL) */
  output: string[];
  stop(): Promise<void>;
}

/**
 * A real `sharaka serve` on a fresh temporary data dir, listening on a port the OS chooses.
 * `seed` runs first on its own connection to the same folder (the lock allows one opener),
 * which is closed before the server opens it; the server then adds the demo page only when
 * the database has no agreement yet.
 */
export async function startServer(seed?: (db: Executor) => Promise<void>): Promise<RunningServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "sharaka-browser-"));
  if (seed) {
    const handle = await openDatabase({ driver: "pglite", dataDir, command: "test-seed" });
    try {
      await prepareDatabase(handle);
      await seed(handle.db);
    } finally {
      await handle.close();
    }
  }
  const config = parseConfig({
    SHARAKA_DATA_DIR: dataDir,
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
  });
  const output: string[] = [];
  const io = { out: (text: string) => output.push(text), err: (text: string) => output.push(text) };
  const server = await serveCommand(config, io);
  return {
    url: server.url,
    dataDir,
    output,
    async stop() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium, headless, with nothing that phones home. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: testSettings().chromiumPath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A browser context on the test server, at the size every browser test sees pages. */
export function newTestContext(
  browser: Browser,
  baseURL: string,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  return browser.newContext({ baseURL, viewport: { width: 1280, height: 900 }, ...options });
}

/**
 * Contexts kept for a file's checks that change nothing (reading a page, sending a form that is
 * refused), one per session: a new page per check, but the context's cache spares each page its
 * styles, script and fonts (a fresh context and its first page cost 0.5–0.9 s before a check
 * starts). Tests that save anything keep a context of their own (`openPage`).
 */
export class SharedContexts {
  readonly #contexts = new Map<SessionState | undefined, Promise<BrowserContext>>();
  constructor(
    private readonly browser: () => Browser,
    private readonly baseURL: () => string,
  ) {}

  async openPage(storageState?: SessionState): Promise<{ page: Page; close: () => Promise<void> }> {
    let context = this.#contexts.get(storageState);
    if (!context) {
      context = newTestContext(this.browser(), this.baseURL(), { storageState });
      this.#contexts.set(storageState, context);
      // A context that failed to open fails its own check only: the next one tries again.
      context.catch(() => this.#contexts.delete(storageState));
    }
    const page = await (await context).newPage();
    return { page, close: () => page.close() };
  }

  async close(): Promise<void> {
    const opened = await Promise.allSettled(this.#contexts.values());
    this.#contexts.clear();
    for (const context of opened) if (context.status === "fulfilled") await context.value.close();
  }
}

/** A fresh context and page for one test: nothing is shared between tests but the browser. */
export async function openPage(
  browser: Browser,
  baseURL: string,
  options: BrowserContextOptions = {},
): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await newTestContext(browser, baseURL, options);
  const page = await context.newPage();
  return { page, close: () => context.close() };
}

/** The password of every account made by createUserForBrowser (a test server's throwaway data). */
export const BROWSER_PASSWORD = "browser test password, not a secret";

export interface BrowserUser {
  id: string;
  email: string;
  password: string;
  role: UserRole;
  name: string;
}

let accounts = 0;

/**
 * An account that can sign in with its password, written through the application's own
 * service. Call it from startServer's `seed`: `db` is then the database the server opens
 * next (serveCommand keeps its own handle to itself, and PGlite allows one opener at a time).
 */
export async function createUserForBrowser(
  db: Executor,
  {
    role,
    password = BROWSER_PASSWORD,
    organizationId,
    territoryCode,
    email,
    name,
    locale = "fr",
  }: {
    role: UserRole;
    password?: string;
    organizationId?: string;
    territoryCode?: string;
    email?: string;
    name?: string;
    locale?: Language;
  },
): Promise<BrowserUser> {
  const n = ++accounts;
  const { user } = await createUser({
    db,
    actor: systemActor,
    input: {
      email: email ?? `${role.replace("_", "-")}-${n}@browser.example.org`,
      name: name ?? `Browser ${role} ${n}`,
      role,
      organizationId,
      territoryCode,
      locale,
    },
    password,
  });
  return { id: user.id, email: user.email, password, role: user.role, name: user.name };
}

/** An organisation made as the system would (audited), for a test to pick in a form; call it from `seed`. */
export function createOrganizationForBrowser(
  db: Executor,
  input: Pick<OrganizationInput, "name"> & Partial<OrganizationInput>,
) {
  return createOrganization({ db, actor: systemActor, input: { kind: "university", ...input } });
}

export type SessionState = Awaited<ReturnType<BrowserContext["storageState"]>>;

/**
 * Signs in once through the workspace form and returns the context's state (its session
 * cookie): tests start their own contexts from it (openPage(…, { storageState })) rather than
 * each signing in, which the sign-in rate limit (SIGN_IN_PER_MINUTE, 10 by default) would stop.
 */
export async function signInForBrowser(
  browser: Browser,
  baseURL: string,
  user: Pick<BrowserUser, "email" | "password">,
  lang: Language = "fr",
): Promise<SessionState> {
  const { page, close } = await openPage(browser, baseURL);
  try {
    await page.goto(`/${lang}/workspace/sign-in`);
    await page.locator("#email").fill(user.email);
    await page.locator("#password").fill(user.password);
    await Promise.all([
      page.waitForURL((url) => url.pathname === `/${lang}/workspace`),
      page.locator("form.stacked button[type=submit]").click(),
    ]);
    return await page.context().storageState();
  } finally {
    await close();
  }
}
