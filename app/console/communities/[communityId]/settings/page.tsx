"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button, Card, ErrorBox, Loading, Notice } from "@/app/_components/ui";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { CommunityForm } from "../../community-form";
import { useCommunity } from "../community-context";
import { JoinSettings } from "./join-settings";
import { CommunityWitnesses } from "./witnesses";

export default function SettingsPage() {
  const { communityId, community, canConfigure } = useCommunity();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const update = useMutation(trpc.community.update.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }));
  if (!community) return <Loading />;
  if (!canConfigure) return <ErrorBox message="Only an administrator of the municipality can change this community's settings." />;
  return (
    <div className="space-y-6">
      <Card title="Community settings">
        {update.isSuccess ? <Notice>Saved.</Notice> : null}
        <CommunityForm
          initial={{ name: community.name, slug: community.slug, timeZone: community.timeZone, intervalMinutes: community.intervalMinutes as 15 | 30 | 60, rule: community.rule, priceEurPerKWh: community.priceEurPerKWh, privacyThreshold: community.privacyThreshold, vatChargesPercent: community.vatChargesPercent, vatCreditsPercent: community.vatCreditsPercent, paymentTermsDays: community.paymentTermsDays, billingOrgId: community.billingOrgId, feeCreditsPercent: community.feeCreditsPercent, feeFixedEur: community.feeFixedEur, co2GramsPerKWh: community.co2GramsPerKWh }}
          sellerChoices={[{ id: community.municipalityId, name: community.municipalityName }, ...community.escos]}
          submitLabel="Save settings"
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
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const choices = useQuery(trpc.community.escoChoices.queryOptions({ communityId }));
  const [selected, setSelected] = useState<string[]>(current);
  const save = useMutation(trpc.community.setEscos.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }));
  return (
    <Card title="Energy service companies serving this community">
      {choices.data ? (
        choices.data.length === 0 ? (
          <p className="text-sm">No ESCO is registered on this platform yet.</p>
        ) : (
          <form
            className="space-y-3"
            onSubmit={(e) => {
              e.preventDefault();
              save.mutate({ communityId, escoIds: selected });
            }}
          >
            <p className="text-sm text-slate-700">A serving ESCO can read members (without personal data) and metering points, import meter data and run settlement.</p>
            {choices.data.map((e) => (
              <label key={e.id} className="flex items-center gap-2 text-sm">
                <input type="checkbox" checked={selected.includes(e.id)} onChange={(ev) => setSelected(ev.target.checked ? [...selected, e.id] : selected.filter((id) => id !== e.id))} />
                {e.name}
              </label>
            ))}
            {save.error ? <ErrorBox {...errorDetails(save.error)} /> : null}
            {save.isSuccess ? <Notice>Saved.</Notice> : null}
            <Button type="submit" busy={save.isPending}>
              Save
            </Button>
          </form>
        )
      ) : (
        <Loading />
      )}
    </Card>
  );
}
