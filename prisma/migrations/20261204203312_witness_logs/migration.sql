-- AlterTable
ALTER TABLE "community" ADD COLUMN     "log_origin" TEXT;

-- CreateTable
CREATE TABLE "checkpoint_cosignature" (
    "id" UUID NOT NULL,
    "community_id" UUID NOT NULL,
    "tree_size" BIGINT NOT NULL,
    "witness_name" TEXT NOT NULL,
    "key_id" BIGINT NOT NULL,
    "timestamp" BIGINT NOT NULL,
    "signature" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "checkpoint_cosignature_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "witnessed_log" (
    "origin" TEXT NOT NULL,
    "verifier_key" TEXT NOT NULL,
    "tree_size" BIGINT NOT NULL DEFAULT 0,
    "root" BYTEA,
    "added_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "witnessed_log_pkey" PRIMARY KEY ("origin")
);

-- CreateIndex
CREATE UNIQUE INDEX "checkpoint_cosignature_community_id_tree_size_witness_name__key" ON "checkpoint_cosignature"("community_id", "tree_size", "witness_name", "key_id");

-- AddForeignKey
ALTER TABLE "checkpoint_cosignature" ADD CONSTRAINT "checkpoint_cosignature_community_id_tree_size_fkey" FOREIGN KEY ("community_id", "tree_size") REFERENCES "ledger_checkpoint"("community_id", "tree_size") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: shapes, and cosignatures are append-only (a witness's statement is never changed).
ALTER TABLE "checkpoint_cosignature"
  ADD CONSTRAINT "checkpoint_cosignature_shape" CHECK (octet_length("signature") = 64 AND "key_id" BETWEEN 0 AND 4294967295 AND "timestamp" >= 0 AND "tree_size" >= 0);
ALTER TABLE "witnessed_log"
  ADD CONSTRAINT "witnessed_log_state" CHECK ("tree_size" >= 0 AND ("root" IS NULL OR octet_length("root") = 32) AND ("root" IS NOT NULL OR "tree_size" = 0));
CREATE TRIGGER "checkpoint_cosignature_guard" BEFORE UPDATE OR DELETE ON "checkpoint_cosignature"
  FOR EACH ROW EXECUTE FUNCTION dajie_refuse_change();
CREATE TRIGGER "checkpoint_cosignature_no_truncate" BEFORE TRUNCATE ON "checkpoint_cosignature"
  FOR EACH STATEMENT EXECUTE FUNCTION dajie_refuse_change();
