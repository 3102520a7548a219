import { randomBytes, randomInt } from "node:crypto";

/**
 * Kong's random_string (kong/tools/rand.lua): 24 random bytes in base64, 32 characters, with "/"
 * and "+" swapped for a random capital and small letter. Used for generated keys and secrets.
 */
export function randomString(): string {
  const b64 = randomBytes(24).toString("base64");
  return b64.replace(/[/+]/g, (c) => String.fromCharCode(c === "/" ? randomInt(65, 91) : randomInt(97, 123)));
}
