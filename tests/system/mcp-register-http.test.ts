// Registration through MCP over HTTP against a real `signpost start`: a viewer or an anonymous
// caller cannot register (a tool error, audited), dry runs return the plan and change nothing, an
// editor registers (in the catalog and the audit log as made through MCP) and deregisters, a
// team-scoped editor only its teams' APIs, and a gateway that is down ("down", at a closed port)
// is a tool error naming it.
import { describe, expect, it } from "vitest";
import { admin, call, errorText, ok, mcpSuite } from "../helpers/mcp-http";

const mcp = mcpSuite({ downGateway: true });
const { connect, audit } = mcp;

describe("registration through MCP", () => {
  const registration = { name: "mcp-demo", team: "shop", gateway: "sandbox", upstream: { url: "http://mcp-demo.internal:8080" }, route: { paths: ["/mcp-demo"] } };

  it("is refused to a viewer and to anonymous callers with a tool error, and audited", async () => {
    const viewer = await connect(mcp.tokens.viewer);
    for (const tool of ["register_api", "deregister_api"]) {
      const args = tool === "register_api" ? { registration } : { api: "usermgr" };
      expect(errorText(await call(viewer, tool, args))).toBe(`forbidden: ${tool} needs the editor or admin role; token:mcp-viewer is a viewer`);
      expect(errorText(await call(viewer, tool, { ...args, dryRun: true }))).toMatch(/^forbidden: /);
    }
    const anonymous = await connect();
    expect(errorText(await call(anonymous, "register_api", { registration }))).toMatch(/^unauthorized: register_api needs a bearer token/);
    expect((await mcp.server.request("/api/v1/resolve/mcp-demo")).status).toBe(404);
    const refused = (await audit("action=mcp.tool_call&actor=token:mcp-viewer")).filter((e) => e.target === "tool:register_api");
    expect(refused.length).toBeGreaterThanOrEqual(2);
    expect(refused[0].after).toMatchObject({ via: "mcp", tool: "register_api", ok: false, arguments: { registration: { name: "mcp-demo" } } });
    expect((await audit("action=mcp.tool_call&actor=anonymous")).some((e) => e.target === "tool:register_api")).toBe(true);
  });

  it("dry runs return the plan (and the manifest through the gateway's cluster) and change nothing", async () => {
    const editor = await connect(mcp.tokens.editor);
    const plan = ok<{ dryRun: boolean; valid: boolean; proxyUrls: string[]; registerVia: { via: string }; manifest: { yaml: string } | null }>(
      await call(editor, "register_api", { registration: { ...registration, upstream: { service: { cluster: "sandbox", namespace: "shop", name: "ordermgr", port: 80 } }, team: "commerce" }, dryRun: true }),
    );
    expect(plan).toMatchObject({ dryRun: true, valid: true, proxyUrls: ["http://localhost:8000/mcp-demo"], registerVia: { via: "admin-api" } });
    expect(plan.manifest!.yaml).toMatch(/kind: Ingress/);
    expect(plan.manifest!.yaml).toMatch(/name: mcp-demo/);
    const taken = ok<{ valid: boolean; conflicts: { kind: string; message: string }[] }>(
      await call(editor, "register_api", { registration: { ...registration, route: { paths: ["/users"] }, upstream: { url: "http://x.internal" } }, dryRun: true }),
    );
    expect(taken.valid).toBe(false);
    expect(taken.conflicts[0]).toMatchObject({ kind: "route" });
    expect((await mcp.server.request("/api/v1/resolve/mcp-demo")).status).toBe(404);
  });

  it("an editor registers: in the catalog and in the audit log as made through MCP; then deregisters", async () => {
    const editor = await connect(mcp.tokens.editor);
    const done = ok<{ created: boolean; api: { id: string; name: string; proxyUrl: string; registeredBy: string }; pageUrl: string }>(await call(editor, "register_api", { registration }));
    expect(done).toMatchObject({ created: true, api: { name: "mcp-demo", proxyUrl: "http://localhost:8000/mcp-demo", registeredBy: "token:mcp-editor" } });

    const listed = (await mcp.server.request("/api/v1/apis?q=mcp-demo")).json<{ data: { id: string; registeredBy: string; managedBy: string }[] }>().data;
    expect(listed).toEqual([expect.objectContaining({ id: done.api.id, registeredBy: "token:mcp-editor", managedBy: "signpost" })]);
    const regs = (await mcp.server.request("/api/v1/registrations?origin=mcp")).json<{ data: { name: string; origin: string; registeredBy: string }[] }>().data;
    expect(regs).toEqual([expect.objectContaining({ name: "mcp-demo", origin: "mcp", registeredBy: "token:mcp-editor" })]);
    const registered = (await audit("action=api.register&actor=token:mcp-editor")).filter((e) => e.target === "api:mcp-demo@sandbox");
    expect(registered).toHaveLength(1);
    expect(registered[0].after).toMatchObject({ origin: "mcp", name: "mcp-demo" });
    const calls = (await audit("action=mcp.tool_call&actor=token:mcp-editor")).filter((e) => e.target === "tool:register_api" && e.after.ok === true);
    expect(calls.map((e) => (e.after.arguments as { dryRun?: boolean }).dryRun ?? false)).toContain(false);
    // the gateway routes it
    const get = ok<{ api: { exposures: { mode: string }[] }; registrations: { origin: string }[] }>(await call(editor, "get_api", { api: "mcp-demo" }));
    expect(get.registrations).toEqual([expect.objectContaining({ origin: "mcp" })]);
    expect(get.api.exposures.map((e) => e.mode)).toContain("Gateway");

    const plan = ok<{ allowed: boolean; removes: { gateway: string; origin: string }[] }>(await call(editor, "deregister_api", { api: "mcp-demo", dryRun: true }));
    expect(plan).toMatchObject({ allowed: true, removes: [{ gateway: "sandbox", origin: "mcp" }] });
    expect((await mcp.server.request("/api/v1/resolve/mcp-demo")).status).toBe(200);
    expect(errorText(await call(editor, "deregister_api", { api: "usermgr" }))).toMatch(/^conflict: API usermgr was not registered by Signpost/);
    expect(ok(await call(editor, "deregister_api", { api: "mcp-demo" }))).toMatchObject({ deregistered: { name: "mcp-demo" }, gateways: ["sandbox"] });
    // at once: the resolve cache catches up with every commit before it answers
    expect((await mcp.server.request("/api/v1/resolve/mcp-demo")).status).toBe(404);
    expect((await audit("action=api.deregister&actor=token:mcp-editor")).map((e) => e.target)).toContain("api:mcp-demo@sandbox");
  });

  it("a team-scoped editor registers its teams' APIs only (refusal audited as REST audits it)", async () => {
    const created = await mcp.server.request("/api/v1/tokens", { method: "POST", headers: admin, body: { name: "mcp-shop", role: "editor", teams: ["shop"] } });
    expect(created.status, created.text).toBe(201);
    const shop = await connect(created.json<{ token: string }>().token);
    const other = { ...registration, name: "mcp-pay", team: "payments", route: { paths: ["/mcp-pay"] } };
    expect(errorText(await call(shop, "register_api", { registration: other }))).toBe("forbidden: token:mcp-shop may register APIs of team shop only, not of team payments");
    const plan = ok<{ valid: boolean; issues: { message: string }[] }>(await call(shop, "register_api", { registration: other, dryRun: true }));
    expect(plan.valid).toBe(false);
    expect(plan.issues.map((i) => i.message)).toContain("token:mcp-shop may register APIs of team shop only, not of team payments");
    expect((await audit("action=api.register.refused&actor=token:mcp-shop")).map((e) => e.target)).toEqual(["api:mcp-pay@sandbox"]);
    // usermgr belongs to team identity
    expect(errorText(await call(shop, "deregister_api", { api: "usermgr" }))).toMatch(/^forbidden: token:mcp-shop may deregister APIs of team shop only/);
    expect((await mcp.server.request("/api/v1/resolve/mcp-pay")).status).toBe(404);
  });

  it("a gateway that is down is a tool error naming it", async () => {
    const editor = await connect(mcp.tokens.editor);
    const text = errorText(await call(editor, "register_api", { registration: { ...registration, name: "mcp-down", gateway: "down", route: { paths: ["/mcp-down"] } } }));
    expect(text).toMatch(/^upstream_unavailable: /);
    expect(text).toMatch(/"down"/);
  });
});
