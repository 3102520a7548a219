// The version reader shares queries between concurrent callers, but never hands a caller the
// answer of a query sent before it arrived.
import { describe, expect, it } from "vitest";
import { VersionReader } from "./catalog-version";

function controlled() {
  const sent: { resolve: (s: string) => void; reject: (e: Error) => void }[] = [];
  const reader = new VersionReader(() => new Promise<string>((resolve, reject) => sent.push({ resolve, reject })));
  return { reader, sent };
}

describe("VersionReader", () => {
  it("gives callers that arrive while a query is in flight the next query's answer, one query for all of them", async () => {
    const { reader, sent } = controlled();
    const first = reader.read();
    expect(sent).toHaveLength(1);
    // arrive after the first query was sent (a commit may have happened in between)
    const later = [reader.read(), reader.read(), reader.read()];
    expect(sent).toHaveLength(1);
    sent[0].resolve("s1");
    expect(await first).toBe("s1");
    await Promise.resolve();
    await Promise.resolve();
    expect(sent).toHaveLength(2);
    sent[1].resolve("s2");
    expect(await Promise.all(later)).toEqual(["s2", "s2", "s2"]);
    // nothing in flight: a new caller sends its own query
    const alone = reader.read();
    expect(sent).toHaveLength(3);
    sent[2].resolve("s3");
    expect(await alone).toBe("s3");
  });

  it("sends the queued query after a failed one, and reports each failure to its own callers only", async () => {
    const { reader, sent } = controlled();
    const first = reader.read();
    const later = reader.read();
    sent[0].reject(new Error("connection reset"));
    await expect(first).rejects.toThrow("connection reset");
    await Promise.resolve();
    await Promise.resolve();
    expect(sent).toHaveLength(2);
    sent[1].resolve("s2");
    expect(await later).toBe("s2");
  });
});
