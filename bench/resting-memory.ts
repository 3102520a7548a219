// Resident memory at rest, for Signpost's processes and for the peer alike: one sample a second
// from REST_SECONDS to 2 x REST_SECONDS after the last request, and the median of each process's
// samples. Periodic work goes on meanwhile (Signpost's gateway polls, Backstage's processing
// loop); a single sample would say where it fell in that work more than what the process keeps.
import { processMemory, percentile } from "./measure";

export const REST_SECONDS = 10;

/** The median resident set of each process in `pids`, at rest. */
export async function restingMemory(pids: number[]): Promise<{ rss: number }[]> {
  const samples: number[][] = pids.map(() => []);
  await new Promise((r) => setTimeout(r, REST_SECONDS * 1000));
  for (let i = 0; i <= REST_SECONDS; i++) {
    pids.forEach((pid, j) => samples[j].push(processMemory(pid).rss));
    if (i < REST_SECONDS) await new Promise((r) => setTimeout(r, 1000));
  }
  return samples.map((s) => ({ rss: percentile(s, 50) }));
}
