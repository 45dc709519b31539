import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Browser, type BrowserContextOptions, chromium, type Page } from "playwright-core";
import { serveCommand } from "../../src/cli/commands.js";
import { parseConfig } from "../../src/config.js";
import { prepareDatabase } from "../../src/db/bootstrap.js";
import { type Executor, openDatabase } from "../../src/db/client.js";

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
    executablePath: parseConfig().chromiumPath,
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

/** A fresh context and page for one test: nothing is shared between tests but the browser. */
export async function openPage(
  browser: Browser,
  baseURL: string,
  options: BrowserContextOptions = {},
): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  return { page, close: () => context.close() };
}
