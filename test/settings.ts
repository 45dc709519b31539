import { z } from "zod";

/**
 * The test harness's own settings, read once from the environment like src/config.ts reads
 * the application's (which knows nothing of them): which database server the suite runs
 * against, and where Chromium is.
 */
const testSettingsSchema = z.object({
  /** the embedded PGlite (default) or the server at TEST_DATABASE_URL */
  TEST_DRIVER: z.enum(["pglite", "pg"]).default("pglite"),
  TEST_DATABASE_URL: z.string().optional(),
  /**
   * Which suite runs the tests whose outcome does not depend on its database: the files that reach
   * no driver (test/driver-free.ts) and those that start `sharaka` on an embedded data folder.
   * Unset: the suite running. `npm test` names one when it runs both, so that they run once.
   */
  TEST_DRIVER_FREE_IN: z.enum(["pglite", "pg"]).optional(),
  CHROMIUM_PATH: z.string().default("/usr/bin/chromium"),
});

export interface TestSettings {
  driver: "pglite" | "pg";
  /** whether this suite runs the tests that do not depend on its database (see TEST_DRIVER_FREE_IN) */
  runsDriverFreeTests: boolean;
  databaseUrl?: string;
  chromiumPath: string;
}

export function testSettings(env: Record<string, string | undefined> = process.env): TestSettings {
  const parsed = testSettingsSchema.parse(env);
  return {
    driver: parsed.TEST_DRIVER,
    runsDriverFreeTests: (parsed.TEST_DRIVER_FREE_IN ?? parsed.TEST_DRIVER) === parsed.TEST_DRIVER,
    databaseUrl: parsed.TEST_DATABASE_URL,
    chromiumPath: parsed.CHROMIUM_PATH,
  };
}
