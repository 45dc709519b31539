import { z } from "zod";
import type { FollowUpSize } from "./followup.js";

/** The benchmark's only environment reads; src/config.ts stays the application's. */
const benchEnvironmentSchema = z.object({
  /** a server to create (and drop) a fresh `sharaka_bench_<n>` database on; PGlite when absent */
  BENCH_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional(),
  /** measured seconds per target, and again per ceiling */
  BENCH_SECONDS: z.coerce.number().min(1).max(60).default(5),
  /** agreements in the registry (the follow-up scales with it); 10,000 is the size the targets are set for */
  BENCH_AGREEMENTS: z.coerce.number().int().min(100).max(100_000).default(10_000),
  /** concurrent keep-alive connections */
  BENCH_CONNECTIONS: z.coerce.number().int().min(1).max(64).default(10),
  /**
   * which parts run, comma-separated: targets (in-process pages), writes (the dashboard after each
   * of a few writes), peer (a real server), import (export → import)
   */
  BENCH_PARTS: z
    .string()
    .default("targets,writes,peer,import")
    .transform((text) => text.split(",").map((part) => part.trim()))
    .pipe(z.array(z.enum(["targets", "writes", "peer", "import"])).min(1)),
  /** only the targets whose name holds one of these, comma-separated (all when absent) */
  BENCH_TARGETS: z
    .string()
    .optional()
    .transform((text) =>
      text
        ?.split(",")
        .map((part) => part.trim())
        .filter(Boolean),
    ),
});

export interface BenchOptions {
  databaseUrl?: string;
  seconds: number;
  connections: number;
  /** fixed, so that every run measures the same registry */
  seed: number;
  agreements: number;
  /** the follow-up's own seed: a stream apart, so the agreements stay those of earlier runs */
  followUpSeed: number;
  followUp: FollowUpSize;
  /** documents with their text (5,000 at 10,000 agreements) */
  documents: number;
  parts: Set<"targets" | "writes" | "peer" | "import">;
  /** when set, only the targets whose name holds one of these words */
  targetNames?: string[];
}

export function parseBenchOptions(env: Record<string, string | undefined> = process.env): BenchOptions {
  const parsed = benchEnvironmentSchema.safeParse({
    BENCH_DATABASE_URL: env.BENCH_DATABASE_URL || undefined,
    BENCH_SECONDS: env.BENCH_SECONDS || undefined,
    BENCH_CONNECTIONS: env.BENCH_CONNECTIONS || undefined,
    BENCH_AGREEMENTS: env.BENCH_AGREEMENTS || undefined,
    BENCH_PARTS: env.BENCH_PARTS || undefined,
    BENCH_TARGETS: env.BENCH_TARGETS || undefined,
  });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
    throw new Error(`Invalid benchmark environment: ${issues.join("; ")}`);
  }
  const scale = parsed.data.BENCH_AGREEMENTS / 10_000;
  const scaled = (count: number) => Math.max(1, Math.round(count * scale));
  return {
    databaseUrl: parsed.data.BENCH_DATABASE_URL,
    seconds: parsed.data.BENCH_SECONDS,
    connections: parsed.data.BENCH_CONNECTIONS,
    seed: 20_240_917,
    agreements: parsed.data.BENCH_AGREEMENTS,
    parts: new Set(parsed.data.BENCH_PARTS),
    targetNames: parsed.data.BENCH_TARGETS,
    followUpSeed: 20_260_401,
    followUp: {
      activities: scaled(100_000),
      indicators: scaled(40_000),
      values: scaled(200_000),
      meetings: scaled(20_000),
      actions: scaled(30_000),
      heavyAgreements: 12,
      heavyActivities: 200,
    },
    documents: scaled(5_000),
  };
}
