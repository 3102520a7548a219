// The Sources page follows a cluster outage: unreachable while the sandbox cluster is down, live
// again after it comes back by itself.
import { expect, test } from "@playwright/test";
import { SourcesPage } from "./pages/sources-page";
import { sandboxOutage } from "./fixtures/sandbox";

test("an 8 s outage of the sandbox cluster shows as unreachable, then recovers to live", async ({ page }) => {
  test.setTimeout(60_000);
  const sources = new SourcesPage(page);
  await sources.goto();
  await expect(sources.state("cluster", "sandbox")).toHaveText(/live/);
  await sandboxOutage(8);
  await expect(sources.state("cluster", "sandbox")).toHaveText(/unreachable/, { timeout: 8_000 });
  await expect(sources.card("cluster", "sandbox").getByTestId("source-error")).toContainText("unreachable");
  await expect(sources.state("gateway", "sandbox")).toHaveText(/live/);
  // The catalog says so too, naming the source.
  await page.goto("/");
  await expect(page.getByTestId("source-banner")).toContainText("cluster sandbox is unreachable");
  await sources.goto();
  await expect(sources.state("cluster", "sandbox")).toHaveText(/live/, { timeout: 30_000 });
});
