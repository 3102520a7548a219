// What the webhook code needs from the configuration, built once per configuration: the allow
// list of the URL guard and the SecretBox (loading or generating the key touches the disk).
import { loadConfig, type Config } from "../env";
import { loadSecretKey } from "./load-secret-key";
import { SecretBox } from "./secret-box";

export type WebhookSettings = {
  /** SIGNPOST_WEBHOOK_ALLOW */
  allow: string | undefined;
  box: SecretBox;
  timeoutMs: number;
  maxAgeMs: number;
  disableAfterMs: number;
};

const built = new WeakMap<Config, WebhookSettings>();

/** The webhook settings of `config` (the process configuration by default). */
export function webhookSettings(config: Config = loadConfig()): WebhookSettings {
  let s = built.get(config);
  if (!s) {
    s = {
      allow: config.SIGNPOST_WEBHOOK_ALLOW,
      box: new SecretBox(loadSecretKey({ secretKey: config.SIGNPOST_SECRET_KEY, dataDir: config.dataDir })),
      timeoutMs: config.SIGNPOST_WEBHOOK_TIMEOUT,
      maxAgeMs: config.SIGNPOST_WEBHOOK_MAX_AGE,
      disableAfterMs: config.SIGNPOST_WEBHOOK_DISABLE_AFTER,
    };
    built.set(config, s);
  }
  return s;
}
