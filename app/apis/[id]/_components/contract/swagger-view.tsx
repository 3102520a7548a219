"use client";
// The operations of a contract, rendered by Swagger UI (swagger-ui-react, loaded in the browser
// only: it renders style attributes, which the page's Content-Security-Policy allows only when
// set from script, never in server-rendered markup). The document's servers are replaced by the
// API's proxy URL, so "Try it out" and the examples show the address callers use.
import SwaggerUI from "swagger-ui-react";
import "swagger-ui-react/swagger-ui.css";

export default function SwaggerView({ spec }: { spec: Record<string, unknown> }) {
  return (
    <div className="swagger-host rounded border border-slate-200 bg-white text-slate-900 dark:border-slate-800" data-testid="contract-operations">
      <SwaggerUI spec={spec} docExpansion="list" defaultModelsExpandDepth={0} tryItOutEnabled={false} supportedSubmitMethods={[]} />
    </div>
  );
}
