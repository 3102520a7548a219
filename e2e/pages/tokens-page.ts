// Page object of Settings: API tokens (/settings/tokens).
import { expect, type Locator, type Page } from "@playwright/test";

export class TokensPage {
  constructor(readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto("/settings/tokens");
    await expect(this.page.getByRole("heading", { level: 1, name: "API tokens" })).toBeVisible();
  }

  form(): Locator {
    return this.page.getByRole("form", { name: "New token" });
  }

  async create(name: string, role: "viewer" | "editor" | "admin", teams?: string): Promise<void> {
    await this.form().getByLabel("Name").fill(name);
    await this.form().getByLabel("Role").selectOption(role);
    if (teams !== undefined) await this.form().getByLabel("Teams (optional)").fill(teams);
    await this.form().getByRole("button", { name: "Create token" }).click();
  }

  secretPanel(): Locator {
    return this.page.getByTestId("secret-once");
  }

  /** The secret the panel shows. */
  async secret(): Promise<string> {
    const code = this.secretPanel().getByTestId("secret-value").locator("code");
    await expect(code).toHaveText(/\S{20,}/);
    return (await code.textContent()) ?? "";
  }

  row(name: string): Locator {
    return this.page.locator(`[data-testid="token-row"][data-token="${name}"]`);
  }

  async revoke(name: string): Promise<void> {
    await this.row(name).getByRole("button", { name: `Revoke token ${name}` }).click();
    await this.row(name).getByRole("button", { name: "Yes, revoke" }).click();
  }
}
