// The API reference: every endpoint of the OpenAPI document, with its parameters and a curl example.
// Public: it documents the API, it exposes no data.
import { apiReference } from "@/server/api/rest/openapi";
import { env } from "@/server/env";

export const dynamic = "force-dynamic";
export const metadata = { title: "API reference · Dajie" };

export default function ApiReference() {
  const base = env().APP_URL;
  const { description, endpoints: entries } = apiReference(base);
  return (
    <div className="max-w-3xl space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">API reference</h1>
      <p className="text-slate-700">{description}</p>
      <p>
        Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3).
      </p>
      {entries.map(({ path, method, op }) => (
        <section key={`${method} ${path}`} className="space-y-2 rounded-lg border border-slate-200 bg-white p-4" aria-labelledby={`${method}-${path}`}>
          <h2 id={`${method}-${path}`} className="font-mono text-sm font-semibold">
            {method} /api{path}
          </h2>
          {op.summary ? <p className="text-sm text-slate-700">{op.summary}</p> : null}
          {op.parameters?.length ? (
            <ul className="list-disc pl-5 text-sm">
              {op.parameters.map((p) => (
                <li key={`${p.in}-${p.name}`}>
                  <code>{p.name}</code> ({p.in}
                  {p.required ? ", required" : ""}){p.schema?.enum ? `: ${p.schema.enum.join(" | ")}` : ""}
                </li>
              ))}
            </ul>
          ) : null}
          <pre className="overflow-x-auto rounded bg-slate-900 p-3 text-xs text-slate-100">
            {`curl -H "Authorization: Bearer $DAJIE_TOKEN" ${method === "POST" ? (path.endsWith("/imports") ? "--data-binary @readings.csv " : `-H "Content-Type: application/json" -d '{}' `) : ""}"${base}/api${path.replace("{slug}", "solaria").replace("{runId}", "RUN_ID")}"`}
          </pre>
        </section>
      ))}
    </div>
  );
}
