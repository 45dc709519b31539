CREATE TABLE "registry_generation" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"generation" bigint DEFAULT 1 NOT NULL,
	CONSTRAINT "registry_generation_single_row" CHECK ("registry_generation"."id" = 1)
);
