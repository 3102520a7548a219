// GET /api/v1/session - who is signed in, and the CSRF token for cookie-authenticated writes
// POST /api/v1/session - sign in with a token (sets the httpOnly session cookie)
// DELETE /api/v1/session - sign out
import { json, route } from "@/lib/api/route";
import { ZSessionCreate } from "@/lib/api/schemas/auth";
import { sessionView, signIn, signOut } from "@/lib/auth/sessions";
import { clientAddress } from "@/lib/auth/client-address";
import { getDb } from "@/lib/db/client";
import { otherMethods } from "@/lib/api/other-methods";

export const dynamic = "force-dynamic";

export const GET = route({ access: "optional" }, async ({ actor }) => json(await sessionView(getDb().prisma, actor), 200, { "cache-control": "no-store" }));

export const POST = route({ access: "public", body: ZSessionCreate }, async ({ body, req }) => {
  const secure = new URL(req.url).protocol === "https:" || req.headers.get("x-forwarded-proto") === "https";
  const { view, cookie } = await signIn(getDb().prisma, body.token, clientAddress(req), secure);
  return json(view, 200, { "set-cookie": cookie, "cache-control": "no-store" });
});

export const DELETE = route({ access: "optional" }, async ({ actor }) => {
  const cookie = await signOut(getDb().prisma, actor);
  return new Response(null, { status: 204, headers: { "set-cookie": cookie } });
});

export const { PUT, PATCH, OPTIONS } = otherMethods("GET", "POST", "DELETE");
