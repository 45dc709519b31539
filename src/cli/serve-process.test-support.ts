import { type ChildProcess, spawn } from "node:child_process";
import { request } from "node:http";
import { connect } from "node:net";
import { sharakaArgs } from "../../test/processes.js";
import { until } from "../../test/until.js";

export interface ServingProcess {
  child: ChildProcess;
  origin: string;
  /** what it wrote so far, standard output and error together */
  output: () => string;
  /** the JSON lines it logged */
  logLines: () => Record<string, unknown>[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `sharaka serve ARGS` and waits for the line naming its address. */
export async function startServing(args: string[], env: Record<string, string>): Promise<ServingProcess> {
  const child = spawn(process.execPath, sharakaArgs("serve", ...args), {
    env: {
      PATH: process.env.PATH,
      PORT: "0",
      HOST: "127.0.0.1",
      ALERTS_DAILY_AT: "off",
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const origin = await until("the serving line", () => {
    if (child.exitCode !== null) throw new Error(`sharaka serve exited ${child.exitCode}: ${output}`);
    return /Sharaka is serving (http:\/\/[^\s]+)/.exec(output)?.[1];
  });
  const logLines = () =>
    output
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { child, origin, output: () => output, logLines, exited };
}

/** A GET on a connection of its own (no keep-alive: each request is a new connection, as a new client's). */
export function getFresh(origin: string, pathname: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const sent = request(`${origin}${pathname}`, { agent: false }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        body += chunk;
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    sent.on("error", reject);
    sent.end();
  });
}

/** Whether a new connection to `origin` is refused (the server stopped accepting). */
export function refusesConnections(origin: string): Promise<boolean> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });
}

export interface SlowRequest {
  /** resolves once the server has the request in hand (it answered `100 Continue`) */
  received: Promise<void>;
  /** sends the rest of the body */
  finish: () => void;
  /** the whole answer, or how the connection ended without one */
  outcome: Promise<{ status: number; body: string } | { error: string }>;
}

/**
 * A sign-in form posted slowly: the server has it in hand (`Expect: 100-continue`, which the
 * server answers before running the handler) and reads its body until `finish` sends the rest.
 * An unknown account: the answer is the sign-in page again, with 401.
 */
export function slowSignIn(origin: string): SlowRequest {
  const body = "email=nobody%40example.org&password=not-a-password";
  const half = Math.floor(body.length / 2);
  let onReceived: () => void = () => {};
  const received = new Promise<void>((resolve) => {
    onReceived = resolve;
  });
  let sent: ReturnType<typeof request> | undefined;
  const outcome = new Promise<{ status: number; body: string } | { error: string }>((resolve) => {
    sent = request(
      `${origin}/fr/workspace/sign-in`,
      {
        method: "POST",
        agent: false,
        headers: {
          origin,
          "content-type": "application/x-www-form-urlencoded",
          "content-length": String(body.length),
          expect: "100-continue",
        },
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          text += chunk;
        });
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body: text }));
        response.on("error", (error) => resolve({ error: error.message }));
      },
    );
    sent.on("continue", () => {
      sent?.write(body.slice(0, half));
      onReceived();
    });
    sent.on("error", (error) => resolve({ error: error.message }));
    sent.flushHeaders();
  });
  return { received, finish: () => sent?.end(body.slice(half)), outcome };
}
