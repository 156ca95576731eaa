// What the API reference page (app/developers/api) shows of the OpenAPI document, read back through zod
// so the page renders the document itself (and fails loudly if the document loses a part it shows). Pure.
import { z } from "zod";
import { openApiDocument } from "./openapi";

const schemaView = z.object({ type: z.union([z.string(), z.array(z.string())]).optional(), format: z.string().optional(), enum: z.array(z.string()).optional(), default: z.unknown().optional(), example: z.unknown().optional(), maxLength: z.number().optional() }).loose();
const parameter = z.object({
  name: z.string(),
  in: z.string(),
  required: z.boolean().optional(),
  description: z.string().optional(),
  explode: z.boolean().optional(),
  schema: schemaView.optional(),
});
const media = z.object({ schema: z.unknown().optional(), example: z.unknown().optional() });
const response = z.object({ description: z.string(), headers: z.record(z.string(), z.object({ description: z.string().optional() })).optional(), content: z.record(z.string(), media).optional() });
const operation = z.object({
  operationId: z.string().optional(),
  summary: z.string().optional(),
  description: z.string().optional(),
  tags: z.array(z.string()).optional(),
  parameters: z.array(parameter).optional(),
  requestBody: z.object({ description: z.string().optional(), required: z.boolean().optional(), content: z.record(z.string(), media) }).optional(),
  responses: z.record(z.string(), response),
  "x-codeSamples": z.array(z.object({ lang: z.string(), label: z.string(), source: z.string() })).optional(),
});
const document = z.object({
  info: z.object({ title: z.string(), description: z.string() }),
  paths: z.record(z.string(), z.record(z.string(), operation)),
  components: z.object({ schemas: z.record(z.string(), z.unknown()) }),
});

export type ReferenceParameter = z.infer<typeof parameter>;

/** An example as the page prints it: text as it is, anything else as indented JSON. */
const exampleText = (e: unknown) => (typeof e === "string" ? e : JSON.stringify(e, null, 2));

/** Every endpoint with its method, parameters, body, answers with examples and a curl call, for the API reference page. */
export function apiReference(baseUrl: string) {
  const doc = document.parse(JSON.parse(JSON.stringify(openApiDocument(baseUrl))));
  const endpoints = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      id: op.operationId ?? `${method}-${path}`.replace(/[^a-zA-Z0-9]+/g, "-"),
      method: method.toUpperCase(),
      path: `/api${path}`,
      tag: op.tags?.[0] ?? "other",
      summary: op.summary ?? "",
      description: op.description ?? "",
      parameters: op.parameters ?? [],
      requestBody: op.requestBody ? { description: op.requestBody.description ?? "", contentTypes: Object.keys(op.requestBody.content) } : null,
      responses: Object.entries(op.responses)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([status, r]) => ({
          status,
          description: r.description,
          headers: Object.keys(r.headers ?? {}),
          examples: Object.entries(r.content ?? {}).flatMap(([contentType, m]) => (m.example === undefined ? [] : [{ contentType, text: exampleText(m.example) }])),
        })),
      curl: (op["x-codeSamples"] ?? []).filter((s) => s.lang === "curl").map((s) => s.source),
    })),
  );
  return { title: doc.info.title, description: doc.info.description, endpoints, errorSchema: doc.components.schemas.Error };
}
