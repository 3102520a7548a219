// Page object of one API (/apis/{id}).
import { expect, type Locator, type Page } from "@playwright/test";

export class ApiPage {
  constructor(readonly page: Page) {}

  async goto(id: string, name: string): Promise<void> {
    await this.page.goto(`/apis/${id}`);
    await this.expectLoaded(name);
  }

  async expectLoaded(name: string): Promise<void> {
    await expect(this.page.getByRole("heading", { level: 1, name })).toBeVisible();
  }

  chain(): Locator {
    return this.page.getByRole("figure");
  }

  /** The chains, each as the list of its steps' texts. */
  async chainSteps(): Promise<string[][]> {
    return this.chain().getByRole("list").evaluateAll((lists) =>
      // textContent, not innerText: the step titles are upper-cased by CSS only.
      lists.map((ol) => [...ol.querySelectorAll("[data-step]")].map((box) => [...box.children].map((c) => c.textContent?.trim()).join(" "))),
    );
  }

  address(mode: string, url: string): Locator {
    return this.page.locator(`[data-testid="address"][data-mode="${mode}"]`).filter({ hasText: url });
  }

  copyButton(label: string | RegExp): Locator {
    return this.page.getByRole("button", { name: label });
  }

  history(): Locator {
    return this.page.getByTestId("history-event");
  }

  /** The Health section's verdict (data-state: answering, failing or none). */
  health(): Locator {
    return this.page.getByTestId("health");
  }

  upstreamTarget(target: string): Locator {
    return this.page.locator(`[data-testid="upstream-target"]`).filter({ hasText: target });
  }
}
