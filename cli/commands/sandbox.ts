// `signpost sandbox [--kube-port N] [--state FILE] [--kubeconfig FILE] [--no-seed] [--no-gateway-api]`:
// the sandbox cluster on its own, for other tools and tests. Prints where it listens.
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../../lib/env";
import { startSandboxCluster } from "../../lib/sandbox/kube";
import { assertPortFree } from "../../lib/runtime/check-port";
import { CliError, EXIT } from "../fail";

export async function run(args: string[]): Promise<void> {
  const config = loadConfig();
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        "kube-port": { type: "string" },
        state: { type: "string" },
        kubeconfig: { type: "string" },
        "no-seed": { type: "boolean" },
        "no-gateway-api": { type: "boolean" },
        "expired-mode": { type: "string" },
      },
    }));
  } catch (err) {
    throw new CliError(`sandbox: ${(err as Error).message}`, EXIT.usage);
  }
  const port = values["kube-port"] !== undefined ? Number(values["kube-port"]) : config.SIGNPOST_SANDBOX_KUBE_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`sandbox: --kube-port must be a port number`, EXIT.usage);
  const mode = values["expired-mode"];
  if (mode && mode !== "event" && mode !== "status") throw new CliError(`sandbox: --expired-mode must be "event" or "status"`, EXIT.usage);
  await assertPortFree(port, values["kube-port"] !== undefined ? "--kube-port" : "SIGNPOST_SANDBOX_KUBE_PORT", "127.0.0.1");
  const cluster = await startSandboxCluster({
    port,
    name: "sandbox",
    stateFile: values.state,
    seed: !values["no-seed"],
    gatewayApi: !values["no-gateway-api"],
    ...(mode ? { expiredMode: mode as "event" | "status" } : {}),
  });
  const kubeconfig = path.resolve(values.kubeconfig ?? path.join(config.dataDir, "sandbox.kubeconfig"));
  cluster.writeKubeconfig(kubeconfig, { context: "sandbox", user: "sandbox-user" });
  process.stdout.write(`sandbox cluster: ${cluster.url}\nkubeconfig:      ${kubeconfig}\n  kubectl --kubeconfig ${kubeconfig} get svc -A\n`);
  const stop = async () => {
    await cluster.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
  await new Promise(() => {});
}
