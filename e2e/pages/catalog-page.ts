// Page object of the catalog (/).
import { expect, type Locator, type Page } from "@playwright/test";

export const FACET_LEGENDS = {
  mode: "Exposure mode",
  cluster: "Cluster",
  namespace: "Namespace",
  team: "Team",
  gateway: "Gateway",
  managedBy: "Managed by",
} as const;
export type Facet = keyof typeof FACET_LEGENDS;

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

  /** The names of the rows shown, in order. */
  async rowNames(): Promise<string[]> {
    return this.rows().evaluateAll((rows) => rows.map((r) => r.getAttribute("data-api") ?? ""));
  }

  async expectRows(names: string[]): Promise<void> {
    await expect.poll(() => this.rowNames()).toEqual(names);
  }

  searchBox(): Locator {
    return this.page.getByRole("searchbox", { name: "Search APIs" });
  }

  async search(text: string): Promise<void> {
    await this.searchBox().fill(text);
    await this.searchBox().press("Enter");
  }

  facetGroup(facet: Facet): Locator {
    return this.page.getByRole("group", { name: FACET_LEGENDS[facet], exact: true });
  }

  /** The checkbox of one facet value (its name is "<value> <count> API(s)"). */
  facet(facet: Facet, value: string): Locator {
    return this.facetGroup(facet).getByRole("checkbox", { name: new RegExp(`^${escape(value)} \\d+ APIs?$`) });
  }

  /** The count shown next to a facet value, or null when the value is not listed (read at once, no waiting). */
  async facetCount(facet: Facet, value: string): Promise<number | null> {
    return this.page.evaluate(([f, v]) => {
      for (const label of document.querySelectorAll(`fieldset[data-facet="${f}"] label`)) {
        if (label.querySelector('[data-testid="facet-value"]')?.textContent !== v) continue;
        return Number(label.querySelector('[data-testid="facet-count"]')?.textContent?.replace(/\D+/g, ""));
      }
      return null;
    }, [facet, value] as const);
  }

  sortSelect(): Locator {
    return this.page.getByLabel("Sort");
  }

  async nextPage(): Promise<void> {
    await this.page.getByRole("button", { name: "Next page" }).click();
  }

  async previousPage(): Promise<void> {
    await this.page.getByRole("button", { name: "Previous page" }).click();
  }
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
