import { describe, expect, it } from "vitest";
import { SseParser } from "./parse-sse";

describe("SseParser", () => {
  it("parses what the events endpoint sends, including comments and the retry hint", () => {
    const p = new SseParser();
    const out = p.push(`retry: 2000\n: signpost events after 2\n\nid: 3\nevent: api.updated\ndata: {"id":"3"}\n\n: keep-alive\n\n`);
    expect(out).toEqual([{ id: "3", event: "api.updated", data: '{"id":"3"}' }]);
    expect(p.retryMs).toBe(2000);
    expect(p.lastEventId).toBe("3");
  });

  it("joins events split across chunks at any point, \\r\\n line ends included", () => {
    const text = "id: 7\r\nevent: api.gone\r\ndata: a\r\ndata: b\r\n\r\nid: 8\ndata: c\n\n";
    for (let cut = 1; cut < text.length; cut++) {
      const p = new SseParser();
      const out = [...p.push(text.slice(0, cut)), ...p.push(text.slice(cut))];
      expect(out, `cut at ${cut}`).toEqual([
        { id: "7", event: "api.gone", data: "a\nb" },
        { id: "8", event: "message", data: "c" },
      ]);
    }
  });

  it("keeps the last id for events without one and ignores events without data", () => {
    const p = new SseParser();
    expect(p.push("id: 4\n\ndata: x\n\n")).toEqual([{ id: "4", event: "message", data: "x" }]);
  });
});
