// Module hooks that print every module the process loads, so a test can see what a command
// imports (tests/cli/startup-imports.test.ts).
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  process.stderr.write(`[import] ${result.url}\n`);
  return result;
}
