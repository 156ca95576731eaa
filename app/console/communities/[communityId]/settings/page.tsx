"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button, Card, ErrorBox, Loading, Notice } from "@/app/_components/ui";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { CommunityForm } from "../../community-form";
import { useCommunity } from "../community-context";
import { JoinSettings } from "./join-settings";
import { CommunityWitnesses } from "./witnesses";

export default function SettingsPage() {
  const { communityId, community, canConfigure } = useCommunity();
  const t = useTranslations("console.settings");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const update = useMutation(trpc.community.update.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }));
  if (!community) return <Loading />;
  if (!canConfigure) return <ErrorBox message={t("onlyAdmin")} />;
  return (
    <div className="space-y-6">
      <Card title={t("title")}>
        {update.isSuccess ? <Notice>{t("saved")}</Notice> : null}
        <CommunityForm
          initial={{ name: community.name, slug: community.slug, timeZone: community.timeZone, intervalMinutes: community.intervalMinutes as 15 | 30 | 60, rule: community.rule, priceEurPerKWh: community.priceEurPerKWh, privacyThreshold: community.privacyThreshold, vatChargesPercent: community.vatChargesPercent, vatCreditsPercent: community.vatCreditsPercent, paymentTermsDays: community.paymentTermsDays, billingOrgId: community.billingOrgId, feeCreditsPercent: community.feeCreditsPercent, feeFixedEur: community.feeFixedEur, co2GramsPerKWh: community.co2GramsPerKWh }}
          sellerChoices={[{ id: community.municipalityId, name: community.municipalityName }, ...community.escos]}
          submitLabel={t("saveSettings")}
          busy={update.isPending}
          error={update.error ? errorDetails(update.error) : null}
          onSubmit={(values) => update.mutate({ communityId, community: values })}
        />
      </Card>
      <JoinSettings communityId={communityId} slug={community.slug} />
      <EscoAssignment communityId={communityId} current={community.escos.map((e) => e.id)} />
      <CommunityWitnesses communityId={communityId} />
    </div>
  );
}

function EscoAssignment({ communityId, current }: { communityId: string; current: string[] }) {
  const t = useTranslations("console.settings");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const choices = useQuery(trpc.community.escoChoices.queryOptions({ communityId }));
  const [selected, setSelected] = useState<string[]>(current);
  const save = useMutation(trpc.community.setEscos.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }));
  return (
    <Card title={t("escosTitle")}>
      {choices.data ? (
        choices.data.length === 0 ? (
          <p className="text-sm">{t("noEscos")}</p>
        ) : (
          <form
            className="space-y-3"
            onSubmit={(e) => {
              e.preventDefault();
              save.mutate({ communityId, escoIds: selected });
            }}
          >
            <p className="text-sm text-slate-700">{t("escoNote")}</p>
            {choices.data.map((e) => (
              <label key={e.id} className="flex items-center gap-2 text-sm">
                <input type="checkbox" checked={selected.includes(e.id)} onChange={(ev) => setSelected(ev.target.checked ? [...selected, e.id] : selected.filter((id) => id !== e.id))} />
                {e.name}
              </label>
            ))}
            {save.error ? <ErrorBox {...errorDetails(save.error)} /> : null}
            {save.isSuccess ? <Notice>{t("saved")}</Notice> : null}
            <Button type="submit" busy={save.isPending}>
              {t("save")}
            </Button>
          </form>
        )
      ) : (
        <Loading />
      )}
    </Card>
  );
}
