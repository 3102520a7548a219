// Page object of the Webhooks page (/webhooks) and of one subscription (/webhooks/{id}).
import { expect, type Locator, type Page } from "@playwright/test";

export class WebhooksPage {
  constructor(readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto("/webhooks");
    await expect(this.page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();
  }

  form(): Locator {
    return this.page.getByRole("form", { name: "New subscription" });
  }

  urlField(): Locator {
    return this.form().getByLabel("URL", { exact: true });
  }

  /** The messages shown under the URL field (its aria-describedby). */
  urlMessages(): Locator {
    return this.form().locator("div", { has: this.page.getByLabel("URL", { exact: true }) }).getByTestId("field-messages");
  }

  /** Clicks "Generate" and returns the secret it shows. */
  async generateSecret(): Promise<string> {
    await this.form().getByRole("button", { name: "Generate" }).click();
    const shown = this.form().getByTestId("secret-value").locator("code");
    await expect(shown).toHaveText(/^[A-Za-z0-9]{32}$/);
    return (await shown.textContent()) ?? "";
  }

  async fill(o: { url: string; description: string; secret?: string }): Promise<void> {
    await this.urlField().fill(o.url);
    if (o.secret) await this.form().getByLabel("Signing secret").fill(o.secret);
    await this.form().getByLabel("Description (optional)").fill(o.description);
  }

  async submit(): Promise<void> {
    await this.form().getByRole("button", { name: "Subscribe" }).click();
  }

  /** The list row of the subscription described as `description`. */
  row(description: string): Locator {
    return this.page.getByTestId("webhook-row").filter({ hasText: description });
  }

  async deleteRow(description: string): Promise<void> {
    await this.row(description).getByRole("button", { name: /^Delete the subscription of / }).click();
    await this.row(description).getByRole("group", { name: /^Confirm: Delete/ }).getByRole("button", { name: "Yes, delete" }).click();
  }
}

export class WebhookPage {
  constructor(readonly page: Page) {}

  async goto(id: string): Promise<void> {
    await this.page.goto(`/webhooks/${id}`);
    await expect(this.page.getByRole("heading", { level: 2, name: "Delivery log" })).toBeVisible();
  }

  deliveries(): Locator {
    return this.page.getByTestId("delivery-row");
  }

  /** The notice of a disabled subscription (its reason and the Re-enable button). */
  disabledNotice(): Locator {
    return this.page.getByTestId("webhook-disabled");
  }

  async delete(): Promise<void> {
    await this.page.getByRole("button", { name: /^Delete the subscription of / }).click();
    await this.page.getByRole("button", { name: "Yes, delete" }).click();
  }
}
