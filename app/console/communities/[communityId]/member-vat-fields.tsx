"use client";
// The member type and VAT fields of the member form (docs/adr/0010-member-types-vat-and-mandates.md):
// a VAT id and status only for a type that can carry one; the server checks the same rules.
import { useTranslations } from "next-intl";
import { Field, Select } from "@/app/_components/ui";
import { VAT_CAPABLE, type MemberType, type VatStatus } from "@/server/members/vat-id";

const MEMBER_TYPES: MemberType[] = ["PRIVATE", "COMPANY", "FARMER", "ASSOCIATION", "PUBLIC_BODY"];
const VAT_STATUSES: VatStatus[] = ["NOT_REGISTERED", "REGISTERED", "REVERSE_CHARGE"];

/** The member types and VAT statuses in the page's language. */
export function useVatLabels() {
  const t = useTranslations("console.member.vat");
  return { memberType: (v: MemberType) => t(`type.${v}`), vatStatus: (v: VatStatus) => t(`status.${v}`) };
}

export interface VatValues {
  memberType: MemberType;
  vatId: string | null;
  vatStatus: VatStatus;
}

export function MemberVatFields({ value, onChange, error }: { value: VatValues; onChange: (patch: Partial<VatValues>) => void; error: (field: string) => string | undefined }) {
  const t = useTranslations("console.member.vat");
  const labels = useVatLabels();
  const capable = VAT_CAPABLE.has(value.memberType);
  return (
    <fieldset className="grid gap-4 rounded-md border border-slate-200 p-4 sm:grid-cols-3">
      <legend className="px-1 text-sm font-medium">{t("legend")}</legend>
      <Select
        label={t("memberType")}
        name="memberType"
        value={value.memberType}
        error={error("memberType")}
        // A private member has no VAT id: switching to private clears it.
        onChange={(e) => {
          const memberType = e.target.value as MemberType;
          onChange(VAT_CAPABLE.has(memberType) ? { memberType } : { memberType, vatId: null, vatStatus: "NOT_REGISTERED" });
        }}
      >
        {MEMBER_TYPES.map((v) => (
          <option key={v} value={v}>
            {labels.memberType(v)}
          </option>
        ))}
      </Select>
      {capable ? (
        <>
          <Field label={t("vatId")} name="vatId" hint={t("vatIdHint")} value={value.vatId ?? ""} error={error("vatId")} onChange={(e) => onChange({ vatId: e.target.value })} />
          <Select label={t("vatStatus")} name="vatStatus" value={value.vatStatus} error={error("vatStatus")} onChange={(e) => onChange({ vatStatus: e.target.value as VatStatus })}>
            {VAT_STATUSES.map((v) => (
              <option key={v} value={v}>
                {labels.vatStatus(v)}
              </option>
            ))}
          </Select>
        </>
      ) : null}
    </fieldset>
  );
}
