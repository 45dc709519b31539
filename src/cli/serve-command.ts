/**
 * `sharaka serve` in one process: the database opened and migrated, the demo content on a first
 * start, the public cache, the application, the daily alert schedule and a graceful stop. Kept
 * apart from the other commands (commands.ts), which never load the web application.
 */
import { readFileSync } from "node:fs";
import {
  createServer as createHttpServer,
  type Server as HttpServer,
  type RequestListener,
  type ServerOptions,
} from "node:http";
import type { AddressInfo } from "node:net";
import { serve as serveHttp } from "@hono/node-server";
import { startAlertScheduler } from "../alerts/scheduler.js";
import { type AppOptions, createApp } from "../app.js";
import { startRecentlyDeletedPurge } from "../audit/recently-deleted.schedule.js";
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import { followGenerationWith, watchRegistryGeneration } from "../db/registry-generation.js";
import { readPageTranslations, seedDemoContent } from "../imports/page-import.service.js";
import { systemActor } from "../shared/actor.js";
import { AppError } from "../shared/errors.js";
import { logger } from "../shared/logger.js";
import { sourceFile } from "../shared/package-files.js";
import { publicCache } from "../web/public-cache.js";
import { appOptionsFromConfig } from "./app-options.js";
import type { Output } from "./commands.js";
import { openForCommand } from "./open.js";
import { exitWhenWritten } from "./output.js";

const demoPage = sourceFile("demo/partnership-agreements.txt");
const demoTranslations = sourceFile("demo/demo-translations.json");

/** On a first start (no agreement yet), the association's page as demo content. */
export async function seedDemoIfEmpty(db: Database, io: Output): Promise<void> {
  const demo = await seedDemoContent({
    db,
    actor: systemActor,
    text: readFileSync(demoPage, "utf8"),
    translations: readPageTranslations(readFileSync(demoTranslations, "utf8")),
  });
  if (demo) {
    io.out(
      `First start: loaded ${demo.outcomes.length} agreements from the association's page as demo content (in English, with Arabic and French translations made for the demo).`,
    );
  }
}

/** Serves the portal and the API; on an empty database, loads the association's page as demo content. */
export async function serveCommand(
  config: Config,
  io: Output,
): Promise<{ close: () => Promise<void>; url: string }> {
  const handle = await openForCommand(config, "serve");
  await seedDemoIfEmpty(handle.db, io);
  // The application needs its public address, which is known once the port is (PORT=0).
  let app: ReturnType<typeof createApp> | undefined;
  // Hears of every committed write (LISTEN/NOTIFY): the values kept per generation (on
  // PostgreSQL; the embedded database has a watch of its own) and the public cache then need no
  // read of the generation per request. Made only where one of them will use it.
  const watch =
    handle.driver === "pg" || config.publicCacheBytes > 0 ? watchRegistryGeneration(handle.db) : undefined;
  if (watch && handle.driver === "pg") followGenerationWith(handle.db, watch);
  // Anonymous reads kept in memory are answered from node:http before the application builds a
  // Request.
  const cache =
    config.publicCacheBytes > 0
      ? publicCache({ maxBytes: config.publicCacheBytes, db: handle.db, watch })
      : undefined;
  const server = await new Promise<ReturnType<typeof serveHttp>>((resolve, reject) => {
    const started = serveHttp(
      {
        fetch: (request, env) => (app ? app.fetch(request, env) : new Response("Starting", { status: 503 })),
        port: config.port,
        hostname: config.host,
        createServer: ((options: ServerOptions, listener: RequestListener) =>
          createHttpServer(options, (request, response) => {
            if (!cache?.answerNode(request, response)) void listener(request, response);
          })) as typeof createHttpServer,
      },
      () => resolve(started),
    );
    started.once("error", reject);
  }).catch(async (error: NodeJS.ErrnoException) => {
    await handle.close();
    throw new AppError(
      "usage",
      `Cannot listen on ${config.host}:${config.port}: ${error.code ?? error.message}`,
    );
  });
  const httpServer = server as unknown as HttpServer;
  const port = (server.address() as AddressInfo).port;
  const shownHost = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  const url = config.publicUrl ?? `http://${shownHost}:${port}`;
  let options: AppOptions;
  try {
    options = appOptionsFromConfig(config, url);
    app = createApp({ db: handle.db, options, cache });
  } catch (error) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await handle.close();
    throw error;
  }
  handle.lock?.update({ url });
  io.out(`Sharaka is serving ${url} (data: ${handle.location})`);
  const scheduler = config.alertsDailyAt
    ? startAlertScheduler({
        db: handle.db,
        mailer: options.mailer,
        publicUrl: options.publicUrl,
        dailyAt: config.alertsDailyAt,
        readBeforeLocking: handle.driver === "pglite",
      })
    : undefined;
  const purge = startRecentlyDeletedPurge({ db: handle.db });
  let closing: Promise<void> | undefined;
  // Stop accepting, let the requests in flight finish (idle keep-alive connections close at
  // once), and cut what is still open after SHUTDOWN_GRACE_SECONDS; then the schedule and the database.
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      const cut = setTimeout(() => httpServer.closeAllConnections(), config.shutdownGraceMs);
      server.close(() => {
        clearTimeout(cut);
        resolve();
      });
      httpServer.closeIdleConnections();
    })
      .then(() => scheduler?.stop())
      .then(() => purge.stop())
      .then(() => handle.close());
    return closing;
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      logger.info(`${signal}: closing`);
      void close().then(() => exitWhenWritten(0));
    });
  }
  return { close, url };
}
