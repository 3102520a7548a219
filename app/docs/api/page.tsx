// The REST API reference, rendered from the same OpenAPI document /api/v1/openapi.json serves.
import type { Metadata } from "next";
import { buildOpenApi } from "@/lib/api/openapi/build-openapi";

export const metadata: Metadata = { title: "REST API" };

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const METHOD_STYLE: Record<string, string> = {
  get: "bg-sky-100 text-sky-900 dark:bg-sky-900/50 dark:text-sky-100",
  post: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900/50 dark:text-emerald-100",
  put: "bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-100",
  delete: "bg-rose-100 text-rose-900 dark:bg-rose-900/50 dark:text-rose-100",
};

function refName(schema: Json | undefined): string | null {
  const ref = schema?.$ref as string | undefined;
  return ref ? ref.split("/").pop()! : null;
}

export default function ApiDocsPage() {
  const doc = buildOpenApi() as Json;
  const ops: { path: string; method: string; op: Json }[] = [];
  for (const [p, item] of Object.entries(doc.paths as Json)) for (const [method, op] of Object.entries(item as Json)) ops.push({ path: p, method, op: op as Json });
  const tags = [...new Set(ops.map((o) => o.op.tags[0] as string))];
  return (
    <div className="space-y-8">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight">REST API</h1>
        <p className="max-w-3xl text-sm text-slate-700 dark:text-slate-300">{doc.info.description}</p>
        <p className="text-sm">
          Machine-readable: <a className="text-sky-800 underline dark:text-sky-300" href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI {doc.openapi}).
        </p>
      </header>
      {tags.map((tag) => (
        <section key={tag} aria-labelledby={`tag-${tag}`} className="space-y-3">
          <h2 id={`tag-${tag}`} className="text-lg font-semibold">{tag}</h2>
          {ops.filter((o) => o.op.tags[0] === tag).map(({ path: p, method, op }) => (
            <details key={`${method} ${p}`} className="rounded border border-slate-200 p-3 dark:border-slate-800">
              <summary className="flex cursor-pointer list-none flex-wrap items-baseline gap-x-2 gap-y-1">
                <span className={`inline-block w-16 shrink-0 rounded px-1.5 py-0.5 text-center font-mono text-xs font-semibold uppercase ${METHOD_STYLE[method]}`}>{method}</span>
                <code className="min-w-0 break-all font-mono text-sm">{p}</code>
                <span className="text-sm text-slate-700 dark:text-slate-300">{op.summary}</span>
                <span className="text-xs text-slate-600 dark:text-slate-400">({op["x-signpost-access"]})</span>
              </summary>
              <div className="mt-3 space-y-3 text-sm">
                {op.parameters?.length ? (
                  <table className="w-full text-left text-xs">
                    <caption className="sr-only">Parameters of {method.toUpperCase()} {p}</caption>
                    <thead><tr><th scope="col" className="py-1 pr-3">Parameter</th><th scope="col" className="py-1 pr-3">In</th><th scope="col" className="py-1 pr-3">Type</th><th scope="col" className="py-1">Description</th></tr></thead>
                    <tbody>
                      {op.parameters.map((prm: Json) => (
                        <tr key={`${prm.in}-${prm.name}`} className="border-t border-slate-100 dark:border-slate-900">
                          <td className="py-1 pr-3 font-mono">{prm.name}{prm.required ? " *" : ""}</td>
                          <td className="py-1 pr-3">{prm.in}</td>
                          <td className="py-1 pr-3 font-mono">{prm.schema.type ?? (prm.schema.enum ? "enum" : prm.schema.anyOf ? "one of" : "")}{prm.schema.enum ? `: ${prm.schema.enum.join(" | ")}` : ""}</td>
                          <td className="py-1">{prm.description ?? ""}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : null}
                {op.requestBody ? <p>Body: <a className="font-mono text-sky-800 underline dark:text-sky-300" href={`#schema-${refName(op.requestBody.content["application/json"].schema)}`}>{refName(op.requestBody.content["application/json"].schema) ?? "JSON"}</a></p> : null}
                <ul className="space-y-0.5">
                  {Object.entries(op.responses as Json).map(([status, r]) => (
                    <li key={status}>
                      <span className="font-mono">{status}</span> {(r as Json).description}
                      {refName((r as Json).content?.["application/json"]?.schema) ? <> — <a className="font-mono text-sky-800 underline dark:text-sky-300" href={`#schema-${refName((r as Json).content["application/json"].schema)}`}>{refName((r as Json).content["application/json"].schema)}</a></> : null}
                    </li>
                  ))}
                </ul>
              </div>
            </details>
          ))}
        </section>
      ))}
      <section aria-labelledby="schemas" className="space-y-2">
        <h2 id="schemas" className="text-lg font-semibold">Schemas</h2>
        {Object.entries(doc.components.schemas as Json).map(([name, schema]) => (
          <details key={name} id={`schema-${name}`} className="rounded border border-slate-200 p-3 dark:border-slate-800">
            <summary className="cursor-pointer font-mono text-sm">{name}</summary>
            <pre className="mt-2 max-h-96 overflow-auto rounded bg-slate-50 p-2 text-xs dark:bg-slate-900">{JSON.stringify(schema, null, 2)}</pre>
          </details>
        ))}
      </section>
    </div>
  );
}
