// The exposure chain as a diagram that is also a text: one ordered list per chain, each step a
// box with what it is, its name and its detail; the arrows between boxes are decoration.
import type { TApi } from "@/lib/api/schemas/api";
import { buildChains, type ChainStep } from "@/lib/catalog/build-chains";

const STEP_STYLE: Record<ChainStep["kind"], string> = {
  route: "border-violet-300 bg-violet-50 dark:border-violet-700 dark:bg-violet-950/50",
  ingress: "border-sky-300 bg-sky-50 dark:border-sky-700 dark:bg-sky-950/50",
  httproute: "border-cyan-300 bg-cyan-50 dark:border-cyan-700 dark:bg-cyan-950/50",
  service: "border-slate-300 bg-slate-50 dark:border-slate-600 dark:bg-slate-900",
  upstream: "border-slate-300 bg-slate-50 dark:border-slate-600 dark:bg-slate-900",
  pods: "border-emerald-300 bg-emerald-50 dark:border-emerald-700 dark:bg-emerald-950/50",
};

export function ExposureChain({ api }: { api: TApi }) {
  const chains = buildChains(api);
  return (
    <figure className="space-y-3" data-testid="exposure-chain">
      <figcaption className="text-sm text-slate-700 dark:text-slate-300">How a request reaches {api.name}, from the most external address inwards.</figcaption>
      {chains.length === 0 ? <p className="text-sm text-slate-700 dark:text-slate-300">No exposures.</p> : null}
      {chains.map((chain, i) => (
        <ol
          key={chain.id}
          aria-label={`Chain ${i + 1} of ${chains.length}`}
          className="flex flex-col gap-2 rounded border border-dashed border-slate-300 p-2 md:flex-row md:flex-wrap md:items-stretch md:border-0 md:p-0 dark:border-slate-700"
          data-testid="chain"
        >
          {chain.steps.map((step, j) => (
            <li key={`${step.kind}-${j}`} className="flex flex-col items-stretch gap-2 md:flex-row md:items-center">
              {j > 0 ? <span aria-hidden="true" className="self-center text-slate-600 md:px-1 dark:text-slate-400"><span className="md:hidden">↓</span><span className="hidden md:inline">→</span></span> : null}
              <div className={`min-w-0 rounded border px-3 py-2 text-sm md:max-w-xs ${STEP_STYLE[step.kind]} ${step.pending ? "border-dashed" : ""}`} data-step={step.kind}>
                <div className="text-xs font-semibold uppercase tracking-wide text-slate-700 dark:text-slate-300">{step.title}</div>
                <div className="break-all font-medium">{step.name}</div>
                {step.detail ? <div className="break-all text-xs text-slate-700 dark:text-slate-300">{step.detail}</div> : null}
              </div>
            </li>
          ))}
        </ol>
      ))}
    </figure>
  );
}
