-- AlterEnum
ALTER TYPE "SettlementRuleKind" ADD VALUE 'MARKET';

-- AlterTable
ALTER TABLE "settlement_run_member" ADD COLUMN     "win_cents" BIGINT;
