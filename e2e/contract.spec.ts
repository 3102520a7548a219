// An API's contract on its page: an editor uploads an OpenAPI document from a file and its
// operations appear, rendered by Swagger UI with the API's proxy URL as the server, under the
// page's Content-Security-Policy without a violation; a document that is not OpenAPI is refused
// with the reason and changes nothing.
import { expect, test } from "@playwright/test";
import { ApiPage } from "./pages/api-page";
import { SiteHeader } from "./pages/site-header";
import { ADMIN_TOKEN, apiByName } from "./fixtures/signpost";

const CONTRACT = `openapi: 3.0.3
info:
  title: Orders
  version: "2"
paths:
  /orders:
    get:
      operationId: listOrders
      summary: List the open orders
      responses:
        "200": {description: the orders}
  /orders/{id}:
    delete:
      operationId: cancelOrder
      summary: Cancel an order
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "204": {description: cancelled}
`;

test("upload a contract: its operations show on the API page, served at the proxy URL, with no CSP violation", async ({ page, request }) => {
  // Validation of a first document and Swagger UI's first load are slow on a loaded machine.
  test.setTimeout(120_000);
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const ordermgr = await apiByName(request, "ordermgr");
  const header = new SiteHeader(page);
  await page.goto("/");
  await header.signIn(ADMIN_TOKEN);
  const api = new ApiPage(page);
  await api.goto(ordermgr.id, "ordermgr");
  const contract = page.getByRole("region", { name: "Contract" });
  await expect(contract).toContainText("No contract yet");

  const input = contract.getByLabel("Upload a contract (OpenAPI 3.0/3.1, JSON or YAML)");
  await input.setInputFiles({ name: "swagger.yaml", mimeType: "application/yaml", buffer: Buffer.from("swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}\n") });
  await expect(contract.getByRole("alert")).toContainText("Swagger 2.0 documents are not accepted", { timeout: 30_000 });
  await expect(contract).toContainText("No contract yet");

  await input.setInputFiles({ name: "openapi.yaml", mimeType: "application/yaml", buffer: Buffer.from(CONTRACT) });
  await expect(contract.getByRole("status")).toHaveText("Stored as version 1.", { timeout: 30_000 });
  const operations = page.getByTestId("contract-operations");
  await expect(operations).toContainText("/orders", { timeout: 30_000 });
  await expect(operations).toContainText("List the open orders");
  await expect(operations).toContainText("Cancel an order");
  await expect(operations.locator("select option").first()).toHaveText(new RegExp(`^${ordermgr.proxyUrl!.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}`));
  expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);

  // A reload renders it from the stored contract.
  await page.reload();
  await expect(page.getByTestId("contract-operations")).toContainText("List the open orders", { timeout: 30_000 });
  expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
});
