// glibc's malloc gives threads that allocate at the same time arenas of their own (up to eight per
// core), and memory freed in an arena stays resident there. Two arenas cut the worker's resident
// memory at 10k APIs by about 14 MiB in docs/benchmarks.md. glibc reads the setting when a
// process starts, so it is set for the web server child and in both images' ENV.
export const MALLOC_ENV = { MALLOC_ARENA_MAX: "2" } as const;

/** `env` with MALLOC_ARENA_MAX=2 unless it sets its own. */
export function withMallocArenas<T extends Record<string, string | undefined>>(env: T): T & typeof MALLOC_ENV {
  return { ...MALLOC_ENV, ...env } as T & typeof MALLOC_ENV;
}
