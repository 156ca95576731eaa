-- CreateEnum
CREATE TYPE "StatementMailStatus" AS ENUM ('PENDING', 'SENDING', 'SENT', 'FAILED', 'NOT_SENT');

-- AlterTable
ALTER TABLE "member" ADD COLUMN     "statement_mail_locale" TEXT;

-- CreateTable
CREATE TABLE "statement_mail" (
    "id" UUID NOT NULL,
    "run_id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "locale" TEXT NOT NULL,
    "status" "StatementMailStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "statement_mail_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "statement_mail_run_id_member_id_key" ON "statement_mail"("run_id", "member_id");

-- AddForeignKey
ALTER TABLE "statement_mail" ADD CONSTRAINT "statement_mail_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "settlement_run"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "statement_mail" ADD CONSTRAINT "statement_mail_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: the languages the site has; a log row changes only in its outcome.
ALTER TABLE "member" ADD CONSTRAINT "member_statement_mail_locale_check" CHECK ("statement_mail_locale" IN ('en', 'it', 'de', 'fr'));
ALTER TABLE "statement_mail" ADD CONSTRAINT "statement_mail_locale_check" CHECK ("locale" IN ('en', 'it', 'de', 'fr'));
ALTER TABLE "statement_mail" ADD CONSTRAINT "statement_mail_attempts_check" CHECK ("attempts" >= 0);
GRANT UPDATE ("status", "attempts", "error", "updated_at", "sent_at") ON "statement_mail" TO dajie_app;
