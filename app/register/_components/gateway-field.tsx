// The gateway to register on: a select of the configured gateways (preselected when only one).
import { useId } from "react";
import type { Gateway } from "@/lib/queries/gateways";
import { FieldMessages, INPUT } from "@/components/ui/text-field";

type Props = { gateways?: Gateway[]; loading: boolean; value: string; onChange: (name: string) => void; messages?: string[] };

export function GatewayField({ gateways, loading, value, onChange, messages }: Props) {
  const id = useId();
  return (
    <div className="max-w-md space-y-1">
      <label htmlFor={id} className="block text-base font-semibold">Gateway</label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={messages?.length ? `${id}-msg` : undefined}
        aria-invalid={messages?.length ? true : undefined}
        className={INPUT}
      >
        {loading ? <option value="">Loading gateways…</option> : null}
        {!loading && (gateways?.length ?? 0) !== 1 ? <option value="">Choose a gateway</option> : null}
        {gateways?.map((g) => (
          <option key={g.name} value={g.name}>
            {g.name}
            {g.proxyUrl ? ` (${g.proxyUrl})` : ""}
            {g.dbless ? " — DB-less" : ""}
          </option>
        ))}
      </select>
      {!loading && gateways?.length === 0 ? <p className="text-sm">No gateway is configured: Signpost cannot register APIs here.</p> : null}
      <RegisterVia gateway={gateways?.find((g) => g.name === value)} />
      <FieldMessages id={`${id}-msg`} messages={messages} />
    </div>
  );
}

const VIA_TEXT = {
  "admin-api": "Registered through the gateway's Admin API",
  ingress: "Registered as an Ingress in the cluster (the Ingress Controller configures the gateway)",
  httproute: "Registered as an HTTPRoute in the cluster (the Ingress Controller configures the gateway)",
  manifest: "Registered as a manifest: Signpost records it and gives you the YAML to apply (nothing is applied)",
} as const;

/** How a registration reaches the chosen gateway, and why. */
function RegisterVia({ gateway }: { gateway?: Gateway }) {
  if (!gateway?.registerVia) return null;
  return (
    <p className="text-sm text-slate-700 dark:text-slate-300" data-testid="register-via">
      <strong>{VIA_TEXT[gateway.registerVia]}.</strong> {gateway.registerViaReason}
    </p>
  );
}
