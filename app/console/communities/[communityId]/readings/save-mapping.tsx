"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button, ErrorBox, Field, Notice } from "@/app/_components/ui";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";

/** Saves a CSV mapping (JSON, see server/metering/README.md) under a name, for this community's next files. */
export function SaveMapping({ communityId }: { communityId: string }) {
  const t = useTranslations("console.readings");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [text, setText] = useState("");
  const [jsonError, setJsonError] = useState<string | null>(null);
  const save = useMutation(trpc.readingImport.saveMapping.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.readingImport.mappings.queryKey({ communityId }) }) }));
  return (
    <form
      className="mt-4 space-y-2 border-t border-slate-200 pt-3"
      onSubmit={(e) => {
        e.preventDefault();
        let mapping: unknown;
        try {
          mapping = JSON.parse(text);
        } catch (err) {
          setJsonError(t("notJson", { error: (err as Error).message }));
          return;
        }
        setJsonError(null);
        save.mutate({ communityId, name, mapping });
      }}
    >
      <p className="font-medium">{t("saveMappingHeading")}</p>
      <div className="grid gap-3 sm:grid-cols-[1fr_2fr]">
        <Field label={t("mappingName")} value={name} onChange={(e) => setName(e.target.value)} />
        <div className="flex flex-col gap-1">
          <label htmlFor={`${communityId}-mapping`} className="text-sm font-medium">
            {t("mappingJson")}
          </label>
          <textarea
            id={`${communityId}-mapping`}
            rows={4}
            className="rounded-md border border-slate-400 bg-white px-3 py-2 font-mono text-xs"
            placeholder='{"delimiter": ";", "decimalMark": ",", "unit": "kWh", "intervalSeconds": 900, "timeZone": "Europe/Vienna", "layout": {"kind": "long", "meteringPoint": "Zählpunkt", "timestamp": "Datum", "energy": "Wert"}}'
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
      </div>
      {jsonError ? <ErrorBox message={jsonError} /> : null}
      {save.error ? <ErrorBox {...errorDetails(save.error)} /> : null}
      {save.isSuccess ? <Notice>{t("savedAs", { name: save.data.name })}</Notice> : null}
      <Button type="submit" variant="secondary" busy={save.isPending}>
        {t("saveMapping")}
      </Button>
    </form>
  );
}

