-- CreateTable
CREATE TABLE "settlement_check" (
    "community_id" UUID NOT NULL,
    "period_start" DATE NOT NULL,
    "period_end" DATE NOT NULL,
    "run_id" UUID NOT NULL,
    "inputs_digest" TEXT NOT NULL,
    "checked_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "settlement_check_pkey" PRIMARY KEY ("community_id","period_start","period_end")
);
