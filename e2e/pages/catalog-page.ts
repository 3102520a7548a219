// Page object of the catalog (/).
import { expect, type Locator, type Page } from "@playwright/test";

export class CatalogPage {
  constructor(readonly page: Page) {}

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/${query}`);
    await expect(this.page.getByRole("heading", { name: "API catalog" })).toBeVisible();
  }

  row(name: string): Locator {
    return this.page.locator(`[data-testid="api-row"][data-api="${name}"]`);
  }

  rows(): Locator {
    return this.page.locator('[data-testid="api-row"]');
  }

  async search(text: string): Promise<void> {
    await this.page.getByRole("searchbox", { name: "Search APIs" }).fill(text);
    await this.page.getByRole("searchbox", { name: "Search APIs" }).press("Enter");
  }
}
