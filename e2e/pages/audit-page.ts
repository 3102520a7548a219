// Page object of Settings: Audit log (/settings/audit).
import { expect, type Locator, type Page } from "@playwright/test";

export class AuditPage {
  constructor(readonly page: Page) {}

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/settings/audit${query}`);
    await expect(this.page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  }

  async filter(o: { actor?: string; action?: string }): Promise<void> {
    const form = this.page.getByRole("search", { name: "Filter the audit log" });
    await form.getByLabel("Actor").fill(o.actor ?? "");
    await form.getByLabel("Action starts with").fill(o.action ?? "");
    await form.getByRole("button", { name: "Filter" }).click();
  }

  rows(): Locator {
    return this.page.getByTestId("audit-row");
  }

  row(action: string, target: string): Locator {
    return this.page.locator(`[data-testid="audit-row"][data-action="${action}"][data-target="${target}"]`);
  }

  summary(): Locator {
    return this.page.getByTestId("audit-summary");
  }

  loadMore(): Locator {
    return this.page.getByRole("button", { name: "Load more" });
  }
}
