// V8 (Node 20's) builds JSON.stringify's answer in parts of growing size (32, 64, 128, ...
// characters) joined by rope nodes: a 700-character resolve answer is a tree of about eight
// nodes, 32 bytes each, and the parts' own headers. Flattened later (when written to a socket),
// the tree stays as a wrapper around the flat copy. A string kept for long (a cached answer) is
// copied once into one flat string instead, and the tree dies young.

/** `s` as one flat string (a copy through UTF-8 bytes). */
export function flatString(s: string): string {
  return Buffer.from(s, "utf8").toString("utf8");
}
