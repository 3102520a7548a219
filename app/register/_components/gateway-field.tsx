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
            {g.dbless ? " — DB-less, read-only" : ""}
          </option>
        ))}
      </select>
      {!loading && gateways?.length === 0 ? <p className="text-sm">No gateway is configured: Signpost cannot register APIs here.</p> : null}
      <FieldMessages id={`${id}-msg`} messages={messages} />
    </div>
  );
}
