-- The shapes the application validates (IBAN and creditor id mod-97 are checked in server/billing/iban.ts);
-- the database refuses anything that does not even have the shape, and a mandate without its date.
ALTER TABLE "member_bank_account"
  ADD CONSTRAINT "member_bank_account_iban_shape" CHECK ("iban" ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$'),
  ADD CONSTRAINT "member_bank_account_bic_shape" CHECK ("bic" IS NULL OR "bic" ~ '^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$'),
  ADD CONSTRAINT "member_bank_account_mandate_complete" CHECK (("mandate_reference" IS NULL) = ("mandate_signed_on" IS NULL)),
  ADD CONSTRAINT "member_bank_account_holder_present" CHECK (length(btrim("account_holder")) > 0);

ALTER TABLE "organization_bank_account"
  ADD CONSTRAINT "organization_bank_account_iban_shape" CHECK ("iban" ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$'),
  ADD CONSTRAINT "organization_bank_account_bic_shape" CHECK ("bic" IS NULL OR "bic" ~ '^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$'),
  ADD CONSTRAINT "organization_bank_account_creditor_id_shape" CHECK ("creditor_id" IS NULL OR "creditor_id" ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{3}[A-Z0-9]{1,28}$'),
  ADD CONSTRAINT "organization_bank_account_holder_present" CHECK (length(btrim("account_holder")) > 0);
