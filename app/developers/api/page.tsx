// The API reference: every endpoint of the OpenAPI document with its parameters, request body, answers
// (examples and error codes) and a curl call. Rendered on the server from the document itself, with
// marked for the descriptions' markdown — no client renderer (see docs/api-reference.md for why).
// Public: it documents the API, it exposes no data.
import { apiReference, type ReferenceParameter } from "@/server/api/rest/api-reference";
import { env } from "@/server/env";
import { markdownBlock, markdownInline } from "./markdown";

export const dynamic = "force-dynamic";
export const metadata = { title: "API reference · Dajie" };

// Markdown comes out as plain HTML elements; these give them the house style.
const PROSE = "[&_a]:underline [&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 [&_code]:text-[0.9em] [&_code]:break-words [&_li]:mt-1 [&_ol]:list-decimal [&_ol]:pl-5 [&_p+p]:mt-2 [&_ul]:list-disc [&_ul]:pl-5";

function Markdown({ text, inline = false, className = "" }: { text: string; inline?: boolean; className?: string }) {
  if (!text) return null;
  return inline ? <span className={`${PROSE} ${className}`} dangerouslySetInnerHTML={{ __html: markdownInline(text) }} /> : <div className={`${PROSE} ${className}`} dangerouslySetInnerHTML={{ __html: markdownBlock(text) }} />;
}

/** A block of code that keeps its lines: wide lines scroll inside a region a keyboard can reach. */
function CodeExample({ label, text }: { label: string; text: string }) {
  return (
    <div tabIndex={0} role="region" aria-label={label} className="overflow-x-auto rounded-md bg-slate-900 focus:outline-2 focus:outline-offset-2 focus:outline-blue-700">
      <pre className="p-3 text-xs leading-relaxed text-slate-100">{text}</pre>
    </div>
  );
}

function parameterFacts(p: ReferenceParameter): string {
  const s = p.schema ?? {};
  const type = [Array.isArray(s.type) ? s.type.join(" or ") : s.type, s.format].filter(Boolean).join(", ");
  return [
    p.in,
    p.required ? "required" : "optional",
    type,
    s.enum ? `one of ${s.enum.join(", ")}` : "",
    s.default !== undefined ? `default ${String(s.default)}` : "",
    s.maxLength !== undefined ? `at most ${s.maxLength} characters` : "",
    p.explode ? "repeatable" : "",
  ]
    .filter(Boolean)
    .join(" · ");
}

export default function ApiReference() {
  const base = env().APP_URL;
  const ref = apiReference(base);
  return (
    <div className="min-w-0 max-w-3xl space-y-8">
      <div className="space-y-3">
        <h1 className="text-2xl font-semibold tracking-tight">API reference</h1>
        <Markdown text={ref.description} className="text-slate-700" />
        <p>
          Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).
        </p>
      </div>

      <nav aria-labelledby="endpoints-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="endpoints-heading" className="text-lg font-semibold">
          Endpoints
        </h2>
        <ul className="mt-2 space-y-1 text-sm">
          {ref.endpoints.map((e) => (
            <li key={e.id} className="break-all">
              <a href={`#${e.id}`}>
                <span className="font-mono font-semibold">{e.method}</span> <span className="font-mono">{e.path}</span>
              </a>{" "}
              <span className="break-normal text-slate-600">— {e.summary}</span>
            </li>
          ))}
        </ul>
      </nav>

      {ref.endpoints.map((e) => (
        <section key={e.id} id={e.id} aria-labelledby={`${e.id}-heading`} className="scroll-mt-4 space-y-4 rounded-lg border border-slate-200 bg-white p-4">
          <div>
            <h2 id={`${e.id}-heading`} className="font-mono text-base font-semibold break-all">
              {e.method} {e.path}
            </h2>
            <p className="mt-1 font-medium text-slate-800">{e.summary}</p>
            <Markdown text={e.description} className="mt-2 text-sm text-slate-700" />
          </div>

          {e.parameters.length ? (
            <div>
              <h3 className="font-semibold">Parameters</h3>
              <ul className="mt-2 divide-y divide-slate-100 text-sm">
                {e.parameters.map((p) => (
                  <li key={`${p.in}-${p.name}`} className="py-2">
                    <code className="font-semibold break-all">{p.name}</code> <span className="text-slate-600">{parameterFacts(p)}</span>
                    {p.description ? <Markdown text={p.description} className="mt-1 block text-slate-700" inline /> : null}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}

          {e.requestBody ? (
            <div>
              <h3 className="font-semibold">Request body</h3>
              <p className="mt-1 text-sm text-slate-700">
                {e.requestBody.description ? <Markdown text={e.requestBody.description} inline /> : null} ({e.requestBody.contentTypes.join(", ")})
              </p>
            </div>
          ) : null}

          {e.curl.map((c, i) => (
            <div key={i}>
              <h3 className="font-semibold">Example request</h3>
              {/* Wraps instead of scrolling: the whole command stays readable on a phone. */}
              <pre className="mt-2 whitespace-pre-wrap break-all rounded-md bg-slate-900 p-3 text-xs leading-relaxed text-slate-100">{c}</pre>
            </div>
          ))}

          <div>
            <h3 className="font-semibold">Answers</h3>
            <ul className="mt-2 space-y-2 text-sm">
              {e.responses.map((r) => {
                const ok = r.status.startsWith("2");
                const body = (
                  <div className="mt-2 space-y-2">
                    {r.headers.length ? (
                      <p className="text-slate-700">
                        Headers: {r.headers.map((h, i) => (
                          <span key={h}>
                            {i ? ", " : ""}
                            <code className="rounded bg-slate-100 px-1">{h}</code>
                          </span>
                        ))}
                      </p>
                    ) : null}
                    {r.examples.map((x) => (
                      <CodeExample key={x.contentType} label={`Example ${r.status} answer of ${e.method} ${e.path} (${x.contentType})`} text={x.text} />
                    ))}
                  </div>
                );
                return (
                  <li key={r.status} className="rounded-md border border-slate-200 p-3">
                    {ok ? (
                      <>
                        <p>
                          <span className="font-mono font-semibold text-green-800">{r.status}</span> <Markdown text={r.description} inline className="text-slate-700" />
                        </p>
                        {body}
                      </>
                    ) : (
                      <details>
                        <summary className="cursor-pointer">
                          <span className="font-mono font-semibold text-red-800">{r.status}</span> <Markdown text={r.description} inline className="text-slate-700" />
                        </summary>
                        {body}
                      </details>
                    )}
                  </li>
                );
              })}
            </ul>
          </div>
        </section>
      ))}

      <section aria-labelledby="error-body-heading" className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="error-body-heading" className="text-lg font-semibold">
          The error body
        </h2>
        <p className="text-sm text-slate-700">Every error answer, whatever its status, has this JSON schema:</p>
        <CodeExample label="The JSON schema of every error answer" text={JSON.stringify(ref.errorSchema, null, 2)} />
      </section>
    </div>
  );
}
