-- The audit log is append-only, so it must not keep personal data that an erasure has to remove.
-- From now on the application writes markers instead of personal values (server/audit/audit.ts,
-- PERSONAL_KEYS); this rewrites the events written before, once, with the same rule for the keys
-- those events used at the top level: "personal" (a member's name/e-mail/address) and "email"
-- (invitations). The append-only trigger is switched off for this one statement only.
CREATE FUNCTION dajie_redact_personal(doc JSONB) RETURNS JSONB LANGUAGE SQL IMMUTABLE AS $$
  SELECT CASE WHEN doc IS NULL OR jsonb_typeof(doc) <> 'object' THEN doc ELSE (
    SELECT COALESCE(jsonb_object_agg(k, CASE
      WHEN k = 'personal' AND jsonb_typeof(v) = 'object' THEN (
        SELECT COALESCE(jsonb_object_agg(pk, CASE WHEN pv = 'null'::jsonb THEN pv ELSE '"[personal data]"'::jsonb END), '{}'::jsonb)
        FROM jsonb_each(v) AS p(pk, pv))
      WHEN k IN ('personal', 'email', 'address', 'iban', 'bic', 'accountHolder', 'mandateReference') AND v <> 'null'::jsonb THEN '"[personal data]"'::jsonb
      ELSE v END), '{}'::jsonb)
    FROM jsonb_each(doc) AS e(k, v)) END
$$;

ALTER TABLE "audit_event" DISABLE TRIGGER "audit_event_append_only";
UPDATE "audit_event"
   SET "before" = dajie_redact_personal("before"), "after" = dajie_redact_personal("after")
 WHERE ("before" IS NOT NULL AND jsonb_typeof("before") = 'object' AND "before" ?| ARRAY['personal', 'email', 'address', 'iban', 'bic', 'accountHolder', 'mandateReference'])
    OR ("after" IS NOT NULL AND jsonb_typeof("after") = 'object' AND "after" ?| ARRAY['personal', 'email', 'address', 'iban', 'bic', 'accountHolder', 'mandateReference']);
ALTER TABLE "audit_event" ENABLE TRIGGER "audit_event_append_only";

-- The function stays: it is the one statement of the rule in SQL, and a test checks it against the
-- application's (server/audit/audit.int.test.ts).
