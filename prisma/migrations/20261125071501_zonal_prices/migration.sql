-- CreateTable
CREATE TABLE "zonal_price" (
    "zone" TEXT NOT NULL,
    "hour_start" TIMESTAMPTZ(0) NOT NULL,
    "eur_per_mwh" DECIMAL(12,6) NOT NULL,
    "source" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "zonal_price_pkey" PRIMARY KEY ("zone","hour_start")
);
