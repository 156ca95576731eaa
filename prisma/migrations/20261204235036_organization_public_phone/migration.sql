-- AlterTable
ALTER TABLE "organization" ADD COLUMN     "public_phone" TEXT;
