// Wakes a web server's event feed the moment change events commit: one dedicated connection
// LISTENs on the channel the change_events trigger notifies (migration change_event_notify).
// The feed keeps polling as well, so a lost connection or a database that delivers no
// notifications (the embedded PGlite's socket server does not) only brings back the polling delay.
import pg from "pg";
import { reconnectDelay } from "../client/backoff";
import { logger } from "../log";

export const CHANGE_CHANNEL = "signpost_change_events";
const PROBE = "signpost-listen-probe";

export type ChangeNotifier = {
  /** true once notifications were seen to arrive; false when the database does not deliver them */
  ready: Promise<boolean>;
  stop(): Promise<void>;
};

export type ChangeNotifierOptions = {
  /** how long to wait for the probe notification before concluding that none are delivered */
  probeTimeoutMs?: number;
};

/**
 * Listens for committed change events on a connection of its own (`config`, as the pool's) and
 * calls `onChange` for each notification and after every reconnection (events may have been
 * missed meanwhile). A listener that does not receive a probe notification sent from another
 * connection is closed, for good: that database does not deliver notifications between sessions.
 */
export function listenForChanges(config: pg.ClientConfig, onChange: () => void, o: ChangeNotifierOptions = {}): ChangeNotifier {
  let stopped = false;
  let client: pg.Client | undefined;
  let settle!: (ok: boolean) => void;
  const ready = new Promise<boolean>((r) => (settle = r));
  let wake: (() => void) | undefined;

  const connectOnce = async (): Promise<"lost" | "unsupported"> => {
    const c = new pg.Client({ ...config, application_name: "signpost-listen" });
    client = c;
    let probed!: () => void;
    const probe = new Promise<void>((r) => (probed = r));
    const lost = new Promise<"lost">((resolve) => {
      c.on("error", (err) => {
        logger.debug("change notifications: connection lost", { error: err.message });
        resolve("lost");
      });
      c.on("end", () => resolve("lost"));
    });
    c.on("notification", (n) => {
      if (n.channel !== CHANGE_CHANNEL) return;
      if (n.payload === PROBE) probed();
      else onChange();
    });
    await c.connect();
    await c.query(`LISTEN ${CHANGE_CHANNEL}`);
    // The probe comes from another connection: PGlite is one session underneath, and delivers a
    // notification to the connection that sent it, whoever listens.
    const sender = new pg.Client({ ...config, application_name: "signpost-listen-probe" });
    sender.on("error", () => {});
    try {
      await sender.connect();
      await sender.query(`SELECT pg_notify($1, $2)`, [CHANGE_CHANNEL, PROBE]);
    } finally {
      await sender.end().catch(() => {});
    }
    let timer: NodeJS.Timeout | undefined;
    const arrived = await Promise.race([probe.then(() => true), lost, new Promise<boolean>((r) => (timer = setTimeout(() => r(false), o.probeTimeoutMs ?? 2000)))]);
    clearTimeout(timer);
    if (arrived === "lost") return "lost";
    if (!arrived) {
      await c.end().catch(() => {});
      return "unsupported";
    }
    settle(true);
    onChange();
    return lost;
  };

  const run = async () => {
    for (let attempt = 0; !stopped; ) {
      try {
        const outcome = await connectOnce();
        if (outcome === "unsupported") {
          logger.debug("change notifications: the database delivers none; the event feed polls only");
          settle(false);
          return;
        }
        attempt = 0;
      } catch (err) {
        if (!stopped) logger.debug("change notifications: cannot listen", { error: (err as Error).message });
      }
      await client?.end().catch(() => {});
      client = undefined;
      if (stopped) return;
      await new Promise<void>((r) => {
        const t = setTimeout(r, reconnectDelay(attempt++));
        t.unref?.();
        wake = () => {
          clearTimeout(t);
          r();
        };
      });
      wake = undefined;
    }
  };
  const running = run();

  return {
    ready,
    async stop() {
      stopped = true;
      settle(false);
      wake?.();
      await client?.end().catch(() => {});
      await running;
    },
  };
}
