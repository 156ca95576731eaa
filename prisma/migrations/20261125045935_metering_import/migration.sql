-- CreateEnum
CREATE TYPE "ImportSource" AS ENUM ('BROWSER', 'CLI', 'API', 'DEMO');

-- DropForeignKey
ALTER TABLE "reading" DROP CONSTRAINT "reading_batch_id_fkey";

-- DropForeignKey
ALTER TABLE "reading" DROP CONSTRAINT "reading_metering_point_id_fkey";

-- DropIndex
DROP INDEX "reading_batch_id_idx";

-- AlterTable
ALTER TABLE "import_batch" ADD COLUMN     "readings_corrected" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "readings_new" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "readings_unchanged" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "size_bytes" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "source" "ImportSource" NOT NULL DEFAULT 'CLI',
ADD COLUMN     "summary" JSONB NOT NULL DEFAULT '{}';

-- CreateTable
CREATE TABLE "reading_revision" (
    "id" BIGSERIAL NOT NULL,
    "metering_point_id" UUID NOT NULL,
    "interval_start" TIMESTAMPTZ(0) NOT NULL,
    "old_energy_mwh" BIGINT NOT NULL,
    "old_quality" "ReadingQuality" NOT NULL,
    "old_batch_id" UUID NOT NULL,
    "new_energy_mwh" BIGINT NOT NULL,
    "new_batch_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reading_revision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "csv_mapping_preset" (
    "id" UUID NOT NULL,
    "community_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "mapping" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "csv_mapping_preset_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_token" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "scopes" TEXT[],
    "created_by_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_token_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "reading_revision_metering_point_id_interval_start_idx" ON "reading_revision"("metering_point_id", "interval_start");

-- CreateIndex
CREATE INDEX "reading_revision_new_batch_id_idx" ON "reading_revision"("new_batch_id");

-- CreateIndex
CREATE UNIQUE INDEX "csv_mapping_preset_community_id_name_key" ON "csv_mapping_preset"("community_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "api_token_token_hash_key" ON "api_token"("token_hash");

-- CreateIndex
CREATE INDEX "api_token_org_id_idx" ON "api_token"("org_id");

-- CreateIndex
CREATE INDEX "import_batch_community_id_file_sha256_idx" ON "import_batch"("community_id", "file_sha256");

-- AddForeignKey
ALTER TABLE "csv_mapping_preset" ADD CONSTRAINT "csv_mapping_preset_community_id_fkey" FOREIGN KEY ("community_id") REFERENCES "community"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_token" ADD CONSTRAINT "api_token_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
