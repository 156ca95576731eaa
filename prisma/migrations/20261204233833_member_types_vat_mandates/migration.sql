-- CreateEnum
CREATE TYPE "MemberType" AS ENUM ('PRIVATE', 'COMPANY', 'FARMER', 'ASSOCIATION', 'PUBLIC_BODY');

-- CreateEnum
CREATE TYPE "VatStatus" AS ENUM ('NOT_REGISTERED', 'REGISTERED', 'REVERSE_CHARGE');

-- CreateEnum
CREATE TYPE "MandateScheme" AS ENUM ('CORE', 'B2B');

-- AlterTable
ALTER TABLE "member" ADD COLUMN     "member_type" "MemberType" NOT NULL DEFAULT 'PRIVATE',
ADD COLUMN     "vat_id" TEXT,
ADD COLUMN     "vat_status" "VatStatus" NOT NULL DEFAULT 'NOT_REGISTERED';

-- AlterTable
ALTER TABLE "run_billing" ADD COLUMN     "reverse_charge_member_ids" UUID[] DEFAULT ARRAY[]::UUID[];

-- CreateTable
CREATE TABLE "member_mandate" (
    "id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "reference" TEXT NOT NULL,
    "scheme" "MandateScheme" NOT NULL DEFAULT 'CORE',
    "signed_on" DATE NOT NULL,
    "valid_from" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "member_mandate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "member_mandate_reference_key" ON "member_mandate"("reference");

-- CreateIndex
CREATE INDEX "member_mandate_member_id_valid_from_idx" ON "member_mandate"("member_id", "valid_from");

-- AddForeignKey
ALTER TABLE "member_mandate" ADD CONSTRAINT "member_mandate_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written (docs/adr/0010-member-types-vat-and-mandates.md).

-- Existing mandates become the members' current CORE mandates (the only scheme there was), valid from
-- when the bank account was last set; then the bank account keeps only the account.
INSERT INTO "member_mandate" ("id", "member_id", "reference", "scheme", "signed_on", "valid_from")
SELECT gen_random_uuid(), "member_id", "mandate_reference", 'CORE', "mandate_signed_on", "updated_at"
  FROM "member_bank_account" WHERE "mandate_reference" IS NOT NULL;

DROP INDEX "member_bank_account_mandate_reference_key";
ALTER TABLE "member_bank_account" DROP COLUMN "mandate_reference",
DROP COLUMN "mandate_signed_on";

-- At most one current mandate per member; a revoked one stays as history.
CREATE UNIQUE INDEX "member_mandate_one_current" ON "member_mandate"("member_id") WHERE "revoked_at" IS NULL;
ALTER TABLE "member_mandate"
  ADD CONSTRAINT "member_mandate_reference_shape" CHECK ("reference" ~ '^[A-Za-z0-9+?/:().,'' -]{1,35}$'),
  ADD CONSTRAINT "member_mandate_revoked_after_valid" CHECK ("revoked_at" IS NULL OR "revoked_at" >= "valid_from");

-- A VAT id only with a VAT-capable member type, in its normalised shape; registered statuses need one.
ALTER TABLE "member"
  ADD CONSTRAINT "member_vat_id_shape" CHECK ("vat_id" IS NULL OR "vat_id" ~ '^[A-Z]{2}[A-Z0-9+*]{2,13}$'),
  ADD CONSTRAINT "member_vat_id_type" CHECK ("vat_id" IS NULL OR "member_type" <> 'PRIVATE'),
  ADD CONSTRAINT "member_vat_status_needs_id" CHECK (("vat_status" = 'NOT_REGISTERED') OR "vat_id" IS NOT NULL);

-- The app revokes a mandate (sets revoked_at) and deletes the history on erasure, nothing else.
GRANT UPDATE ("revoked_at"), DELETE ON "member_mandate" TO dajie_app;
