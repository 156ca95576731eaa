-- CreateTable
CREATE TABLE "erasure_request" (
    "id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "community_id" UUID NOT NULL,
    "requested_by" TEXT NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "done_at" TIMESTAMPTZ(3),
    "done_by" TEXT,

    CONSTRAINT "erasure_request_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "erasure_request_member_id_idx" ON "erasure_request"("member_id");

-- CreateIndex
CREATE INDEX "erasure_request_community_id_requested_at_idx" ON "erasure_request"("community_id", "requested_at");

-- AddForeignKey
ALTER TABLE "erasure_request" ADD CONSTRAINT "erasure_request_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
