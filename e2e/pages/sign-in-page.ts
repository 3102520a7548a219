// Page object of the sign-in page every page shows when reads are private and no one is signed in.
import { expect, type Locator, type Page } from "@playwright/test";

export class SignInPage {
  constructor(readonly page: Page) {}

  heading(): Locator {
    return this.page.getByRole("heading", { level: 1, name: "Sign in to Signpost" });
  }

  /** Signs in with the form in the page body (not the header's). */
  async signIn(token: string): Promise<void> {
    await expect(this.heading()).toBeVisible();
    const form = this.page.getByRole("main").getByRole("form", { name: "Sign in" });
    await form.getByLabel("Access token").fill(token);
    await form.getByRole("button", { name: "Sign in" }).click();
  }
}
