import Link from "next/link";

export default function CommunityNotFound() {
  return (
    <div className="max-w-xl space-y-4">
      <h1 className="text-2xl font-semibold">No community at this address</h1>
      <p className="text-slate-700">There is no energy community with this public address. Check the link you were given, or ask the community&apos;s town hall for its public page.</p>
      <p>
        <Link href="/">Back to the start page</Link>
      </p>
    </div>
  );
}
