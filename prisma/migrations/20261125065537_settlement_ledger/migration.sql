-- CreateEnum
CREATE TYPE "SettlementPeriodKind" AS ENUM ('MONTH', 'WEEK');

-- AlterTable
ALTER TABLE "community" ADD COLUMN     "settlement_grace_days" INTEGER NOT NULL DEFAULT 5,
ADD COLUMN     "settlement_period" "SettlementPeriodKind" NOT NULL DEFAULT 'MONTH';

-- CreateTable
CREATE TABLE "settlement_run" (
    "id" UUID NOT NULL,
    "community_id" UUID NOT NULL,
    "period_start" DATE NOT NULL,
    "period_end" DATE NOT NULL,
    "version" INTEGER NOT NULL,
    "corrects_id" UUID,
    "rule_snapshot" JSONB NOT NULL,
    "inputs_digest" TEXT NOT NULL,
    "totals" JSONB NOT NULL,
    "gaps" JSONB NOT NULL DEFAULT '[]',
    "first_seq" BIGINT NOT NULL,
    "last_seq" BIGINT NOT NULL,
    "checkpoint_size" BIGINT NOT NULL,
    "checkpoint_root" TEXT NOT NULL,
    "started_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "settlement_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "settlement_run_member" (
    "run_id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "pseudonym" TEXT NOT NULL,
    "consumption_mwh" BIGINT NOT NULL,
    "injection_mwh" BIGINT NOT NULL,
    "allocated_mwh" BIGINT NOT NULL,
    "delivered_mwh" BIGINT NOT NULL,
    "surplus_mwh" BIGINT NOT NULL,
    "debit_cents" BIGINT NOT NULL,
    "credit_cents" BIGINT NOT NULL,
    "pc_cents" BIGINT NOT NULL,

    CONSTRAINT "settlement_run_member_pkey" PRIMARY KEY ("run_id","member_id")
);

-- CreateTable
CREATE TABLE "ledger_entry" (
    "community_id" UUID NOT NULL,
    "seq" BIGINT NOT NULL,
    "run_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "account" TEXT NOT NULL,
    "member_id" UUID,
    "amount_cents" BIGINT NOT NULL,
    "energy_mwh" BIGINT NOT NULL,
    "reverses_seq" BIGINT,
    "prev_hash" BYTEA NOT NULL,
    "hash" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ledger_entry_pkey" PRIMARY KEY ("community_id","seq")
);

-- CreateTable
CREATE TABLE "ledger_checkpoint" (
    "community_id" UUID NOT NULL,
    "tree_size" BIGINT NOT NULL,
    "root" BYTEA NOT NULL,
    "run_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ledger_checkpoint_pkey" PRIMARY KEY ("community_id","tree_size")
);

-- CreateIndex
CREATE INDEX "settlement_run_community_id_created_at_idx" ON "settlement_run"("community_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "settlement_run_community_id_period_start_period_end_version_key" ON "settlement_run"("community_id", "period_start", "period_end", "version");

-- CreateIndex
CREATE INDEX "settlement_run_member_member_id_idx" ON "settlement_run_member"("member_id");

-- CreateIndex
CREATE INDEX "ledger_entry_run_id_idx" ON "ledger_entry"("run_id");

-- CreateIndex
CREATE INDEX "ledger_entry_member_id_idx" ON "ledger_entry"("member_id");

-- CreateIndex
CREATE UNIQUE INDEX "ledger_checkpoint_run_id_key" ON "ledger_checkpoint"("run_id");

-- AddForeignKey
ALTER TABLE "settlement_run" ADD CONSTRAINT "settlement_run_community_id_fkey" FOREIGN KEY ("community_id") REFERENCES "community"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "settlement_run_member" ADD CONSTRAINT "settlement_run_member_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "settlement_run"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "settlement_run"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
