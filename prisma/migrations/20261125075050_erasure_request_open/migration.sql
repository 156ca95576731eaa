-- At most one open erasure request per member: asking twice changes nothing.
CREATE UNIQUE INDEX "erasure_request_one_open" ON "erasure_request" ("member_id") WHERE "done_at" IS NULL;
