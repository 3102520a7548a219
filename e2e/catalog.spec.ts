import { expect, test } from "@playwright/test";
import { CatalogPage } from "./pages/catalog-page";
import { kubectl } from "./fixtures/kubectl";

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
    for (const mode of ["Ingress", "LoadBalancer", "NodePort", "ClusterIP"]) await expect(row).toContainText(mode);
  }
});

test("a Service applied with kubectl appears without a reload, and leaves when deleted", async ({ page }) => {
  const catalog = new CatalogPage(page);
  await catalog.goto();
  const name = `e2e-live-${Date.now().toString(36)}`;
  await kubectl(
    ["apply", "-f", "-"],
    JSON.stringify({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name, namespace: "shop", labels: { app: name }, annotations: { "signpost.dev/team": "e2e" } },
      spec: { selector: { app: name }, ports: [{ name: "http", port: 80, targetPort: 8080 }] },
    }),
  );
  await expect(catalog.row(name)).toBeVisible({ timeout: 10_000 });
  await expect(catalog.row(name)).toContainText(`http://${name}.shop.svc.cluster.local:80`);
  await kubectl(["delete", "service", name, "-n", "shop"]);
  await expect(catalog.row(name)).toHaveCount(0, { timeout: 10_000 });
});
