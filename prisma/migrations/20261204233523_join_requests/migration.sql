-- CreateEnum
CREATE TYPE "CommunityDocumentKind" AS ENUM ('STATUTES', 'PRIVACY');

-- CreateEnum
CREATE TYPE "JoinRequestStatus" AS ENUM ('UNCONFIRMED', 'PENDING', 'APPROVED', 'DECLINED');

-- CreateEnum
CREATE TYPE "JoinApplicantType" AS ENUM ('PRIVATE', 'COMPANY', 'FARMER', 'ASSOCIATION', 'PUBLIC_BODY');

-- AlterTable
ALTER TABLE "community" ADD COLUMN     "join_enabled" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "community_document" (
    "id" UUID NOT NULL,
    "community_id" UUID NOT NULL,
    "kind" "CommunityDocumentKind" NOT NULL,
    "version" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "community_document_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "member_document_acceptance" (
    "member_id" UUID NOT NULL,
    "document_id" UUID NOT NULL,
    "accepted_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "member_document_acceptance_pkey" PRIMARY KEY ("member_id","document_id")
);

-- CreateTable
CREATE TABLE "join_request" (
    "id" UUID NOT NULL,
    "community_id" UUID NOT NULL,
    "status" "JoinRequestStatus" NOT NULL DEFAULT 'UNCONFIRMED',
    "locale" TEXT NOT NULL,
    "applicant_type" "JoinApplicantType" NOT NULL,
    "name" TEXT,
    "email" TEXT,
    "address" TEXT,
    "points" JSONB NOT NULL DEFAULT '[]',
    "accepted_documents" JSONB NOT NULL DEFAULT '[]',
    "account_holder" TEXT,
    "iban" TEXT,
    "mandate_consent_at" TIMESTAMPTZ(3),
    "token_hash" TEXT,
    "token_expires_at" TIMESTAMPTZ(3) NOT NULL,
    "confirmed_at" TIMESTAMPTZ(3),
    "decided_at" TIMESTAMPTZ(3),
    "decided_by_id" TEXT,
    "decline_reason" TEXT,
    "member_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "join_request_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "community_document_community_id_kind_version_key" ON "community_document"("community_id", "kind", "version");

-- CreateIndex
CREATE UNIQUE INDEX "join_request_token_hash_key" ON "join_request"("token_hash");

-- CreateIndex
CREATE INDEX "join_request_community_id_status_idx" ON "join_request"("community_id", "status");

-- AddForeignKey
ALTER TABLE "community_document" ADD CONSTRAINT "community_document_community_id_fkey" FOREIGN KEY ("community_id") REFERENCES "community"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "member_document_acceptance" ADD CONSTRAINT "member_document_acceptance_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "member_document_acceptance" ADD CONSTRAINT "member_document_acceptance_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "community_document"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "join_request" ADD CONSTRAINT "join_request_community_id_fkey" FOREIGN KEY ("community_id") REFERENCES "community"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "join_request" ADD CONSTRAINT "join_request_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Hand-written: the app role (see 20261204210000_app_role). Document versions and acceptances are
-- only inserted; a join request moves through its states, loses its personal columns on approval and
-- is deleted when purged.
GRANT UPDATE, DELETE ON "join_request" TO dajie_app;

ALTER TABLE "community_document" ADD CONSTRAINT "community_document_version_check" CHECK ("version" >= 1);
ALTER TABLE "join_request" ADD CONSTRAINT "join_request_locale_check" CHECK ("locale" IN ('en', 'it', 'de', 'fr'));
-- A decided request says who decided and when; a declined one why.
ALTER TABLE "join_request" ADD CONSTRAINT "join_request_decided_check" CHECK (("status" IN ('APPROVED', 'DECLINED')) = ("decided_at" IS NOT NULL AND "decided_by_id" IS NOT NULL));
ALTER TABLE "join_request" ADD CONSTRAINT "join_request_declined_check" CHECK (("status" = 'DECLINED') = ("decline_reason" IS NOT NULL));
