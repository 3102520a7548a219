// Types of bin/heap-after-bursts.mjs (plain JavaScript: the web image runs it as it is).
export declare const BURST_REQUESTS: number;
export declare const QUIET_MS: number;
export declare const LEAN_GROWTH_PERCENT: number;
export declare const BURST_GROWTH_PERCENT: number;
export type HeapBurstsState = { requests: number; inBurst: boolean; collections: number; lastCollectionMs: number; growthPercent: number };
export declare function requestBursts(o?: {
  threshold?: number;
  quietMs?: number;
  setGrowth?: (percent: number) => void;
  collect?: () => void;
  now?: () => number;
}): { note(): void; stop(): void; state: HeapBurstsState };
export declare function heapAfterBurstsState(): HeapBurstsState | undefined;
