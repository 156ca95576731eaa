// The formatters live in server/i18n/format.ts (pure; the PDF statement uses them too).
export * from "@/server/i18n/format";
