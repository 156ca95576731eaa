-- CreateTable
CREATE TABLE "ledger_tree_node" (
    "community_id" UUID NOT NULL,
    "level" SMALLINT NOT NULL,
    "index" BIGINT NOT NULL,
    "hash" BYTEA NOT NULL,

    CONSTRAINT "ledger_tree_node_pkey" PRIMARY KEY ("community_id","level","index")
);

-- AddForeignKey
ALTER TABLE "ledger_tree_node" ADD CONSTRAINT "ledger_tree_node_community_id_fkey" FOREIGN KEY ("community_id") REFERENCES "community"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: shapes, append-only like the other ledger tables, the app's rights, and the nodes of
-- existing ledgers (server/ledger/tree-nodes.ts; docs/finalize-lock.md "Proofs from stored nodes").
ALTER TABLE "ledger_tree_node" ADD CONSTRAINT "ledger_tree_node_shape"
  CHECK ("level" BETWEEN 1 AND 62 AND "index" >= 0 AND octet_length("hash") = 32);
CREATE TRIGGER "ledger_tree_node_append_only" BEFORE UPDATE OR DELETE ON "ledger_tree_node"
  FOR EACH ROW EXECUTE FUNCTION dajie_refuse_change();
CREATE TRIGGER "ledger_tree_node_no_truncate" BEFORE TRUNCATE ON "ledger_tree_node"
  FOR EACH STATEMENT EXECUTE FUNCTION dajie_refuse_change();
-- Read and added to (finalize), never changed (docs/database-roles.md); the default privileges give
-- the same, said here for the reader.
DO $$ BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dajie_app') THEN GRANT SELECT, INSERT ON "ledger_tree_node" TO dajie_app; END IF;
END $$;

-- Every complete subtree of the ledgers written so far, level by level: a level-1 node hashes two
-- entry hashes, a level-L node two level-(L−1) nodes (RFC 6962: SHA-256(0x01 ‖ left ‖ right)).
-- Idempotent (ON CONFLICT DO NOTHING): tree-node-store.int.test.ts runs this part again.
INSERT INTO "ledger_tree_node" ("community_id", "level", "index", "hash")
SELECT l."community_id", 1, (l."seq" - 1) / 2, sha256('\x01'::bytea || l."hash" || r."hash")
FROM "ledger_entry" l JOIN "ledger_entry" r ON r."community_id" = l."community_id" AND r."seq" = l."seq" + 1
WHERE l."seq" % 2 = 1
ON CONFLICT DO NOTHING;

DO $$
DECLARE
  lvl int := 2;
  added bigint;
BEGIN
  LOOP
    INSERT INTO "ledger_tree_node" ("community_id", "level", "index", "hash")
    SELECT a."community_id", lvl, a."index" / 2, sha256('\x01'::bytea || a."hash" || b."hash")
    FROM "ledger_tree_node" a JOIN "ledger_tree_node" b
      ON b."community_id" = a."community_id" AND b."level" = a."level" AND b."index" = a."index" + 1
    WHERE a."level" = lvl - 1 AND a."index" % 2 = 0
    ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS added = ROW_COUNT;
    EXIT WHEN added = 0 AND NOT EXISTS (SELECT 1 FROM "ledger_tree_node" WHERE "level" = lvl);
    lvl := lvl + 1;
  END LOOP;
END
$$;
