"use client";
import { useState } from "react";

/** A one-time link shown to an administrator, with a copy button. */
export function CopyLink({ link, emailed }: { link: string; emailed: boolean }) {
  const [copied, setCopied] = useState(false);
  return (
    <div role="status" className="space-y-2 rounded-md border border-green-300 bg-green-50 p-4 text-sm text-green-900">
      <p className="font-medium">{emailed ? "Invitation e-mailed. You can also pass on this link:" : "Invitation created. Pass on this link (it is shown only once):"}</p>
      <div className="flex flex-wrap items-center gap-2">
        <input readOnly value={link} aria-label="Invitation link" data-testid="invitation-link" className="min-w-0 flex-1 rounded border border-green-400 bg-white px-2 py-1 font-mono text-xs" />
        <button
          type="button"
          className="rounded-md border border-green-600 px-3 py-1 hover:bg-green-100"
          onClick={async () => {
            await navigator.clipboard?.writeText(link).catch(() => {});
            setCopied(true);
          }}
        >
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
      <p className="text-xs">Valid for 7 days, once.</p>
    </div>
  );
}
