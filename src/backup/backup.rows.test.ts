import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { buildUser } from "../../test/factories.js";
import type { DatabaseHandle } from "../db/client.js";
import { accounts, users } from "../db/schema/index.js";
import { checkRows, dumpTable, loadTable } from "./backup.rows.js";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

describe("a backup's accounts made before a column was added", () => {
  it("are restored with the value the column's migration gave (no translator permission)", async () => {
    const user = await buildUser(handle.db, { role: "viewer", name: "Compte d’avant 0028" });
    const rows = (await dumpTable(handle.db, users, sql`t.id`)).filter((row) => row.id === user.id);
    // as a backup made before migration 0028 holds it
    for (const row of rows) delete row.translates;
    const checked = checkRows("accounts", "users", users, rows);
    expect(checked[0]?.translates).toEqual([]);
    await handle.db.delete(accounts).where(eq(accounts.userId, user.id));
    await handle.db.delete(users).where(eq(users.id, user.id));
    await loadTable(handle.db, users, checked);
    const [restored] = await handle.db.select().from(users).where(eq(users.id, user.id));
    expect(restored).toMatchObject({ name: "Compte d’avant 0028", role: "viewer", translates: [] });
  });

  it("are refused, naming the column, when any other column is missing", async () => {
    const user = await buildUser(handle.db, { role: "viewer" });
    const rows = (await dumpTable(handle.db, users, sql`t.id`)).filter((row) => row.id === user.id);
    for (const row of rows) delete row.role;
    expect(() => checkRows("accounts", "users", users, rows)).toThrow(/missing column "role"/);
  });
});
