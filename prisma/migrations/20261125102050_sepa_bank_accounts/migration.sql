-- CreateTable
CREATE TABLE "member_bank_account" (
    "member_id" UUID NOT NULL,
    "account_holder" TEXT NOT NULL,
    "iban" TEXT NOT NULL,
    "bic" TEXT,
    "mandate_reference" TEXT,
    "mandate_signed_on" DATE,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "member_bank_account_pkey" PRIMARY KEY ("member_id")
);

-- CreateTable
CREATE TABLE "organization_bank_account" (
    "org_id" UUID NOT NULL,
    "account_holder" TEXT NOT NULL,
    "iban" TEXT NOT NULL,
    "bic" TEXT,
    "creditor_id" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "organization_bank_account_pkey" PRIMARY KEY ("org_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "member_bank_account_mandate_reference_key" ON "member_bank_account"("mandate_reference");

-- AddForeignKey
ALTER TABLE "member_bank_account" ADD CONSTRAINT "member_bank_account_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "organization_bank_account" ADD CONSTRAINT "organization_bank_account_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
