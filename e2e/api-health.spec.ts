// The API page follows the health probe live: a Signpost of its own (probes every 300 ms),
// UserMgr's page open while its Service gets `signpost.dev/probe-path` (kubectl), the Health
// section turns "answering" without a reload; the Service's EndpointSlice loses every ready
// endpoint and the page shows "failing since <time>" with Kong's 503 and a "health changed"
// entry in the history; ready again, "answering". The catalog's Health column agrees.
import { expect, test } from "@playwright/test";
import { ApiPage } from "./pages/api-page";
import { kubectl } from "./fixtures/kubectl";
import { startDblessServer, type DblessServer } from "./fixtures/dbless-server";

let server: DblessServer;
let id: string;

/** Marks every endpoint of UserMgr's EndpointSlice ready or not (what the EndpointSlice controller does as pods come and go). */
async function setReady(ready: boolean): Promise<void> {
  const slices = JSON.parse(await kubectl(["get", "endpointslices", "-n", "shop", "-l", "kubernetes.io/service-name=usermgr", "-o", "json"], undefined, server.dataDir)) as {
    items: { metadata: { name: string }; endpoints: unknown[] }[];
  };
  const [slice] = slices.items;
  const patch = slice.endpoints.map((_, i) => ({ op: "replace", path: `/endpoints/${i}/conditions/ready`, value: ready }));
  await kubectl(["patch", "endpointslice", slice.metadata.name, "-n", "shop", "--type=json", "-p", JSON.stringify(patch)], undefined, server.dataDir);
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  server = await startDblessServer({ SIGNPOST_PROBE_INTERVAL: "300ms", SIGNPOST_PROBE_TIMEOUT: "300ms" });
  id = ((await (await fetch(`${server.url}/api/v1/resolve/usermgr`)).json()) as { id: string }).id;
});
test.afterAll(async () => server?.stop());

test("usermgr's page shows its health turn answering, failing since a time, and answering again, live", async ({ page }) => {
  test.setTimeout(90_000);
  const api = new ApiPage(page);
  // This Signpost is not the config's webServer: absolute URLs.
  await page.goto(`${server.url}/apis/${id}`);
  await api.expectLoaded("usermgr");
  await expect(api.health()).toHaveAttribute("data-state", "none");
  await expect(api.health()).toContainText("Not probed");

  await kubectl(["annotate", "service", "usermgr", "-n", "shop", "signpost.dev/probe-path=/healthz"], undefined, server.dataDir);
  await expect(api.health()).toHaveAttribute("data-state", "answering", { timeout: 30_000 });
  await expect(api.health()).toContainText("answering");
  await expect(page.getByTestId("health-status")).toHaveText("200");
  await expect(api.health()).toContainText("GET http://api.shop.example/users/healthz answered 200");

  await setReady(false);
  await expect(api.health()).toHaveAttribute("data-state", "failing", { timeout: 30_000 });
  await expect(page.getByTestId("health-since")).toHaveText(/^since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(.+\)$/);
  await expect(page.getByTestId("health-status")).toHaveText("503");
  await expect(page.getByTestId("health-error")).toHaveText("answered 503: failure to get a peer from the ring-balancer");
  await expect(api.history().filter({ hasText: "health changed" }).first()).toContainText("failing");
  // No targets left behind the route: Kong's view says so. It changes without a change event
  // (the page shows it as of its last load), so reload until the worker has read it.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("upstream-health")).toContainText("No targets", { timeout: 1000 });
  }).toPass({ timeout: 30_000 });

  // the catalog's Health column says the same
  await page.goto(`${server.url}/?q=usermgr`);
  await expect(page.locator('[data-testid="api-row"][data-api="usermgr"] [data-testid="health-cell"]')).toHaveAttribute("data-state", "failing");

  await page.goto(`${server.url}/apis/${id}`);
  await setReady(true);
  await expect(api.health()).toHaveAttribute("data-state", "answering", { timeout: 30_000 });
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("upstream-target").first()).toContainText("HEALTHCHECKS_OFF", { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(api.history().filter({ hasText: "health changed" })).toHaveCount(3);
});
