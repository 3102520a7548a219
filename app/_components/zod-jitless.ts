// In the browser zod must not compile validators with `new Function`: the page CSP forbids eval,
// and zod's probe for it alone makes the browser report a violation. Imported first by
// app/providers.tsx; the server keeps zod's compiled validators.
import { z } from "zod";

if (typeof window !== "undefined") z.config({ jitless: true });
