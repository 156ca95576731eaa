import Link from "next/link";

export default function Home() {
  return (
    <div className="space-y-10">
      <section className="max-w-3xl">
        <h1 className="text-3xl font-semibold tracking-tight sm:text-4xl">Share the sun with your neighbours.</h1>
        <p className="mt-4 text-lg text-slate-700">
          Dajie runs renewable energy communities: households with solar panels and their neighbours share energy, and each member earns
          credits for what they produced and shared. Residents see only their own data; anyone can check the community&apos;s published totals.
        </p>
        <p className="mt-6">
          <Link href="/sign-in" className="inline-flex min-h-10 items-center rounded-md bg-credit px-5 py-2 font-medium text-white no-underline hover:bg-blue-800">
            Sign in
          </Link>
        </p>
      </section>
      <section className="grid gap-4 sm:grid-cols-3" aria-label="Who Dajie is for">
        {[
          ["Municipalities", "Set up communities, add members and their metering points, invite residents."],
          ["Residents", "See your metering points now, and soon your shared energy and credits."],
          ["Energy service companies", "Import meter data, run settlement and export billing for the communities you serve."],
        ].map(([title, text]) => (
          <div key={title} className="rounded-lg border border-slate-200 bg-white p-5">
            <h2 className="font-semibold">{title}</h2>
            <p className="mt-2 text-sm text-slate-700">{text}</p>
          </div>
        ))}
      </section>
    </div>
  );
}
