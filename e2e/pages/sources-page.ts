// Page object of the Sources page (/sources).
import { expect, type Locator, type Page } from "@playwright/test";

export class SourcesPage {
  constructor(readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto("/sources");
    await expect(this.page.getByRole("heading", { level: 1, name: "Sources" })).toBeVisible();
  }

  card(kind: "cluster" | "gateway", name: string): Locator {
    return this.page.getByRole("listitem").filter({ has: this.page.getByRole("heading", { name: `${kind} ${name}`, exact: true }) });
  }

  state(kind: "cluster" | "gateway", name: string): Locator {
    return this.card(kind, name).getByTestId("source-state");
  }
}
