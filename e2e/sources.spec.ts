// The Sources page follows a cluster outage: unreachable while the sandbox cluster is down, live
// again after it comes back by itself. The error's text is shown to an editor's session; an
// anonymous reader is told there is one.
import { expect, test } from "@playwright/test";
import { SourcesPage } from "./pages/sources-page";
import { sandboxOutage } from "./fixtures/sandbox";
import { signInContext } from "./fixtures/signpost";

test("an 8 s outage of the sandbox cluster shows as unreachable, then recovers to live", async ({ page, browser, baseURL }) => {
  test.setTimeout(60_000);
  const sources = new SourcesPage(page);
  await sources.goto();
  const adminContext = await browser.newContext({ baseURL });
  const adminPage = await adminContext.newPage();
  await signInContext(adminPage);
  const adminSources = new SourcesPage(adminPage);
  await adminSources.goto();
  await expect(sources.state("cluster", "sandbox")).toHaveText(/live/);
  await sandboxOutage(8);
  await expect(sources.state("cluster", "sandbox")).toHaveText(/unreachable/, { timeout: 8_000 });
  await expect(sources.card("cluster", "sandbox").getByTestId("source-error")).toContainText("its text is shown to editors and admins");
  await expect(adminSources.card("cluster", "sandbox").getByTestId("source-error")).toContainText("unreachable");
  await adminContext.close();
  await expect(sources.state("gateway", "sandbox")).toHaveText(/live/);
  // The catalog says so too, naming the source.
  await page.goto("/");
  await expect(page.getByTestId("source-banner")).toContainText("cluster sandbox is unreachable");
  await sources.goto();
  await expect(sources.state("cluster", "sandbox")).toHaveText(/live/, { timeout: 30_000 });
});
