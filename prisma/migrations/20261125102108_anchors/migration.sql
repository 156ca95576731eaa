-- CreateEnum
CREATE TYPE "AnchorStatus" AS ENUM ('PENDING', 'ANCHORED', 'FAILED');

-- CreateTable
CREATE TABLE "anchor" (
    "id" UUID NOT NULL,
    "community_id" UUID NOT NULL,
    "tree_size" BIGINT NOT NULL,
    "sink" TEXT NOT NULL,
    "statement" TEXT NOT NULL,
    "status" "AnchorStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "receipt" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "anchored_at" TIMESTAMPTZ(3),

    CONSTRAINT "anchor_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "anchor_status_idx" ON "anchor"("status");

-- CreateIndex
CREATE UNIQUE INDEX "anchor_community_id_tree_size_sink_key" ON "anchor"("community_id", "tree_size", "sink");

-- AddForeignKey
ALTER TABLE "anchor" ADD CONSTRAINT "anchor_community_id_tree_size_fkey" FOREIGN KEY ("community_id", "tree_size") REFERENCES "ledger_checkpoint"("community_id", "tree_size") ON DELETE RESTRICT ON UPDATE CASCADE;
