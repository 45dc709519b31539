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
  /** concurrent keep-alive connections */
  BENCH_CONNECTIONS: z.coerce.number().int().min(1).max(64).default(10),
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
}

export function parseBenchOptions(env: Record<string, string | undefined> = process.env): BenchOptions {
  const parsed = benchEnvironmentSchema.safeParse({
    BENCH_DATABASE_URL: env.BENCH_DATABASE_URL || undefined,
    BENCH_SECONDS: env.BENCH_SECONDS || undefined,
    BENCH_CONNECTIONS: env.BENCH_CONNECTIONS || undefined,
  });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
    throw new Error(`Invalid benchmark environment: ${issues.join("; ")}`);
  }
  return {
    databaseUrl: parsed.data.BENCH_DATABASE_URL,
    seconds: parsed.data.BENCH_SECONDS,
    connections: parsed.data.BENCH_CONNECTIONS,
    seed: 20_240_917,
    agreements: 10_000,
    followUpSeed: 20_260_401,
    followUp: {
      activities: 100_000,
      indicators: 40_000,
      values: 200_000,
      meetings: 20_000,
      actions: 30_000,
      heavyAgreements: 12,
      heavyActivities: 200,
    },
  };
}
