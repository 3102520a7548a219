// What a test started, stopped after it: a test hands each sandbox, worker or database it starts
// to the returned function, and after the test they are stopped (or disposed of), newest first,
// so a worker stops before the database and the gateway it uses.
import { afterEach } from "vitest";

type Stoppable = { stop(): Promise<unknown> } | { dispose(): Promise<unknown> };

/** Registers the afterEach; returns `track`, which takes what a test started and returns it. */
export function stopAfterEach(): <T extends Stoppable>(started: T) => T {
  let started: Stoppable[] = [];
  afterEach(async () => {
    const newestFirst = started.reverse();
    started = [];
    for (const s of newestFirst) await ("stop" in s ? s.stop() : s.dispose());
  });
  return (s) => {
    started.push(s);
    return s;
  };
}
