import { redirect } from "next/navigation";
import { requireUser } from "@/server/auth/server-session";
import { landingPathFor } from "@/server/access/landing";

export const dynamic = "force-dynamic";

/** Where a user goes after signing in: the console, their own page, or the platform admin page. */
export default async function HomeRedirect() {
  const user = await requireUser("/home");
  const path = await landingPathFor(user.id);
  if (path) redirect(path);
  return (
    <div className="max-w-xl">
      <h1 className="text-2xl font-semibold">Your account has no access yet</h1>
      <p className="mt-3 text-slate-700">Ask your municipality or energy service company for an invitation to a community or organization.</p>
    </div>
  );
}
