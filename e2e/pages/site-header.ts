// Page object of the header every page has: navigation, stream state, the session control.
import { expect, type Locator, type Page } from "@playwright/test";

export class SiteHeader {
  constructor(readonly page: Page) {}

  header(): Locator {
    return this.page.getByRole("banner");
  }

  async signIn(token: string): Promise<void> {
    await this.header().getByRole("button", { name: "Sign in" }).click();
    await this.header().getByLabel("Access token").fill(token);
    await this.header().getByRole("form", { name: "Sign in" }).getByRole("button", { name: "Sign in" }).click();
  }

  session(): Locator {
    return this.page.getByTestId("session");
  }

  async signOut(): Promise<void> {
    await this.header().getByRole("button", { name: "Sign out" }).click();
    await expect(this.header().getByRole("button", { name: "Sign in" })).toBeVisible();
  }
}
