// Registration round trips: `count` registrations (POST /api/v1/apis, a new Kong service and route
// each), one at a time, each timed from the request to its 201.
import { percentile, round } from "./measure";

export async function measureRegistrations(base: string, token: string, count = 20): Promise<{ p50: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    const res = await fetch(`${base}/api/v1/apis`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ name: `bench-reg-${i}`, upstream: { url: `http://reg-${i}.internal:8080` }, route: { paths: [`/bench-reg-${i}`] } }),
    });
    await res.arrayBuffer();
    if (res.status !== 201) throw new Error(`register: HTTP ${res.status}`);
    times.push(performance.now() - t);
  }
  return { p50: round(percentile(times, 50)), p95: round(percentile(times, 95)) };
}
