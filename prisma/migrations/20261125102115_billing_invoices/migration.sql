-- CreateEnum
CREATE TYPE "InvoiceType" AS ENUM ('INVOICE', 'CREDIT_NOTE');

-- AlterTable
ALTER TABLE "community" ADD COLUMN     "billing_org_id" UUID,
ADD COLUMN     "fee_credits_bp" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "fee_fixed_cents" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "organization" ADD COLUMN     "billing_email" TEXT,
ADD COLUMN     "city" TEXT,
ADD COLUMN     "country_code" TEXT,
ADD COLUMN     "legal_name" TEXT,
ADD COLUMN     "postcode" TEXT,
ADD COLUMN     "street" TEXT,
ADD COLUMN     "vat_id" TEXT;

-- CreateTable
CREATE TABLE "invoice_counter" (
    "org_id" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "next_number" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "invoice_counter_pkey" PRIMARY KEY ("org_id","year")
);

-- CreateTable
CREATE TABLE "run_billing" (
    "run_id" UUID NOT NULL,
    "community_id" UUID NOT NULL,
    "seller_org_id" UUID NOT NULL,
    "vat_charges_bp" INTEGER NOT NULL,
    "vat_credits_bp" INTEGER NOT NULL,
    "fee_credits_bp" INTEGER NOT NULL,
    "fee_fixed_cents" INTEGER NOT NULL,
    "payment_terms_days" INTEGER NOT NULL,
    "fixed_on" DATE NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "run_billing_pkey" PRIMARY KEY ("run_id")
);

-- CreateTable
CREATE TABLE "invoice" (
    "id" UUID NOT NULL,
    "seller_org_id" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "seq_no" INTEGER NOT NULL,
    "number" TEXT NOT NULL,
    "type" "InvoiceType" NOT NULL,
    "run_id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "issue_date" DATE NOT NULL,
    "net_cents" BIGINT NOT NULL,
    "vat_cents" BIGINT NOT NULL,
    "gross_cents" BIGINT NOT NULL,
    "preceding_id" UUID,
    "document" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "invoice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "run_billing_community_id_idx" ON "run_billing"("community_id");

-- CreateIndex
CREATE INDEX "invoice_member_id_idx" ON "invoice"("member_id");

-- CreateIndex
CREATE UNIQUE INDEX "invoice_seller_org_id_year_seq_no_key" ON "invoice"("seller_org_id", "year", "seq_no");

-- CreateIndex
CREATE UNIQUE INDEX "invoice_seller_org_id_number_key" ON "invoice"("seller_org_id", "number");

-- CreateIndex
CREATE UNIQUE INDEX "invoice_run_id_member_id_key" ON "invoice"("run_id", "member_id");

-- AddForeignKey
ALTER TABLE "community" ADD CONSTRAINT "community_billing_org_id_fkey" FOREIGN KEY ("billing_org_id") REFERENCES "organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "run_billing" ADD CONSTRAINT "run_billing_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "settlement_run"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "run_billing" ADD CONSTRAINT "run_billing_community_id_fkey" FOREIGN KEY ("community_id") REFERENCES "community"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoice" ADD CONSTRAINT "invoice_seller_org_id_fkey" FOREIGN KEY ("seller_org_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoice" ADD CONSTRAINT "invoice_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "settlement_run"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoice" ADD CONSTRAINT "invoice_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
