// The answer to HTTP methods a route does not serve: the JSON 405 error body with an Allow
// header (Next.js alone answers an empty 405), and OPTIONS with the same Allow header. A route
// file exports the handlers for the methods it lacks:
//   export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
import { ApiError } from "./errors";
import { route } from "./route";

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
type Method = (typeof METHODS)[number];
type Handler = (req: Request) => Promise<Response>;

/** Handlers answering 405 (OPTIONS: 204) with Allow: the `served` methods, HEAD with GET, and OPTIONS. */
export function otherMethods(...served: Exclude<Method, "HEAD" | "OPTIONS">[]): Record<Method, Handler> {
  const allowed = METHODS.filter((m) => served.includes(m as never) || (m === "HEAD" && served.includes("GET")) || m === "OPTIONS");
  const allow = allowed.join(", ");
  const refuse = route({ access: "public" }, async ({ req }) => {
    throw new ApiError("method_not_allowed", `${req.method} is not supported on ${new URL(req.url).pathname}; it supports ${allow}`, undefined, { allow });
  });
  const options = route({ access: "public" }, async () => new Response(null, { status: 204, headers: { allow } }));
  return Object.fromEntries(METHODS.map((m) => [m, m === "OPTIONS" ? options : refuse])) as Record<Method, Handler>;
}
