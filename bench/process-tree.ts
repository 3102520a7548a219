// What a process tree holds in memory, read from Linux /proc: each process's resident set
// (VmRSS) split into anonymous and file-backed pages, and its largest resident anonymous mappings
// (where a WebAssembly memory, V8's heap or malloc's arenas sit), for the JSON of the footprint.
// Also the CPU and bytes written of processes, for the sync figures of bench/run.ts.
import fs from "node:fs";

export type ProcessFootprint = {
  pid: number;
  command: string;
  rss: number;
  rssAnon: number;
  rssFile: number;
  /** the largest resident anonymous mappings: [resident bytes, mapped bytes] */
  largest: [number, number][];
};

/** `pid` and all its descendants, parents first. */
export function processTree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    const dir = `/proc/${out[i]}/task`;
    let tasks: string[] = [];
    try {
      tasks = fs.readdirSync(dir);
    } catch {
      continue; // exited meanwhile
    }
    for (const t of tasks) {
      const kids = fs.readFileSync(`${dir}/${t}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
      for (const k of kids) if (!out.includes(k)) out.push(k);
    }
  }
  return out;
}

/** One process's resident memory, by kind. */
export function footprint(pid: number): ProcessFootprint {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0) * 1024;
  const maps: [number, number][] = [];
  let size = 0;
  let anonymous = false;
  for (const line of fs.readFileSync(`/proc/${pid}/smaps`, "utf8").split("\n")) {
    const range = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ (\d+)\s*(\S*)/.exec(line);
    if (range) {
      size = parseInt(range[2], 16) - parseInt(range[1], 16);
      anonymous = range[3] === "0" && (range[4] === "" || range[4] === "[heap]");
    } else if (line.startsWith("Rss:") && anonymous) maps.push([Number(/(\d+)/.exec(line)![1]) * 1024, size]);
  }
  const largest = maps.sort((a, b) => b[0] - a[0]).slice(0, 8);
  const command = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).slice(1, 4).join(" ");
  return { pid, command, rss: kb("VmRSS"), rssAnon: kb("RssAnon"), rssFile: kb("RssFile") + kb("RssShmem"), largest };
}

/** Every process of the tree rooted at `pid`. */
export function treeFootprint(pid: number): ProcessFootprint[] {
  return processTree(pid).flatMap((p) => {
    try {
      return [footprint(p)];
    } catch {
      return [];
    }
  });
}

/** CPU seconds (user + system) a process has used so far; 0 when it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    // fields after the command (which may hold spaces, so split after its closing parenthesis)
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
}

/** CPU seconds used so far by every process whose command is `comm` (e.g. the PostgreSQL server's backends). */
export function cpuSecondsOf(comm: string): number {
  let total = 0;
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (fs.readFileSync(`/proc/${d}/comm`, "utf8").trim() === comm) total += cpuSeconds(Number(d));
    } catch {
      // exited meanwhile
    }
  }
  return total;
}

/** Bytes a process has written through system calls so far (sockets included): /proc/<pid>/io wchar. */
export function bytesWritten(pid: number): number {
  try {
    return Number(/^wchar: (\d+)$/m.exec(fs.readFileSync(`/proc/${pid}/io`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
}
