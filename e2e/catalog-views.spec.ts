// The API page a consumer can act on and the catalog others can read: owner links from a8r.io
// annotations appear on the open page (no reload), the CSV download holds exactly the filtered
// view, "/" jumps to the search box, and an editor edits a registration from its page.
import fs from "node:fs";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { kubectl } from "./fixtures/kubectl";
import { ADMIN_TOKEN, apiByName, registerApi, signInContext, uniqueId } from "./fixtures/signpost";
import { ApiPage } from "./pages/api-page";
import { CatalogPage } from "./pages/catalog-page";

const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

/** Every API of a REST view (all pages), as the REST API lists them. */
async function walk(request: APIRequestContext, query: string): Promise<{ id: string; name: string }[]> {
  const out: { id: string; name: string }[] = [];
  let cursor: string | null = null;
  do {
    const res = await request.get(`/api/v1/apis?${query}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    const page = (await res.json()) as { data: { id: string; name: string }[]; nextCursor: string | null };
    out.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

test("annotating a Service with a8r.io owner, repository and runbook shows them on its open page", async ({ page, request }) => {
  const name = `owned-${uniqueId()}`;
  await kubectl(["apply", "-f", "-"], JSON.stringify({
    apiVersion: "v1", kind: "Service",
    metadata: { name, namespace: "shop", labels: { app: name } },
    spec: { selector: { app: name }, ports: [{ name: "http", port: 80, targetPort: 8080 }] },
  }));
  await expect.poll(async () => (await walk(request, `q=${name}`)).length, { timeout: 20_000 }).toBe(1);
  const api = new ApiPage(page);
  await api.goto((await apiByName(request, name)).id, name);
  await expect(page.getByTestId("owner-contacts")).toContainText("No owner known");
  // the change stream is open: the page hears of what follows
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");

  await kubectl(["annotate", "service", name, "-n", "shop",
    "a8r.io/owner=payments-oncall@example.com",
    "a8r.io/repository=https://git.example.com/shop/owned",
    "a8r.io/runbook=https://runbooks.example.com/owned",
    "a8r.io/chat=javascript:alert(1)"]);
  // The change event refreshes the open page: no reload.
  const contacts = page.getByTestId("owner-contacts");
  await expect(contacts.getByRole("link", { name: "https://runbooks.example.com/owned" })).toHaveAttribute("href", "https://runbooks.example.com/owned", { timeout: 20_000 });
  await expect(contacts.getByRole("link", { name: "https://git.example.com/shop/owned" })).toHaveAttribute("href", "https://git.example.com/shop/owned");
  await expect(contacts.getByRole("link", { name: "payments-oncall@example.com" })).toHaveAttribute("href", "mailto:payments-oncall@example.com");
  // a javascript: "link" is shown as text, never as a link
  await expect(contacts.locator('[data-kind="chat"]')).toContainText("javascript:alert(1)");
  await expect(contacts.locator('a[href^="javascript:"]')).toHaveCount(0);

  // the catalog's owner column and facet have it too
  const catalog = new CatalogPage(page);
  await catalog.goto(`?q=${name}`);
  await expect(catalog.row(name).getByTestId("owner-cell")).toContainText("payments-oncall@example.com");
  await expect(page.getByRole("group", { name: "Owner", exact: true }).getByRole("checkbox", { name: /^payments-oncall@example\.com \d+ APIs?$/ })).toBeVisible();
  await kubectl(["delete", "service", name, "-n", "shop"]);
});

test("the CSV download of a filtered view holds exactly that view, every page of it", async ({ page, request }) => {
  const id = uniqueId();
  for (const n of ["a", "b", "c"]) {
    await registerApi(request, { name: `csv-${id}-${n}`, team: `csv-${id}`, upstream: { url: `http://csv-${n}.internal:8080` }, route: { paths: [`/csv-${id}-${n}`] } });
  }
  await registerApi(request, { name: `other-${id}`, upstream: { url: "http://other.internal:8080" }, route: { paths: [`/other-${id}`] } });
  const catalog = new CatalogPage(page);
  // one row per page: the download is the whole view, not the page shown
  await catalog.goto(`?q=${id}&limit=1`);
  await expect(page.getByTestId("result-summary")).toHaveText("1–1 of 4 APIs");
  await page.getByRole("group", { name: "Team", exact: true }).getByRole("checkbox", { name: new RegExp(`^csv-${id} 3 APIs$`) }).check();
  await expect(page.getByTestId("result-summary")).toHaveText("1–1 of 3 APIs");
  await page.getByRole("columnheader", { name: /API/ }).getByRole("button").click();
  await expect(page.getByRole("columnheader", { name: /API/ })).toHaveAttribute("aria-sort", "descending");
  await catalog.expectRows([`csv-${id}-c`]);

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download CSV" }).click();
  const file = await (await download).path();
  const lines = fs.readFileSync(file, "utf8").split("\r\n").filter(Boolean);
  const header = lines[0].split(",");
  const rows = lines.slice(1).map((l) => l.split(","));
  expect(rows.map((r) => r[header.indexOf("name")])).toEqual([`csv-${id}-c`, `csv-${id}-b`, `csv-${id}-a`]);
  const expected = await walk(request, `q=${id}&team=csv-${id}&sort=-name`);
  expect(rows.map((r) => r[header.indexOf("id")])).toEqual(expected.map((a) => a.id));
});

test('"/" focuses the search box, but not while typing in a field', async ({ page }) => {
  const catalog = new CatalogPage(page);
  await catalog.goto();
  await page.locator("body").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("/");
  await expect(catalog.searchBox()).toBeFocused();
  await page.keyboard.type("usermgr");
  await expect(catalog.searchBox()).toHaveValue("usermgr");
  // inside the search box, "/" is a character like any other
  await page.keyboard.type("/x");
  await expect(catalog.searchBox()).toHaveValue("usermgr/x");
});

test("an editor edits a registration from its page: the form comes prefilled and saving replaces it", async ({ page, request }) => {
  const name = `edit-${uniqueId()}`;
  const api = await registerApi(request, {
    name, team: "edits", upstream: { url: "http://edit.internal:8080" }, route: { paths: [`/${name}`], methods: ["GET"] },
    plugins: [{ name: "rate-limiting", config: { minute: 7 } }],
  });
  await signInContext(page);
  const apiPage = new ApiPage(page);
  await apiPage.goto(api.id, name);
  await page.getByRole("link", { name: "Edit registration" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Edit the registration of ${name}` })).toBeVisible();
  const form = page.getByRole("form", { name: `Edit the registration of ${name}` });
  await expect(form.getByLabel("Name", { exact: true })).toHaveValue(name);
  await expect(form.getByLabel("Name", { exact: true })).toHaveAttribute("readonly", "");
  await expect(form.getByLabel("Path 1")).toHaveValue(`/${name}`);
  await expect(form.getByLabel(/^Team/)).toHaveValue("edits");
  await expect(form.getByRole("checkbox", { name: "GET", exact: true })).toBeChecked();
  await form.getByLabel("Path 1").fill(`/${name}/v2`);
  await form.getByRole("checkbox", { name: "POST", exact: true }).check();
  await page.getByRole("button", { name: "Save changes" }).click();
  await page.waitForURL(`**/apis/${api.id}`);

  const res = await request.get(`/api/v1/registrations?name=${name}`, { headers: auth });
  const [record] = ((await res.json()) as { data: { spec: Record<string, unknown> }[] }).data;
  expect(record.spec).toEqual({
    name, team: "edits", upstream: { url: "http://edit.internal:8080" },
    route: { paths: [`/${name}/v2`], methods: ["GET", "POST"], stripPath: true },
    gateway: "sandbox",
    plugins: [{ name: "rate-limiting", config: { minute: 7 } }],
  });
  await expect(page.getByTestId("addresses")).toContainText(`/${name}/v2`, { timeout: 20_000 });
});
