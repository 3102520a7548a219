// Page object of the Register page (/register).
import { expect, type Locator, type Page } from "@playwright/test";

export class RegisterPage {
  constructor(readonly page: Page) {}

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/register${query}`);
    await expect(this.page.getByRole("heading", { level: 1, name: "Register an API" })).toBeVisible();
  }

  form(): Locator {
    return this.page.getByRole("form", { name: "Register an API" });
  }

  /** Signs in with the sign-in form the page shows to a signed-out visitor. */
  async signInHere(token: string): Promise<void> {
    const region = this.page.getByRole("region", { name: "Sign in to register" });
    await region.getByLabel("Access token").fill(token);
    await region.getByRole("button", { name: "Sign in" }).click();
    await expect(this.form()).toBeVisible();
  }

  async chooseService(search: string, name: string): Promise<void> {
    await this.form().getByRole("searchbox", { name: "Find a Service" }).fill(search);
    await this.form().getByRole("radio", { name: new RegExp(`^${name} `) }).check();
  }

  async fill(o: { name: string; team?: string; path: string; methods?: string[] }): Promise<void> {
    await this.form().getByLabel("Name", { exact: true }).fill(o.name);
    if (o.team) await this.team().fill(o.team);
    await this.form().getByLabel("Path 1").fill(o.path);
    for (const m of o.methods ?? []) await this.form().getByRole("checkbox", { name: m, exact: true }).check();
  }

  /** The Team field ("Team (optional)", or "Team" for a team-scoped session). */
  team(): Locator {
    return this.form().getByLabel(/^Team/);
  }

  async useUrlUpstream(url: string): Promise<void> {
    await this.form().getByRole("radio", { name: "A URL" }).check();
    await this.form().getByLabel("Upstream URL").fill(url);
  }

  previewProxyUrl(): Locator {
    return this.page.getByTestId("preview-proxy-url");
  }

  async submit(): Promise<void> {
    // The button sits after the preview (form="..."), not inside the form element.
    await this.page.getByRole("button", { name: "Register", exact: true }).click();
  }
}
