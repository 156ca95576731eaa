-- CreateTable
CREATE TABLE "device_token" (
    "id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "device_token_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "device_token_token_hash_key" ON "device_token"("token_hash");

-- CreateIndex
CREATE INDEX "device_token_member_id_idx" ON "device_token"("member_id");

-- AddForeignKey
ALTER TABLE "device_token" ADD CONSTRAINT "device_token_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The app marks a token used and revokes it; nothing else of a token changes (see 20261204210000_app_role).
GRANT UPDATE ("last_used_at", "revoked_at") ON "device_token" TO dajie_app;
