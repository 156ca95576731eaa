-- AlterTable
ALTER TABLE "community" ADD COLUMN     "co2_grams_per_kwh" INTEGER NOT NULL DEFAULT 250;
