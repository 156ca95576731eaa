"use client";
// The member type and VAT fields of the member form (docs/adr/0010-member-types-vat-and-mandates.md):
// a VAT id and status only for a type that can carry one; the server checks the same rules.
import { Field, Select } from "@/app/_components/ui";
import { VAT_CAPABLE, type MemberType, type VatStatus } from "@/server/members/vat-id";

export const memberTypeLabel: Record<MemberType, string> = { PRIVATE: "Private person", COMPANY: "Company", FARMER: "Farmer", ASSOCIATION: "Association", PUBLIC_BODY: "Public body" };
export const vatStatusLabel: Record<VatStatus, string> = { NOT_REGISTERED: "Not registered for VAT", REGISTERED: "Registered: credits with the community's VAT rate", REVERSE_CHARGE: "Reverse charge: credits without VAT (AE)" };

export interface VatValues {
  memberType: MemberType;
  vatId: string | null;
  vatStatus: VatStatus;
}

export function MemberVatFields({ value, onChange, error }: { value: VatValues; onChange: (patch: Partial<VatValues>) => void; error: (field: string) => string | undefined }) {
  const capable = VAT_CAPABLE.has(value.memberType);
  return (
    <fieldset className="grid gap-4 rounded-md border border-slate-200 p-4 sm:grid-cols-3">
      <legend className="px-1 text-sm font-medium">Member type and VAT</legend>
      <Select
        label="Member type"
        name="memberType"
        value={value.memberType}
        error={error("memberType")}
        // A private member has no VAT id: switching to private clears it.
        onChange={(e) => {
          const memberType = e.target.value as MemberType;
          onChange(VAT_CAPABLE.has(memberType) ? { memberType } : { memberType, vatId: null, vatStatus: "NOT_REGISTERED" });
        }}
      >
        {Object.entries(memberTypeLabel).map(([v, label]) => (
          <option key={v} value={v}>
            {label}
          </option>
        ))}
      </Select>
      {capable ? (
        <>
          <Field label="VAT id" name="vatId" hint="Country prefix and number, e.g. IT01234567890" value={value.vatId ?? ""} error={error("vatId")} onChange={(e) => onChange({ vatId: e.target.value })} />
          <Select label="VAT status" name="vatStatus" value={value.vatStatus} error={error("vatStatus")} onChange={(e) => onChange({ vatStatus: e.target.value as VatStatus })}>
            {Object.entries(vatStatusLabel).map(([v, label]) => (
              <option key={v} value={v}>
                {label}
              </option>
            ))}
          </Select>
        </>
      ) : null}
    </fieldset>
  );
}
