"use client";
// The header's one interactive piece for a signed-in user (the rest is rendered on the server).
import { useRouter } from "next/navigation";
import { useState } from "react";
import { signOut } from "@/app/_lib/auth-requests";

export function SignOutButton({ label }: { label: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  async function onClick() {
    setBusy(true);
    await signOut().catch(() => undefined);
    // Home, and the whole tree (the header included) rendered again without the session.
    router.push("/");
    router.refresh();
    setBusy(false);
  }
  return (
    <button onClick={onClick} disabled={busy} className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100">
      {label}
    </button>
  );
}
