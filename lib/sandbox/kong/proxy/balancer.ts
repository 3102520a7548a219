// The round-robin balancer of an upstream (kong/runloop/balancer): weighted, in turn, skipping
// targets of weight 0 and addresses marked UNHEALTHY; none left is Kong's 503 "failure to get a
// peer from the ring-balancer". Smooth weighted round robin stands in for Kong's wheel: the same
// share per weight, interleaved.
import type { TargetHealth } from "../target-health";
import { splitTarget } from "../target-health";
import type { Entity } from "../types";

/** A chosen peer. */
export type Peer = { host: string; port: number; target: Entity };

/** Round-robin state of every upstream, by upstream id. */
export class Balancers {
  private readonly current = new Map<string, Map<string, number>>();

  constructor(private readonly health: TargetHealth) {}

  /** The next peer of `upstream` among `targets`, or null when none is available. */
  pick(upstream: Entity, targets: readonly Entity[]): Peer | null {
    const live = targets.filter((t) => this.health.available(upstream, t));
    if (live.length === 0) return null;
    const state = this.current.get(upstream.id) ?? new Map<string, number>();
    this.current.set(upstream.id, state);
    const total = live.reduce((n, t) => n + (t.weight as number), 0);
    let best: Entity | null = null;
    for (const t of live) {
      const cw = (state.get(t.id) ?? 0) + (t.weight as number);
      state.set(t.id, cw);
      if (!best || cw > (state.get(best.id) ?? 0)) best = t;
    }
    state.set(best!.id, (state.get(best!.id) ?? 0) - total);
    return { ...splitTarget(best!.target as string), target: best! };
  }
}
