// API tokens from Settings: a new token's secret is shown once with a copy button and works;
// revoked, it is marked revoked and refused; the audit log lists both writes, filters by actor
// and action prefix, and pages with "load more".
import { expect, test } from "@playwright/test";
import { AuditPage } from "./pages/audit-page";
import { TokensPage } from "./pages/tokens-page";
import { createToken, revokeToken, tokenWorks } from "./fixtures/admin";
import { signInContext, uniqueId } from "./fixtures/signpost";

test("creating a token shows its secret once with a copy button; revoking marks it revoked; both are audited", async ({ page, context, baseURL, request }) => {
  const name = `e2e-tok-${uniqueId()}`;
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  await signInContext(page);
  const tokens = new TokensPage(page);
  await tokens.goto();
  await tokens.create(name, "editor");

  await expect(tokens.secretPanel()).toContainText(`Token ${name} created (editor)`);
  await expect(tokens.secretPanel()).toContainText("Store it now");
  const secret = await tokens.secret();
  await tokens.secretPanel().getByRole("button", { name: `Copy the secret of token ${name}` }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  expect(await tokenWorks(request, secret)).toBe(true);

  const row = tokens.row(name);
  await expect(row).toContainText("editor");
  await expect(row).toContainText(secret.slice(0, 12));
  await expect(row.getByTestId("token-status")).toHaveText("active");
  // Only once: dismissed, or on the next visit, the secret is gone.
  await tokens.secretPanel().getByRole("button", { name: "I have stored it" }).click();
  await expect(tokens.secretPanel()).toHaveCount(0);
  await expect(page.getByText(secret)).toHaveCount(0);
  await page.reload();
  await expect(row).toBeVisible();
  expect(await page.content()).not.toContain(secret);

  await tokens.revoke(name);
  await expect(row).toHaveAttribute("data-revoked", "true");
  await expect(row.getByTestId("token-status")).toContainText("revoked");
  await expect(row.getByRole("button", { name: `Revoke token ${name}` })).toHaveCount(0);
  expect(await tokenWorks(request, secret)).toBe(false);

  const id = await page.request.get("/api/v1/tokens").then(async (r) => ((await r.json()) as { data: { id: string; name: string }[] }).data.find((t) => t.name === name)!.id);
  const audit = new AuditPage(page);
  await audit.goto("?action=token.");
  await expect(audit.row("token.revoke", `token:${id}`)).toContainText("bootstrap-admin");
  await expect(audit.row("token.create", `token:${id}`)).toBeVisible();
  await audit.row("token.create", `token:${id}`).getByText("Before and after").click();
  await expect(audit.row("token.create", `token:${id}`)).toContainText(`"role": "editor"`);
});

test("an editor token scoped to teams shows its teams; others show every team", async ({ page }) => {
  const name = `e2e-scoped-${uniqueId()}`;
  await signInContext(page);
  const tokens = new TokensPage(page);
  await tokens.goto();
  // the teams field is for editor tokens only
  await tokens.form().getByLabel("Role").selectOption("viewer");
  await expect(tokens.form().getByLabel("Teams (optional)")).toHaveCount(0);
  await tokens.create(name, "editor", "shop, web");
  await expect(tokens.secretPanel()).toContainText(`Token ${name} created (editor)`);
  await expect(tokens.row(name).getByTestId("token-teams")).toHaveText("shopweb");
  const unscoped = `e2e-unscoped-${uniqueId()}`;
  await tokens.create(unscoped, "editor");
  await expect(tokens.row(unscoped).getByTestId("token-teams")).toHaveText("every team");
  // a bad team name is refused next to the field
  await tokens.create(`e2e-bad-${uniqueId()}`, "editor", "Not A Team");
  await expect(tokens.form().getByTestId("field-messages")).toContainText("a team is lower-case letters");
});

test("the audit log filters by actor and action prefix, newest first, 50 at a time", async ({ page, request }) => {
  test.setTimeout(60_000);
  // Per-test actor: an admin token of its own makes 51 writes, so the filters see only them.
  const actorName = `e2e-auditor-${uniqueId()}`;
  const actor = await createToken(request, actorName, "admin");
  const made: string[] = [];
  for (let i = 0; i < 51; i++) made.push((await createToken(request, `${actorName}-${i}`, "viewer", actor.token)).id);
  await revokeToken(request, made[0], actor.token);

  await signInContext(page);
  const audit = new AuditPage(page);
  await audit.goto();
  await audit.filter({ actor: `token:${actorName}` });
  await expect(page).toHaveURL(new RegExp(`actor=token%3A${actorName}`));
  await expect(audit.rows()).toHaveCount(50);
  await expect(audit.summary()).toHaveText("50+ entries match the filters");
  // Newest first: the revocation, then the creations from the last back.
  await expect(audit.rows().first()).toHaveAttribute("data-action", "token.revoke");
  await expect(audit.rows().nth(1)).toHaveAttribute("data-target", `token:${made[50]}`);
  await audit.loadMore().click();
  await expect(audit.rows()).toHaveCount(52);
  await expect(audit.rows().last()).toHaveAttribute("data-target", `token:${made[0]}`);
  await expect(audit.loadMore()).toHaveCount(0);
  await expect(audit.summary()).toHaveText("52 entries match the filters");

  await audit.filter({ actor: `token:${actorName}`, action: "token.rev" });
  await expect(audit.rows()).toHaveCount(1);
  await expect(audit.row("token.revoke", `token:${made[0]}`)).toBeVisible();
  await page.getByRole("button", { name: "Clear" }).click();
  await expect(page).toHaveURL(/\/settings\/audit$/);
  await expect(audit.summary()).toHaveText(/^50\+ entries$/);
});
