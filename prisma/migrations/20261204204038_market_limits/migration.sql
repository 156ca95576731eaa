-- CreateEnum
CREATE TYPE "MarketSide" AS ENUM ('BUY', 'SELL');

-- CreateTable
CREATE TABLE "market_limit" (
    "id" UUID NOT NULL,
    "community_id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "side" "MarketSide" NOT NULL,
    "valid_from" DATE NOT NULL,
    "start_minute" INTEGER NOT NULL,
    "end_minute" INTEGER NOT NULL,
    "price_eur_per_kwh" DECIMAL(12,6) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "market_limit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "market_limit_community_id_valid_from_idx" ON "market_limit"("community_id", "valid_from");

-- CreateIndex
CREATE UNIQUE INDEX "market_limit_member_id_side_valid_from_start_minute_key" ON "market_limit"("member_id", "side", "valid_from", "start_minute");

-- AddForeignKey
ALTER TABLE "market_limit" ADD CONSTRAINT "market_limit_community_id_fkey" FOREIGN KEY ("community_id") REFERENCES "community"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "market_limit" ADD CONSTRAINT "market_limit_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: the shape of a band and of a price, enforced by the database too. The range
-- [feed-in, retail] depends on the community's tariffs and is checked by the service.
ALTER TABLE "market_limit" ADD CONSTRAINT "market_limit_band" CHECK ("start_minute" >= 0 AND "start_minute" < "end_minute" AND "end_minute" <= 1440);
ALTER TABLE "market_limit" ADD CONSTRAINT "market_limit_price_non_negative" CHECK ("price_eur_per_kwh" >= 0);
