// The message catalogues, one per language (messages/*.json). All four have the same keys and ICU
// placeholders (checked by messages.test.ts).
import de from "@/messages/de.json";
import en from "@/messages/en.json";
import fr from "@/messages/fr.json";
import it from "@/messages/it.json";
import type { Locale } from "./locales";

export type Messages = typeof en;

export const MESSAGES: Record<Locale, Messages> = { en, it, de, fr };
