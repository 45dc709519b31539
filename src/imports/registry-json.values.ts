/**
 * The scalar values of a registry document (docs/registry-format.md, "Conventions"), shared by
 * the schema of version 1's records and of version 2's follow-up. Pure: no database.
 */
import { z } from "zod";

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?Z$/;

/** `2024-03-01T09:30:00.5Z` → `2024-03-01T09:30:00.500000Z`: PostgreSQL keeps microseconds. */
export function canonicalTimestamp(value: string): string {
  const match = TIMESTAMP.exec(value);
  if (!match) throw new Error(`not a UTC timestamp: ${value}`);
  return `${match[1]}.${(match[2] ?? "").padEnd(6, "0")}Z`;
}

export const timestampSchema = z
  .string()
  .regex(TIMESTAMP, "must be a UTC timestamp like 2024-03-01T09:30:00.000000Z")
  .refine((value) => {
    const parsed = new Date(value);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value.slice(0, 19));
  }, "is not a real date and time")
  .transform(canonicalTimestamp);

export const uuid = z.uuid("must be a UUID").transform((value) => value.toLowerCase());
export const int32 = z.number().int().min(-2147483648).max(2147483647);

/** numeric(16, 2): up to 14 digits before the point; always written back with two decimals */
export const amount = z
  .string()
  .regex(/^(0|[1-9]\d{0,13})(\.\d{1,2})?$/, 'must be a non-negative amount as a string, like "1500000.50"')
  .transform((value) => {
    const [units, cents = ""] = value.split(".");
    return `${units}.${cents.padEnd(2, "0")}`;
  });
