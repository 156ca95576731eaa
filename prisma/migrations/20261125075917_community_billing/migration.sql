-- AlterTable
ALTER TABLE "community" ADD COLUMN     "payment_terms_days" INTEGER NOT NULL DEFAULT 30,
ADD COLUMN     "vat_charges_percent" DECIMAL(5,2) NOT NULL DEFAULT 0,
ADD COLUMN     "vat_credits_percent" DECIMAL(5,2) NOT NULL DEFAULT 0;
