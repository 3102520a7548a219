// POST /mcp - the Model Context Protocol endpoint (Streamable HTTP, stateless): catalog tools for
// AI assistants over the same lib functions, credentials and roles as REST (lib/mcp)
// GET, DELETE - 405: no server-initiated stream and no sessions to end
import { handleMcpRequest } from "@/lib/mcp/handle-mcp-request";
import { otherMethods } from "@/lib/api/other-methods";

export const dynamic = "force-dynamic";

export const POST = handleMcpRequest;

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
