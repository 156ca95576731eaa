"use client";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/app/_components/ui";

type State = { kind: "ready" } | { kind: "busy" } | { kind: "done" } | { kind: "failed"; message: "confirmInvalid" | "confirmExpired" | "errorGeneric" };

export function ConfirmButton({ token, community }: { token: string; community: string }) {
  const t = useTranslations("join");
  const [state, setState] = useState<State>({ kind: "ready" });

  async function confirm() {
    setState({ kind: "busy" });
    try {
      const res = await fetch("/api/join/confirm", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token }) });
      if (res.ok) return setState({ kind: "done" });
      setState({ kind: "failed", message: res.status === 409 ? "confirmExpired" : res.status === 404 || res.status === 400 ? "confirmInvalid" : "errorGeneric" });
    } catch {
      setState({ kind: "failed", message: "errorGeneric" });
    }
  }

  if (state.kind === "done") {
    return (
      <div role="status" className="rounded-md border border-green-300 bg-green-50 p-4 text-green-900" data-testid="join-confirmed">
        <p className="font-medium">{t("confirmedTitle")}</p>
        <p className="mt-1">{t("confirmedText", { community })}</p>
      </div>
    );
  }
  return (
    <div className="space-y-4">
      <p className="text-slate-700">{t("confirmText")}</p>
      {state.kind === "failed" ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-900">
          {t(state.message)}
        </p>
      ) : null}
      <Button onClick={confirm} busy={state.kind === "busy"} disabled={state.kind === "failed"}>
        {t("confirmButton")}
      </Button>
    </div>
  );
}
