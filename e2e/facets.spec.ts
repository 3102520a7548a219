// Facets, sharing a view by its URL, and pages, on data made for this run: a NodePort and a
// ClusterIP Service in a namespace of their own with two teams, and a registered gateway route.
import { expect, test } from "@playwright/test";
import { CatalogPage, type Facet } from "./pages/catalog-page";
import { kubectl } from "./fixtures/kubectl";
import { apiNames, registerApi, uniqueId } from "./fixtures/signpost";

const id = uniqueId();
const ns = `f-${id}`;
const [A, B, R] = [`a-${id}`, `b-${id}`, `r-${id}`];
const [TA, TB] = [`ta-${id}`, `tb-${id}`];

test.beforeAll(async ({ playwright }, info) => {
  const service = (name: string, team: string, type: string) => ({
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace: ns, labels: { app: name }, annotations: { "signpost.dev/team": team } },
    spec: { type, selector: { app: name }, ports: [{ name: "http", port: 80, targetPort: 8080 }] },
  });
  await kubectl(["create", "namespace", ns]);
  await kubectl(["apply", "-f", "-"], JSON.stringify(service(A, TA, "NodePort")));
  await kubectl(["apply", "-f", "-"], JSON.stringify(service(B, TB, "ClusterIP")));
  const request = await playwright.request.newContext({ baseURL: info.project.use.baseURL });
  await registerApi(request, { name: R, team: TB, upstream: { url: `http://${R}.internal:8080` }, route: { paths: [`/${R}`] } });
  await expect.poll(() => apiNames(request, id), { timeout: 10_000 }).toEqual([A, B, R]);
  await request.dispose();
});

test.afterAll(async () => {
  await kubectl(["delete", "namespace", ns, "--wait=false"]).catch(() => {});
});

// Titles stay the same in every run (Playwright finds tests by title); the data names do not.
type Case = { facet: Facet; label: string; value: string; count: number; rows: string[]; other: { facet: Facet; value: string; before: number | null; after: number | null } };

const CASES: Case[] = [
  { facet: "mode", label: "NodePort", value: "NodePort", count: 1, rows: [A], other: { facet: "team", value: TB, before: 2, after: null } },
  { facet: "cluster", label: "sandbox", value: "sandbox", count: 2, rows: [A, B], other: { facet: "managedBy", value: "signpost", before: 1, after: null } },
  { facet: "namespace", label: "the run's namespace", value: ns, count: 2, rows: [A, B], other: { facet: "mode", value: "Gateway", before: 1, after: null } },
  { facet: "team", label: "team B", value: TB, count: 2, rows: [B, R], other: { facet: "mode", value: "NodePort", before: 1, after: null } },
  { facet: "gateway", label: "sandbox", value: "sandbox", count: 1, rows: [R], other: { facet: "team", value: TA, before: 1, after: null } },
  { facet: "managedBy", label: "signpost", value: "signpost", count: 1, rows: [R], other: { facet: "cluster", value: "sandbox", before: 2, after: null } },
];

for (const c of CASES) {
  test(`facet ${c.facet}: selecting ${c.label} narrows the list and the other counts; clearing restores them`, async ({ page }) => {
    const catalog = new CatalogPage(page);
    await catalog.goto(`?q=${id}`);
    await catalog.expectRows([A, B, R]);
    await expect.poll(() => catalog.facetCount(c.facet, c.value)).toBe(c.count);
    await expect.poll(() => catalog.facetCount(c.other.facet, c.other.value)).toBe(c.other.before);
    await catalog.facet(c.facet, c.value).check();
    await catalog.expectRows(c.rows);
    await expect(page).toHaveURL(new RegExp(`[?&]${c.facet}=${c.value}(&|$)`));
    await expect.poll(() => catalog.facetCount(c.other.facet, c.other.value)).toBe(c.other.after);
    // A facet counts without its own selection: its alternatives stay visible.
    await expect.poll(() => catalog.facetCount(c.facet, c.value)).toBe(c.count);
    await catalog.facet(c.facet, c.value).uncheck();
    await catalog.expectRows([A, B, R]);
    await expect.poll(() => catalog.facetCount(c.other.facet, c.other.value)).toBe(c.other.before);
  });
}

test("a shared URL reproduces the view: search, facets, sort and page", async ({ page, context }) => {
  const catalog = new CatalogPage(page);
  await catalog.goto(`?q=${id}&limit=1`);
  await catalog.facet("team", TB).check();
  await catalog.sortSelect().selectOption("-name");
  await catalog.expectRows([R]);
  await catalog.nextPage();
  await catalog.expectRows([B]);
  await expect(page.getByRole("button", { name: "Next page" })).toBeDisabled();

  const other = new CatalogPage(await context.newPage());
  await other.goto(new URL(page.url()).search);
  await other.expectRows([B]);
  await expect(other.facet("team", TB)).toBeChecked();
  await expect(other.facet("team", TA)).not.toBeChecked();
  await expect(other.sortSelect()).toHaveValue("-name");
  await expect(other.searchBox()).toHaveValue(id);
  await expect(other.page.getByText("Page 2", { exact: true })).toBeVisible();
  await other.previousPage();
  await other.expectRows([R]);
  await expect(other.page.getByRole("button", { name: "Previous page" })).toBeDisabled();
  await other.page.goBack();
  await other.expectRows([B]);
});
