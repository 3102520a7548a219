// Registering from the form on a DB-less gateway (SIGNPOST_SANDBOX_KONG_MODE=dbless): the form
// says the registration becomes an Ingress (or, with a parent Gateway, an HTTPRoute); submitting
// writes a Signpost-managed object into the sandbox cluster (kubectl sees it), the sandbox
// controller publishes it, the API page shows the gateway address, and a request through the
// sandbox proxy reaches a UserMgr pod. Deregistering from the page removes the object and the route.
import { expect, test, type Page } from "@playwright/test";
import { ApiPage } from "./pages/api-page";
import { RegisterPage } from "./pages/register-page";
import { ADMIN_TOKEN, uniqueId } from "./fixtures/signpost";
import { kubectl } from "./fixtures/kubectl";
import { startDblessServer, type DblessServer } from "./fixtures/dbless-server";
import { send } from "../tests/conformance/kong-proxy-helpers";

// The sandbox cluster serves no GatewayClass: its controller takes Gateways of class "kong".
const GATEWAY_API = `
apiVersion: v1
kind: Namespace
metadata: {name: kong}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: kong, namespace: kong}
spec:
  gatewayClassName: kong
  listeners: [{name: http, protocol: HTTP, port: 80}]
`;

async function registerFromForm(page: Page, server: DblessServer, kind: "Ingress" | "HTTPRoute"): Promise<void> {
  const name = `e2e-${kind.toLowerCase()}-${uniqueId()}`;
  const resource = kind === "Ingress" ? "ingress" : "httproute";
  const managed = async () => (await kubectl(["get", resource, "-A", "-l", "app.kubernetes.io/managed-by=signpost", "-o", "name"], undefined, server.dataDir)).trim();
  const register = new RegisterPage(page);
  // This Signpost is not the config's webServer: absolute URLs.
  await page.goto(`${server.url}/register?service=sandbox/shop/usermgr&port=80`);
  await expect(page.getByRole("heading", { level: 1, name: "Register an API" })).toBeVisible();
  await register.signInHere(ADMIN_TOKEN);
  await expect(page.getByTestId("register-via")).toContainText(`Registered as an ${kind} in the cluster`);
  await register.fill({ name, team: "e2e", path: `/${name}`, methods: ["GET"] });
  await expect(page.getByTestId("preview-status")).toHaveText("Ready to register.");
  await register.submit();
  const api = new ApiPage(page);
  await api.expectLoaded(name);
  const apiUrl = page.url();

  expect(await managed()).toBe(`${kind === "Ingress" ? "ingress.networking.k8s.io" : "httproute.gateway.networking.k8s.io"}/${name}`);
  // published by the sandbox controller: the page shows the gateway address once the worker linked it
  await expect(async () => {
    await page.reload();
    await expect(api.address("Gateway", `${server.proxyUrl}/${name}`)).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 60_000 });
  const hit = await send(server.proxyUrl, `/${name}/hello`);
  expect(hit.status, hit.text).toBe(200);
  expect(hit.json).toMatchObject({ service: "usermgr", namespace: "shop", method: "GET", path: "/hello" });
  expect(String(hit.json!.pod)).toMatch(/^usermgr-/);

  await page.goto(apiUrl);
  await page.getByRole("button", { name: "Deregister" }).click();
  await page.getByRole("button", { name: "Yes, deregister" }).click();
  await expect(page.getByRole("heading", { name: "API catalog" })).toBeVisible();
  expect(await managed()).toBe("");
  await expect(async () => expect((await send(server.proxyUrl, `/${name}/hello`)).status).toBe(404)).toPass({ timeout: 30_000 });
}

test.describe("DB-less gateway, Ingress", () => {
  test.describe.configure({ timeout: 300_000 });
  let server: DblessServer;
  test.beforeAll(async () => {
    test.setTimeout(240_000); // a whole signpost start on a loaded machine
    server = await startDblessServer();
  });
  test.afterAll(async () => server?.stop());

  test("register from the form -> a Signpost-managed Ingress, published, answering through the proxy; deregister removes it", async ({ page }) => {
    await registerFromForm(page, server, "Ingress");
  });
});

test.describe("DB-less gateway with a parent Gateway, HTTPRoute", () => {
  test.describe.configure({ timeout: 300_000 });
  let server: DblessServer;
  test.beforeAll(async () => {
    test.setTimeout(240_000);
    server = await startDblessServer({ SIGNPOST_KONG_PARENT_REF: "kong/kong" });
    await kubectl(["apply", "-f", "-"], GATEWAY_API, server.dataDir);
  });
  test.afterAll(async () => server?.stop());

  test("register from the form -> a Signpost-managed HTTPRoute, published, answering through the proxy; deregister removes it", async ({ page }) => {
    await registerFromForm(page, server, "HTTPRoute");
  });
});
