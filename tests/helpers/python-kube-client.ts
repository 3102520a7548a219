// Runs tests/conformance/kube-python-client.py, the official Python client (Debian's
// python3-kubernetes) driving a Kubernetes API server, and returns its recorded steps.
import { execFile } from "node:child_process";
import os from "node:os";
import path from "node:path";

/** Debian's interpreter: python3-kubernetes lives in its dist-packages, not in another Python's. */
export const DEBIAN_PYTHON = "/usr/bin/python3";
const SCRIPT = path.resolve(import.meta.dirname, "../conformance/kube-python-client.py");

/** Runs the script against a kubeconfig and a namespace it creates; rejects with its stderr on failure. */
export function runPythonClient(kubeconfig: string, namespace: string): Promise<Map<string, unknown>> {
  return new Promise((resolve, reject) => {
    execFile(DEBIAN_PYTHON, [SCRIPT, kubeconfig, namespace], { timeout: 90_000, env: { ...process.env, HOME: os.tmpdir() } }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`python client failed (${err.message}):\n${stderr.slice(-3000)}`));
      resolve(new Map(JSON.parse(stdout) as Array<[string, unknown]>));
    });
  });
}
