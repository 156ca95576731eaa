-- AlterTable
ALTER TABLE "ledger_checkpoint" ADD COLUMN     "frontier" BYTEA;

-- One 32-byte hash per set bit of tree_size (the set at insert; the table stays append-only).
ALTER TABLE "ledger_checkpoint" ADD CONSTRAINT "ledger_checkpoint_frontier_size"
  CHECK ("frontier" IS NULL OR octet_length("frontier") = 32 * length(replace("tree_size"::bit(64)::text, '0', '')));
