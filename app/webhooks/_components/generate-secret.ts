// A random webhook signing secret: 32 letters and digits from the browser's CSPRNG (about 190
// bits), unbiased by rejecting bytes past the last whole multiple of the alphabet's length.
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const LIMIT = 256 - (256 % ALPHABET.length);

/** `length` random characters of [A-Za-z0-9]; `random` fills a byte array (crypto.getRandomValues). */
export function generateSecret(length = 32, random: (a: Uint8Array) => Uint8Array = (a) => crypto.getRandomValues(a)): string {
  let out = "";
  while (out.length < length) {
    for (const b of random(new Uint8Array(length * 2))) {
      if (b < LIMIT) out += ALPHABET[b % ALPHABET.length];
      if (out.length === length) break;
    }
  }
  return out;
}
