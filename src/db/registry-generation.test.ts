import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { testSettings } from "../../test/settings.js";
import { statementsOf } from "../../test/statements.js";
import { until } from "../../test/until.js";
import type { DatabaseHandle } from "./client.js";
import {
  bumpRegistryGeneration,
  committedGeneration,
  followGenerationWith,
  GENERATION_CHANNEL,
  keptPerGeneration,
  readRegistryGeneration,
  watchRegistryGeneration,
} from "./registry-generation.js";
import { registryGeneration } from "./schema/index.js";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase({ referenceData: false });
});
afterAll(() => handle.close());

const known = (watch: ReturnType<typeof watchRegistryGeneration>) => () => watch.known();

describe("the registry's generation, heard from every write's notice", () => {
  it("knows the committed generation, follows each commit and ignores a rolled-back write", async () => {
    const watch = watchRegistryGeneration(handle.db);
    try {
      const start = await until("the watch to listen", known(watch), 10_000);
      expect(start).toBe(await readRegistryGeneration(handle.db));

      await handle.db.transaction((tx) => bumpRegistryGeneration(tx));
      await until("the commit's notice", () => (watch.known() === start + 1 ? true : undefined), 10_000);

      await handle.db
        .transaction(async (tx) => {
          await bumpRegistryGeneration(tx);
          await bumpRegistryGeneration(tx);
          throw new Error("rolled back");
        })
        .catch(() => {});
      // Notices come only on commit: the rolled-back write's (start + 2) is never heard, and the
      // next commit's is start + 2 again.
      await handle.db.transaction((tx) => bumpRegistryGeneration(tx));
      const heard = await until("the next commit's notice", () => {
        const generation = watch.known() ?? 0;
        return generation >= start + 2 ? generation : undefined;
      });
      expect(heard).toBe(start + 2);
      expect(await readRegistryGeneration(handle.db)).toBe(start + 2);
    } finally {
      await watch.stop();
    }
    expect(watch.known()).toBeUndefined();
  });

  it("is raised once however many writes one transaction holds, again by the next", async () => {
    const start = await readRegistryGeneration(handle.db);
    const raised = await handle.db.transaction(async (tx) => [
      await bumpRegistryGeneration(tx),
      await bumpRegistryGeneration(tx),
      await bumpRegistryGeneration(tx),
    ]);
    expect(raised).toEqual([start + 1, start + 1, start + 1]);
    expect(await handle.db.transaction((tx) => bumpRegistryGeneration(tx))).toBe(start + 2);
    expect(await readRegistryGeneration(handle.db)).toBe(start + 2);
  });

  it("takes no payload but a generation's number", async () => {
    const watch = watchRegistryGeneration(handle.db);
    try {
      const start = await until("the watch to listen", known(watch), 10_000);
      await handle.db.execute(sql`select pg_notify(${GENERATION_CHANNEL}, 'not a number')`);
      await handle.db.transaction((tx) => bumpRegistryGeneration(tx));
      await until("the commit's notice", () => (watch.known() === start + 1 ? true : undefined), 10_000);
    } finally {
      await watch.stop();
    }
  });

  it.runIf(testSettings().driver === "pg")(
    "reads per request while its connection is down, and listens again",
    async () => {
      const watch = watchRegistryGeneration(handle.db);
      try {
        await until("the watch to listen", known(watch), 10_000);
        // As a server restart would: the listening connection is cut.
        await handle.db.execute(
          sql`select pg_terminate_backend(pid) from pg_stat_activity
              where datname = current_database() and query like 'LISTEN%'`,
        );
        await until("the loss to be noticed", () => (watch.known() === undefined ? true : undefined), 10_000);
        // A write while nobody listens is not missed: listening again reads the row.
        await handle.db.transaction((tx) => bumpRegistryGeneration(tx));
        const committed = await readRegistryGeneration(handle.db);
        await until("listening again", () => (watch.known() === committed ? true : undefined), 10_000);
      } finally {
        await watch.stop();
      }
    },
  );
});

describe("values kept per generation", () => {
  it("are computed once per generation and key, and again after a write; a failed one is not kept", async () => {
    const computed: string[] = [];
    const kept = keptPerGeneration(
      async (_db, key: string, generation) => {
        computed.push(`${key}@${generation}`);
        if (key === "broken") throw new Error("no");
        return `${key}!`;
      },
      (key) => key,
    );
    const db = handle.db;
    const first = await readRegistryGeneration(db);
    expect(await Promise.all([kept(db, "a"), kept(db, "a")])).toEqual(["a!", "a!"]);
    await expect(kept(db, "broken")).rejects.toThrow("no");
    await expect(kept(db, "broken")).rejects.toThrow("no");
    await bumpRegistryGeneration(db);
    await kept(db, "a");
    expect(computed).toEqual([`a@${first}`, `broken@${first}`, `broken@${first}`, `a@${first + 1}`]);
  });

  it.runIf(testSettings().driver === "pglite")(
    "read no row on the embedded database once it listens, and see a write's raise as soon as the write returns",
    async () => {
      const kept = keptPerGeneration(
        async (_db, key: string, generation) => `${key}@${generation}`,
        (key) => key,
      );
      const db = handle.db;
      await until(
        "the embedded watch to listen",
        async () => ((await statementsOf(db, () => committedGeneration(db))).length === 0 ? true : undefined),
        10_000,
      );
      const before = await readRegistryGeneration(db);
      const statements = await statementsOf(db, () => kept(db, "page"));
      expect(statements).toEqual([]);
      await db.transaction((tx) => bumpRegistryGeneration(tx));
      // No wait: the commit's notice reached the watch before the commit returned.
      expect(await kept(db, "page")).toBe(`page@${before + 1}`);
      await db
        .transaction(async (tx) => {
          await bumpRegistryGeneration(tx);
          throw new Error("rolled back");
        })
        .catch(() => {});
      expect(await kept(db, "page")).toBe(`page@${before + 1}`);
    },
  );

  it.runIf(testSettings().driver === "pg")(
    "on a server, read the generation once for values asked together, and again for those asked after a write",
    async () => {
      const kept = keptPerGeneration(
        async (_db, key: string, generation) => `${key}@${generation}`,
        (key) => key,
      );
      const db = handle.db;
      const before = await readRegistryGeneration(db);
      let together: string[] = [];
      const statements = await statementsOf(db, async () => {
        together = await Promise.all([kept(db, "a"), kept(db, "b"), kept(db, "c")]);
      });
      expect(together).toEqual([`a@${before}`, `b@${before}`, `c@${before}`]);
      expect(statements).toHaveLength(1);
      await db.transaction((tx) => bumpRegistryGeneration(tx));
      expect(await Promise.all([kept(db, "a"), kept(db, "b")])).toEqual([
        `a@${before + 1}`,
        `b@${before + 1}`,
      ]);
      // Asked one after the other, each reads: the second may come after a commit the first missed.
      const apart = await statementsOf(db, async () => {
        await kept(db, "a");
        await kept(db, "b");
      });
      expect(apart).toHaveLength(2);
    },
  );

  it.runIf(testSettings().driver === "pg")(
    "on a server followed by a watch, read no row once a write is heard; this process's write is seen at once",
    async () => {
      const db = handle.db;
      const kept = keptPerGeneration(
        async (_db, key: string, generation) => `${key}@${generation}`,
        (key) => key,
      );
      const watch = watchRegistryGeneration(db);
      const unfollow = followGenerationWith(db, watch);
      try {
        const start = await until("the watch to listen", known(watch), 10_000);
        await until(
          "the kept values to follow the watch",
          async () => ((await statementsOf(db, () => kept(db, "page"))).length === 0 ? true : undefined),
          10_000,
        );
        expect(await kept(db, "page")).toBe(`page@${start}`);
        // This process's write: the very next call sees it, whether its notice has come or not.
        await db.transaction((tx) => bumpRegistryGeneration(tx));
        expect(await kept(db, "page")).toBe(`page@${start + 1}`);
        await until("the commit's notice", () => (watch.known() === start + 1 ? true : undefined), 10_000);
        expect(await statementsOf(db, () => kept(db, "page"))).toEqual([]);
        // Another process's write (the row raised and announced, not by this process): heard a
        // round trip after it commits.
        await db.execute(sql`with raised as (
            update ${registryGeneration} set generation = generation + 1 where id = 1 returning generation
          ) select pg_notify(${GENERATION_CHANNEL}, generation::text) from raised`);
        await until("the other write to be heard", async () =>
          (await kept(db, "page")) === `page@${start + 2}` ? true : undefined,
        );
        // A rolled-back raise of this process is never heard: the row is read, and it is right.
        await db
          .transaction(async (tx) => {
            await bumpRegistryGeneration(tx);
            throw new Error("rolled back");
          })
          .catch(() => {});
        expect(await kept(db, "page")).toBe(`page@${start + 2}`);
      } finally {
        unfollow();
        await watch.stop();
      }
    },
  );

  it("are computed once when compute returns a query not yet run (a thenable that runs on each await)", async () => {
    const kept = keptPerGeneration(
      (db) => db.select({ generation: registryGeneration.generation }).from(registryGeneration),
      () => "rows",
    );
    const db = handle.db;
    await kept(db, "rows");
    const statements = await statementsOf(db, async () => {
      await kept(db, "rows");
      await kept(db, "rows");
    });
    expect(
      statements.filter((statement) => !/where "registry_generation"."id" = \$1/.test(statement.sql)),
    ).toEqual([]);
  });

  it("within a bound, keep the most recently used and never one larger than the bound", async () => {
    const computed: string[] = [];
    const kept = keptPerGeneration(
      async (_db, key: string) => {
        computed.push(key);
        return key.repeat(key === "c" ? 20 : 6);
      },
      (key) => key,
      { maxSize: 10, sizeOf: (value) => value.length },
    );
    const db = handle.db;
    // Each of a and b takes 6 of the 10: b pushes a out. c (20) is never kept.
    for (const key of ["a", "a", "b", "b", "a", "c", "c"]) await kept(db, key);
    expect(computed).toEqual(["a", "b", "a", "c", "c"]);
  });
});
