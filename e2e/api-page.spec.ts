// The API page: the exposure chain as text, every address with a working copy button, the
// history, how to consume it; and the 404 of an unknown id.
import { expect, test } from "@playwright/test";
import { ApiPage } from "./pages/api-page";
import { apiByName } from "./fixtures/signpost";

test("usermgr's page draws gateway route -> Ingress -> Service -> pods and copies its addresses", async ({ page, context, request }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const usermgr = await apiByName(request, "usermgr");
  const api = new ApiPage(page);
  await api.goto(usermgr.id, "usermgr");

  const chains = await api.chainSteps();
  expect(chains[0]).toEqual([
    expect.stringMatching(/^Gateway route on sandbox shop\.shop-api\.usermgr\.api\.shop\.example\.80 http:\/\/api\.shop\.example\/users/),
    "Ingress shop-api http://api.shop.example/users",
    "Service (ClusterIP) usermgr port 80",
    "Pods 3/3 ready",
  ]);
  expect(chains.map((c) => c[0])).toEqual(expect.arrayContaining([expect.stringMatching(/^Service \(NodePort\) usermgr-nodeport/), expect.stringMatching(/^Service \(LoadBalancer\) usermgr-lb/)]));

  await expect(api.address("NodePort", "http://203.0.113.12:30080")).toContainText("node node-2");
  await api.copyButton("Copy NodePort address http://203.0.113.12:30080").click();
  await expect(api.copyButton("Copy NodePort address http://203.0.113.12:30080")).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("http://203.0.113.12:30080");

  await page.getByRole("button", { name: "Copy: USERMGR_URL=http://api.shop.example/users" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("USERMGR_URL=http://api.shop.example/users");
  await expect(page.getByTestId("consume")).toContainText("npx signpost resolve usermgr");
  await expect(api.history().first()).toBeVisible();
  await expect(page.getByRole("link", { name: "Add a gateway route" })).toHaveAttribute("href", /\/register\?service=sandbox%2Fshop%2Fusermgr&port=80/);
});

test("an unknown API id is a 404 page", async ({ page }) => {
  const res = await page.goto("/apis/00000000-0000-4000-8000-000000000000");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
});
