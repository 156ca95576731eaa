// What a member's bank account form and an organization's bank identity form share: the account
// fields (holder, IBAN, BIC) and how an IBAN is shown (groups of four).
import { useTranslations } from "next-intl";
import { Field } from "@/app/_components/ui";

export interface AccountValue {
  accountHolder: string;
  iban: string;
  bic: string;
}

export function AccountFields({ value, onChange, error }: { value: AccountValue; onChange: (patch: Partial<AccountValue>) => void; error: (field: string) => string | undefined }) {
  const t = useTranslations("console.org");
  return (
    <>
      <Field label={t("accountHolder")} name="accountHolder" value={value.accountHolder} error={error("accountHolder")} onChange={(e) => onChange({ accountHolder: e.target.value })} />
      <Field label={t("iban")} name="iban" hint={t("ibanHint")} value={value.iban} error={error("iban")} onChange={(e) => onChange({ iban: e.target.value })} autoComplete="off" />
      <Field label={t("bicOptional")} name="bic" value={value.bic} error={error("bic")} onChange={(e) => onChange({ bic: e.target.value })} />
    </>
  );
}

/** "IT60X0542811101000000123456" → "IT60 X054 2811 1010 0000 0123 456". */
export const groupIban = (iban: string) => iban.replace(/(.{4})/g, "$1 ").trim();
