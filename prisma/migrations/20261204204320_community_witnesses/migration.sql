-- AlterTable
ALTER TABLE "community" ADD COLUMN     "witness_quorum" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "community_witness" (
    "id" UUID NOT NULL,
    "community_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "verifier_key" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "cosigned_size" BIGINT NOT NULL DEFAULT 0,
    "alert" TEXT,
    "alert_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "community_witness_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "community_witness_community_id_name_key" ON "community_witness"("community_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "community_witness_community_id_verifier_key_key" ON "community_witness"("community_id", "verifier_key");

-- AddForeignKey
ALTER TABLE "community_witness" ADD CONSTRAINT "community_witness_community_id_fkey" FOREIGN KEY ("community_id") REFERENCES "community"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: a quorum between 0 and the number of witnesses is checked by the service; here only its sign.
ALTER TABLE "community" ADD CONSTRAINT "community_witness_quorum_nonnegative" CHECK ("witness_quorum" >= 0);
ALTER TABLE "community_witness" ADD CONSTRAINT "community_witness_cosigned_size" CHECK ("cosigned_size" >= 0);
