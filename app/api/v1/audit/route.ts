// GET /api/v1/audit - the audit log of every write, newest first (admin)
import { route } from "@/lib/api/route";
import { ZAuditQuery } from "@/lib/api/schemas/auth";
import { findAudit } from "@/lib/audit/find-audit";
import { getDb } from "@/lib/db/client";
import { otherMethods } from "@/lib/api/other-methods";

export const dynamic = "force-dynamic";

export const GET = route({ access: "admin", query: ZAuditQuery }, async ({ query }) => findAudit(getDb().prisma, query));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
