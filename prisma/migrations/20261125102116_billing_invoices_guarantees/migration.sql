-- Hand-written: what billing relies on, enforced by the database too.

-- Issued invoices and a run's fixed billing are never changed or removed: a correction is a new
-- run, whose invoices reference the original ones (dajie_refuse_change is in the constraints migration).
CREATE TRIGGER "invoice_append_only" BEFORE UPDATE OR DELETE ON "invoice"
  FOR EACH ROW EXECUTE FUNCTION dajie_refuse_change();
CREATE TRIGGER "invoice_no_truncate" BEFORE TRUNCATE ON "invoice"
  FOR EACH STATEMENT EXECUTE FUNCTION dajie_refuse_change();
CREATE TRIGGER "run_billing_append_only" BEFORE UPDATE OR DELETE ON "run_billing"
  FOR EACH ROW EXECUTE FUNCTION dajie_refuse_change();
CREATE TRIGGER "run_billing_no_truncate" BEFORE TRUNCATE ON "run_billing"
  FOR EACH STATEMENT EXECUTE FUNCTION dajie_refuse_change();

ALTER TABLE "invoice" ADD CONSTRAINT "invoice_seq_no_positive" CHECK ("seq_no" >= 1);
ALTER TABLE "invoice" ADD CONSTRAINT "invoice_gross_is_net_plus_vat" CHECK ("gross_cents" = "net_cents" + "vat_cents");
ALTER TABLE "invoice_counter" ADD CONSTRAINT "invoice_counter_next_positive" CHECK ("next_number" >= 1);
ALTER TABLE "community" ADD CONSTRAINT "community_fee_range" CHECK ("fee_credits_bp" BETWEEN 0 AND 10000 AND "fee_fixed_cents" BETWEEN 0 AND 100000000);
ALTER TABLE "organization" ADD CONSTRAINT "organization_country_code" CHECK ("country_code" IS NULL OR "country_code" ~ '^[A-Z]{2}$');
