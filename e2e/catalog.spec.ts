// The catalog: seeded APIs, server-side search, and changes arriving live over the event stream.
import { expect, test } from "@playwright/test";
import { CatalogPage } from "./pages/catalog-page";
import { kubectl } from "./fixtures/kubectl";
import { uniqueId } from "./fixtures/signpost";
import { applyService, deleteService } from "./fixtures/admin";

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
    await applyService(name);
    await expect.poll(async () => (await request.get(`/api/v1/resolve/${name}`)).status()).toBe(200);
    await expect(catalog.row(name)).toHaveCount(0);
    release();
    await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");
    // The list's own refresh interval is 60 s: only the replayed event can bring the row now.
    await expect(catalog.row(name)).toBeVisible();
  } finally {
    release();
    await deleteService(name);
  }
});

test("a change that reaches the tab while a client-side navigation is on its way shows on the page it opens", async ({ page, request }) => {
  const name = `e2e-nav-${uniqueId()}`;
  const service = (team: string) =>
    JSON.stringify({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name, namespace: "shop", labels: { app: name }, annotations: { "signpost.dev/team": team } },
      spec: { selector: { app: name }, ports: [{ name: "http", port: 80, targetPort: 8080 }] },
    });
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  try {
    await kubectl(["apply", "-f", "-"], service(`before-${name}`));
    await expect.poll(async () => (await request.get(`/api/v1/resolve/${name}`)).status()).toBe(200);
    const catalog = new CatalogPage(page);
    await catalog.goto(`?q=${name}`);
    await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");
    await expect(catalog.row(name)).toContainText(`team before-${name}`);
    // The API page's server payload is fetched (rendered with team "before") and held until the
    // change has reached this tab over the event stream; only then does the page mount.
    let rendered = false;
    await page.route(
      (url) => url.pathname.startsWith("/apis/"),
      async (route) => {
        const h = route.request().headers();
        if (!h["rsc"] || h["next-router-prefetch"]) return route.continue();
        const response = await route.fetch();
        rendered = true;
        await released;
        await route.fulfill({ response });
      },
    );
    await catalog.row(name).getByRole("link", { name, exact: true }).click();
    await expect.poll(() => rendered).toBe(true);
    await kubectl(["apply", "-f", "-"], service(`after-${name}`));
    // the catalog, still shown, gets the change: the tab has the event
    await expect(catalog.row(name)).toContainText(`team after-${name}`);
    release();
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    // The page's own refresh interval is 60 s: only the catch-up on mount can show the change now.
    await expect(page.getByText(`Owned by team after-${name}`)).toBeVisible();
  } finally {
    release();
    await deleteService(name);
  }
});
