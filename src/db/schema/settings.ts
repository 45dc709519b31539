import { jsonb, pgTable, text } from "drizzle-orm/pg-core";

/** The application's settings, one JSON value per key (e.g. which organisation is the association). */
export const settings = pgTable("settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
});
