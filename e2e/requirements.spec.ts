// What a caller must do, and the scorecard, on the page of a registered API: a key-auth plugin
// with a custom key name and a rate limit added on its route in the sandbox gateway (Admin API)
// make the page state the header and the limit, and flip its auth and rate-limit checks. Its
// contract comes with the registration (`spec`): the contract check passes from the start.
import { expect, test } from "@playwright/test";
import { ApiPage } from "./pages/api-page";
import { ADMIN_TOKEN, registerApi, uniqueId } from "./fixtures/signpost";
import { sandboxGatewayAdminUrl } from "./fixtures/sandbox";

test("key-auth and a rate limit on a registered API's route: the page says which header and how fast", async ({ page, request }) => {
  // The gateway is polled every 10 s (SIGNPOST_KONG_POLL_INTERVAL) on a loaded machine.
  test.setTimeout(180_000);
  const name = `req-${uniqueId()}`;
  const registered = await registerApi(request, {
    name,
    team: "qa",
    upstream: { service: { cluster: "sandbox", namespace: "shop", name: "ordermgr", port: 80 } },
    route: { paths: [`/${name}`] },
    spec: { openapi: "3.1.0", info: { title: name, version: "1" }, paths: { "/orders": { get: { operationId: "listOrders", responses: { "200": { description: "ok" } } } } } },
  });
  const api = new ApiPage(page);
  await api.goto(registered.id, name);

  // Before: nothing to send, and the scorecard says what is missing and how to fix it.
  const requirements = page.getByTestId("requirements");
  await expect(requirements).toContainText("No authentication: the gateway lets any caller through.");
  const auth = page.locator('[data-check="auth"]');
  await expect(auth).toHaveAttribute("data-status", "fail");
  await expect(auth).toContainText("Fix: Add an authentication plugin");
  await expect(page.locator('[data-check="contract"]')).toHaveAttribute("data-status", "pass");

  // The catalog lists it as failing auth.
  await page.goto(`/?q=${name}`);
  await expect(page.locator(`[data-testid="api-row"][data-api="${name}"]`).getByTestId("scorecard-cell")).toContainText("failing: auth, rate_limit");

  const detail = await (await request.get(`/api/v1/apis/${registered.id}`)).json();
  const routeId = detail.exposures.find((e: { mode: string }) => e.mode === "Gateway").details.routeId as string;
  const admin = await sandboxGatewayAdminUrl(request, ADMIN_TOKEN);
  for (const plugin of [{ name: "key-auth", config: { key_names: ["X-Team-Key"], key_in_query: false } }, { name: "rate-limiting", config: { minute: 30, limit_by: "ip" } }]) {
    const res = await request.post(`${admin}/routes/${routeId}/plugins`, { data: plugin });
    expect(res.status(), await res.text()).toBe(201);
  }

  // The page follows by itself: the flipped checks are change events, which refresh it.
  await api.goto(registered.id, name);
  await expect(requirements).toContainText('Send an API key as a header named "X-Team-Key".', { timeout: 90_000 });
  await expect(requirements).toContainText("Rate limit: 30 requests per minute, counted per ip");
  await expect(requirements.getByRole("button", { name: /Copy: curl -H "X-Team-Key: \$API_KEY"/ })).toBeVisible();
  await expect(auth).toHaveAttribute("data-status", "pass");
  await expect(page.locator('[data-check="rate_limit"]')).toHaveAttribute("data-status", "pass");
});
