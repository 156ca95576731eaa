"use client";
// The console home's "Needs attention": per community, what is waiting and a link to where it is
// done (server/console/attention.ts decides what the caller may act on).
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ErrorBox, Loading } from "@/app/_components/ui";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";

export function NeedsAttention() {
  const trpc = useTRPC();
  const attention = useQuery(trpc.community.attention.queryOptions());
  if (attention.error) return <ErrorBox {...errorDetails(attention.error)} />;
  if (!attention.data) return <Loading what="Checking what needs attention" />;
  const waiting = attention.data.filter((c) => c.items.length);
  return (
    <section aria-labelledby="attention-heading" data-testid="needs-attention">
      <h2 id="attention-heading" className="mb-3 text-lg font-semibold">
        Needs attention
      </h2>
      {waiting.length === 0 ? (
        <p className="text-sm text-slate-700">Nothing is waiting in your communities.</p>
      ) : (
        <ul className="space-y-4">
          {waiting.map((c) => (
            <li key={c.communityId} className="rounded-lg border border-amber-300 bg-amber-50 p-4">
              <h3 className="font-semibold">
                {/* Plain text: each item below links to where it is done, and the community's card below links to it. */}
                {c.name}
                {c.via === "esco" ? <span className="font-normal text-slate-700"> · served by your ESCO</span> : null}
              </h3>
              <ul className="mt-2 space-y-1 text-sm">
                {c.items.map((i, n) => (
                  <li key={`${i.kind}-${n}`} className="break-words">
                    <Link href={i.href}>{i.text}</Link>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
