import http from "node:http";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";

export interface LoadOptions {
  /** must be http://127.0.0.1:<port>: the runner never loads another host */
  origin: string;
  /** requested in turn, one after the other across all connections */
  paths: string[];
  /** sent with every request (a session cookie) */
  headers?: Record<string, string>;
  connections: number;
  seconds: number;
  /** a hard cap: no more requests than this, however fast the server answers */
  maxRequests: number;
  timeoutMs: number;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  meanMs: number;
  maxMs: number;
  /** non-2xx answers, timeouts and connection errors */
  errors: number;
  /** e.g. { "200": 51234, "500": 2, "timeout": 1 } */
  outcomes: Record<string, number>;
  bytesReceived: number;
  /** true when the run stopped at maxRequests before its time was up */
  capped: boolean;
}

function checkOrigin(origin: string): URL {
  const url = new URL(origin);
  if (url.protocol !== "http:" || url.hostname !== "127.0.0.1" || url.pathname !== "/") {
    throw new Error(`The load runner only targets http://127.0.0.1:<port>, not ${origin}`);
  }
  return url;
}

function percentile(sorted: Float64Array, fraction: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

/** N keep-alive connections, each sending its next request when the previous answer has ended. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const url = checkOrigin(options.origin);
  if (!options.paths.length) throw new Error("runLoad needs at least one path");
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies = new Float64Array(options.maxRequests);
  const outcomes: Record<string, number> = {};
  const count = (outcome: string) => {
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  };
  let issued = 0;
  let recorded = 0;
  let bytesReceived = 0;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;

  const once = (path: string) =>
    new Promise<string>((resolve) => {
      const request = http.get(
        {
          agent,
          host: url.hostname,
          port: url.port,
          path,
          headers: { ...options.headers, "accept-encoding": "identity" },
        },
        (response) => {
          response.on("data", (chunk: Buffer) => {
            bytesReceived += chunk.length;
          });
          response.on("end", () => resolve(String(response.statusCode)));
          response.on("error", () => resolve("response_error"));
        },
      );
      request.setTimeout(options.timeoutMs, () => {
        request.destroy();
        resolve("timeout");
      });
      request.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "request_error"));
    });

  const connection = async () => {
    while (performance.now() < deadline && issued < options.maxRequests) {
      const path = options.paths[issued % options.paths.length] as string;
      issued++;
      const sent = performance.now();
      const outcome = await once(path);
      latencies[recorded++] = performance.now() - sent;
      count(outcome);
    }
  };
  await Promise.all(Array.from({ length: options.connections }, connection));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();

  const sorted = latencies.subarray(0, recorded).sort();
  let sum = 0;
  for (const value of sorted) sum += value;
  const errors = Object.entries(outcomes)
    .filter(([outcome]) => !/^2\d\d$/.test(outcome))
    .reduce((total, [, n]) => total + n, 0);
  return {
    requests: recorded,
    seconds: elapsed,
    requestsPerSecond: recorded / elapsed,
    p50Ms: percentile(sorted, 0.5),
    p95Ms: percentile(sorted, 0.95),
    p99Ms: percentile(sorted, 0.99),
    meanMs: recorded ? sum / recorded : Number.NaN,
    maxMs: sorted[sorted.length - 1] ?? Number.NaN,
    errors,
    outcomes,
    bytesReceived,
    capped: issued >= options.maxRequests && performance.now() < deadline,
  };
}

const WORKER_ROLE = "sharaka-bench-load";

/**
 * The load runner on its own thread (and event loop), so that sending requests does not
 * steal time from the server it measures; it falls back to the main thread if no worker starts.
 */
export class LoadRunner {
  private constructor(
    private readonly worker: Worker | undefined,
    readonly where: "worker thread" | "main thread",
  ) {}

  static async start(): Promise<LoadRunner> {
    try {
      // A worker does not inherit tsx's loader: register it first, then load this very file.
      const tsx = import.meta.resolve("tsx/esm/api");
      const boot = `import(${JSON.stringify(tsx)})
        .then((api) => { api.register(); return import(${JSON.stringify(import.meta.url)}); })
        .catch((error) => { console.error(error); process.exit(1); });`;
      const worker = new Worker(boot, { eval: true, workerData: { role: WORKER_ROLE } });
      await new Promise<void>((resolve, reject) => {
        const onExit = (code: number) => settle(new Error(`load worker exited with ${code}`));
        const onMessage = (message: unknown) =>
          settle(message === "ready" ? undefined : new Error("unexpected message"));
        // Only our own listeners: the Worker keeps internal ones that deliver messages.
        const settle = (error?: Error) => {
          worker.off("message", onMessage).off("error", settle).off("exit", onExit);
          if (error) {
            void worker.terminate();
            reject(error);
          } else resolve();
        };
        worker.on("message", onMessage).on("error", settle).on("exit", onExit);
      });
      return new LoadRunner(worker, "worker thread");
    } catch (error) {
      console.warn(`Load worker unavailable (${(error as Error).message}); loading from the main thread.`);
      return new LoadRunner(undefined, "main thread");
    }
  }

  run(options: LoadOptions): Promise<LoadResult> {
    const worker = this.worker;
    if (!worker) return runLoad(options);
    return new Promise((resolve, reject) => {
      // Every request ends by its own timeout, so a run never outlasts this.
      const limit = setTimeout(
        () => done(new Error("load worker did not answer in time")),
        options.seconds * 1000 + options.timeoutMs + 10_000,
      );
      const done = (error: Error | undefined, result?: LoadResult) => {
        clearTimeout(limit);
        worker.off("message", onMessage).off("error", done);
        if (result) resolve(result);
        else reject(error ?? new Error("load worker failed"));
      };
      const onMessage = (message: { result?: LoadResult; error?: string }) =>
        done(message.error ? new Error(message.error) : undefined, message.result);
      worker.on("message", onMessage).on("error", done);
      worker.postMessage(options);
    });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
  }
}

if (!isMainThread && parentPort && (workerData as { role?: string } | null)?.role === WORKER_ROLE) {
  const port = parentPort;
  port.on("message", (options: LoadOptions) => {
    runLoad(options).then(
      (result) => port.postMessage({ result }),
      (error: Error) => port.postMessage({ error: error.message }),
    );
  });
  port.postMessage("ready");
}
