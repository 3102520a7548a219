// Any method on an /api path no route serves - the JSON 404 error body (not Next's HTML page)
import { route } from "@/lib/api/route";
import { ApiError } from "@/lib/api/errors";

export const dynamic = "force-dynamic";

const notFound = route({ access: "public" }, async ({ req }) => {
  throw new ApiError("not_found", `no endpoint ${req.method} ${new URL(req.url).pathname}; the API reference is at /docs/api`);
});

export { notFound as GET, notFound as HEAD, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE, notFound as OPTIONS };
