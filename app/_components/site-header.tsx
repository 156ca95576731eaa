"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { authClient } from "@/app/_lib/auth-client";
import { useTRPC } from "@/app/_lib/trpc";

export function SiteHeader() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const session = authClient.useSession();
  const signedIn = !!session.data?.user;
  const who = useQuery({ ...trpc.me.whoami.queryOptions(), enabled: signedIn });

  async function signOut() {
    await authClient.signOut();
    queryClient.clear();
    router.push("/");
    router.refresh();
  }

  return (
    <header className="border-b border-slate-200 bg-white">
      <nav aria-label="Main" className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
        <Link href="/" className="text-lg font-semibold text-slate-900 no-underline">
          <span aria-hidden className="mr-1 text-sun">☀</span>Dajie
        </Link>
        <div className="flex flex-1 flex-wrap items-center gap-x-5 gap-y-2 text-sm">
          {who.data?.organizations.length ? <Link href="/console" className="no-underline hover:underline">Console</Link> : null}
          {who.data?.residentOf ? <Link href="/me" className="no-underline hover:underline">My energy</Link> : null}
          {who.data?.platformAdmin ? <Link href="/console/admin" className="no-underline hover:underline">Organizations</Link> : null}
        </div>
        {signedIn ? (
          <div className="flex items-center gap-3 text-sm">
            <span className="text-slate-600" data-testid="signed-in-as">
              {session.data?.user.email}
            </span>
            <button onClick={signOut} className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100">
              Sign out
            </button>
          </div>
        ) : session.isPending ? null : (
          <Link href="/sign-in" className="text-sm">
            Sign in
          </Link>
        )}
      </nav>
    </header>
  );
}
