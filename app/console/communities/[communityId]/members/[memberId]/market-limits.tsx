"use client";
// A member's market limits (market rule, docs/market.md), for admins: every version by side and
// validity date with its daily time bands, a form to set a version (replacing that side and date), and
// removal. For members without an account, or on their behalf; every change is audited.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button, ErrorBox, Field, Loading, Select } from "@/app/_components/ui";
import { formatDate } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";

type Band = { from: string; to: string; priceEurPerKWh: string };

export function MemberMarketLimits({ communityId, memberId, canManage, retail, feedIn }: { communityId: string; memberId: string; canManage: boolean; retail: string; feedIn: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const key = trpc.market.limits.queryKey({ communityId, memberId });
  const limits = useQuery(trpc.market.limits.queryOptions({ communityId, memberId }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: key });
  const set = useMutation(trpc.market.setLimits.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.market.deleteLimits.mutationOptions({ onSuccess: refresh }));
  const [side, setSide] = useState<"BUY" | "SELL">("BUY");
  const [validFrom, setValidFrom] = useState(new Date().toISOString().slice(0, 10));
  const [bands, setBands] = useState<Band[]>([{ from: "00:00", to: "24:00", priceEurPerKWh: "" }]);

  if (limits.error) return <ErrorBox {...errorDetails(limits.error)} />;
  if (!limits.data) return <Loading what="Loading the limits" />;

  function submit(e: FormEvent) {
    e.preventDefault();
    set.mutate({ communityId, memberId, side, validFrom, bands });
  }
  const problems = set.error ? (errorDetails(set.error).problems ?? []) : [];
  const bandError = (k: number) => problems.find((p) => p.where === `bands[${k}].priceEurPerKWh`)?.message;

  return (
    <div className="space-y-4 text-sm">
      <p className="text-slate-700">
        A buyer pays at most its limit, a seller gets at least its own; limits lie between the feed-in tariff ({feedIn} €/kWh) and the retail tariff ({retail} €/kWh). Without a limit, a buyer bids the retail
        tariff and a seller asks the feed-in tariff. Outside every time band the member has no limit.
      </p>
      {limits.data.length === 0 ? (
        <p>No limits: this member trades at the tariffs.</p>
      ) : (
        <ul className="space-y-2" data-testid="member-limits">
          {limits.data.map((v) => (
            <li key={`${v.side}${v.validFrom}`} className="flex flex-wrap items-center justify-between gap-2 rounded-md border border-slate-200 p-3">
              <span>
                <strong>{v.side === "BUY" ? "Buys" : "Sells"}</strong> from {formatDate(v.validFrom)}: {v.bands.map((b) => `${b.from}–${b.to} at ${Number(b.priceEurPerKWh)} €/kWh`).join(", ")}
              </span>
              {canManage ? (
                <Button variant="secondary" busy={remove.isPending} onClick={() => remove.mutate({ communityId, memberId, side: v.side, validFrom: v.validFrom })}>
                  Remove
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {remove.error ? <ErrorBox {...errorDetails(remove.error)} /> : null}
      {canManage ? (
        <form className="space-y-3 rounded-md border border-slate-200 p-4" onSubmit={submit} aria-label="Set limits">
          <div className="grid gap-3 sm:grid-cols-2">
            <Select label="Side" name="side" value={side} onChange={(e) => setSide(e.target.value as "BUY" | "SELL")}>
              <option value="BUY">Buying: the most the member pays</option>
              <option value="SELL">Selling: the least the member accepts</option>
            </Select>
            <Field label="Valid from" name="validFrom" type="date" value={validFrom} onChange={(e) => setValidFrom(e.target.value)} />
          </div>
          {bands.map((b, k) => (
            <fieldset key={k} className="grid gap-3 sm:grid-cols-[1fr_1fr_1fr_auto] sm:items-end">
              <legend className="sr-only">Time band {k + 1}</legend>
              <Field label={`Band ${k + 1} from (HH:MM)`} value={b.from} onChange={(e) => setBands(bands.map((x, j) => (j === k ? { ...x, from: e.target.value } : x)))} />
              <Field label="to (HH:MM, 24:00 = midnight)" value={b.to} onChange={(e) => setBands(bands.map((x, j) => (j === k ? { ...x, to: e.target.value } : x)))} />
              <Field label="Price (€/kWh)" inputMode="decimal" value={b.priceEurPerKWh} error={bandError(k)} onChange={(e) => setBands(bands.map((x, j) => (j === k ? { ...x, priceEurPerKWh: e.target.value } : x)))} />
              {bands.length > 1 ? (
                <Button variant="secondary" type="button" onClick={() => setBands(bands.filter((_, j) => j !== k))}>
                  Remove band
                </Button>
              ) : (
                <span />
              )}
            </fieldset>
          ))}
          <div className="flex flex-wrap gap-3">
            {bands.length < 4 ? (
              <Button variant="secondary" type="button" onClick={() => setBands([...bands, { from: "", to: "", priceEurPerKWh: "" }])}>
                Add a time band
              </Button>
            ) : null}
            <Button type="submit" busy={set.isPending}>
              Save limits
            </Button>
          </div>
          {set.error ? <ErrorBox {...errorDetails(set.error)} /> : null}
          {set.isSuccess ? <p role="status">Saved; the change is recorded in the audit log.</p> : null}
        </form>
      ) : null}
    </div>
  );
}
