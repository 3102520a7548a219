// The catalog: seeded APIs, server-side search, and changes arriving live over the event stream.
import { expect, test } from "@playwright/test";
import { CatalogPage } from "./pages/catalog-page";
import { kubectl } from "./fixtures/kubectl";
import { uniqueId } from "./fixtures/signpost";

test("the catalog shows UserMgr and OrderMgr from the sandbox cluster", async ({ page }) => {
  const catalog = new CatalogPage(page);
  await catalog.goto();
  for (const [name, url, team] of [
    ["usermgr", "http://api.shop.example/users", "identity"],
    ["ordermgr", "http://api.shop.example/orders", "commerce"],
  ]) {
    const row = catalog.row(name);
    await expect(row).toBeVisible();
    await expect(row).toContainText(url);
    await expect(row).toContainText(`team ${team}`);
    for (const mode of ["Gateway", "Ingress", "LoadBalancer", "NodePort", "ClusterIP"]) await expect(row).toContainText(mode);
  }
});

test("searching narrows the list to one API, server-side, and the search is in the URL", async ({ page }) => {
  const catalog = new CatalogPage(page);
  await catalog.goto();
  await expect(catalog.row("ordermgr")).toBeVisible();
  // "api.shop.example/users" is only in usermgr's addresses: the server searches hosts and paths.
  await catalog.search("shop.example/users");
  await catalog.expectRows(["usermgr"]);
  await expect(page).toHaveURL(/\?q=shop\.example%2Fusers$/);
  await expect(page.getByTestId("result-summary")).toHaveText("1 API");
  await catalog.search("no-such-api-anywhere");
  await expect(page.getByText("No APIs match this view.")).toBeVisible();
  await page.getByRole("button", { name: "Clear search and filters" }).click();
  await expect(catalog.row("ordermgr")).toBeVisible();
  await expect(catalog.searchBox()).toHaveValue("");
});

test("a Service applied with kubectl appears within 2 s without a reload (event stream), flashes, and leaves when deleted", async ({ page }) => {
  const catalog = new CatalogPage(page);
  await catalog.goto();
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");
  const name = `e2e-live-${uniqueId()}`;
  // The list's own refresh interval is 60 s: only the event stream can bring the row in time.
  const navigations: string[] = [];
  page.on("framenavigated", (f) => f === page.mainFrame() && navigations.push(f.url()));
  await kubectl(
    ["apply", "-f", "-"],
    JSON.stringify({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name, namespace: "shop", labels: { app: name }, annotations: { "signpost.dev/team": "e2e" } },
      spec: { selector: { app: name }, ports: [{ name: "http", port: 80, targetPort: 8080 }] },
    }),
  );
  await expect(catalog.row(name)).toBeVisible({ timeout: 2_000 });
  await expect(catalog.row(name)).toHaveClass(/row-flash/);
  await expect(catalog.row(name)).toContainText(`http://${name}.shop.svc.cluster.local:80`);
  await kubectl(["delete", "service", name, "-n", "shop"]);
  await expect(catalog.row(name)).toHaveCount(0, { timeout: 2_000 });
  expect(navigations).toEqual([]);
});

test("a change made after the page was rendered but before its event stream opened still reaches the page", async ({ page, request }) => {
  // Hold the tab's event stream until the change is in the catalog: the page must resume the
  // stream where it was rendered, not at the newest event (that would skip this change for good).
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const held: string[] = [];
  await page.route(
    (url) => url.pathname === "/api/v1/events",
    async (route) => {
      if ((route.request().headers()["accept"] ?? "").includes("text/event-stream")) {
        held.push(route.request().url());
        await released;
      }
      await route.continue();
    },
  );
  const name = `e2e-gap-${uniqueId()}`;
  try {
    const catalog = new CatalogPage(page);
    await catalog.goto();
    await expect.poll(() => held.length).toBe(1);
    await kubectl(
      ["apply", "-f", "-"],
      JSON.stringify({
        apiVersion: "v1",
        kind: "Service",
        metadata: { name, namespace: "shop", labels: { app: name } },
        spec: { selector: { app: name }, ports: [{ name: "http", port: 80, targetPort: 8080 }] },
      }),
    );
    await expect.poll(async () => (await request.get(`/api/v1/resolve/${name}`)).status()).toBe(200);
    await expect(catalog.row(name)).toHaveCount(0);
    release();
    await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");
    // The list's own refresh interval is 60 s: only the replayed event can bring the row now.
    await expect(catalog.row(name)).toBeVisible();
  } finally {
    release();
    await kubectl(["delete", "service", name, "-n", "shop", "--ignore-not-found"]);
  }
});
