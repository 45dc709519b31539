CREATE TABLE "document_chunks" (
	"sha256" text NOT NULL,
	"seq" integer NOT NULL,
	"bytes" "bytea" NOT NULL,
	CONSTRAINT "document_chunks_sha256_seq_pk" PRIMARY KEY("sha256","seq")
);
