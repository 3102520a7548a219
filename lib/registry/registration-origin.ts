// Where a registration came from, as the caller says in X-Signpost-Origin (form, cli); REST
// calls default to "rest". Annotation-driven registrations are made by the worker itself.

/** The origin recorded with a registration. */
export function registrationOrigin(req: Request): "rest" | "form" | "cli" {
  const v = req.headers.get("x-signpost-origin")?.toLowerCase();
  return v === "form" || v === "cli" ? v : "rest";
}
