# Two images from one Dockerfile, on Node.js 22 LTS:
#   docker build --target web -t signpost-web .      Next.js standalone server (REST, pages, SSE)
#   docker build --target worker -t signpost-worker . the sync worker and the signpost CLI
# Both run compiled JavaScript only: the web app's standalone output, and dist/ (scripts/compile.mjs)
# with production dependencies for the worker; no tsx, no dev dependency.
FROM node:22-bookworm-slim AS deps
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 SIGNPOST_SKIP_BUILD=1
COPY package.json package-lock.json prisma.config.ts ./
COPY scripts ./scripts
COPY prisma ./prisma
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
ENV SIGNPOST_STANDALONE=1
# dist/ (server and CLI compiled to JavaScript) and the web app's standalone build
RUN node scripts/postinstall.mjs --build-only

# Production dependencies only (no install scripts: the Prisma client is generated into the
# sources and compiled into dist/ in the build stage).
FROM node:22-bookworm-slim AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:22-bookworm-slim AS web
WORKDIR /app
# A container serves on every interface (HOSTNAME for Next's server.js, HOST for `signpost start`).
# Two malloc arenas: less memory kept by glibc (lib/runtime/malloc-arenas.ts).
ENV NODE_ENV=production PORT=3000 HOSTNAME=0.0.0.0 HOST=0.0.0.0 NEXT_TELEMETRY_DISABLED=1 MALLOC_ARENA_MAX=2
COPY --from=build --chown=node:node /app/.next/standalone ./
COPY --from=build --chown=node:node /app/.next/static ./.next/static
# Migrations are read at run time (the web server applies pending ones at start-up).
COPY --from=build --chown=node:node /app/prisma/migrations ./prisma/migrations
# Records each request's peer address for trusted-proxy authentication and rate limiting; and
# Signpost's V8 settings (WebAssembly on Liftoff alone: less memory, docs/benchmarks.md).
COPY --from=build --chown=node:node /app/bin/peer-address.mjs ./peer-address.mjs
COPY --from=build --chown=node:node /app/bin/v8-settings.mjs ./v8-settings.mjs
# The catalog's hot reads (list, facets, one API, resolve) without Next's request pipeline, and the
# heap given back once a burst of requests is over.
COPY --from=build --chown=node:node /app/bin/direct-routes.mjs ./direct-routes.mjs
COPY --from=build --chown=node:node /app/bin/heap-after-bursts.mjs ./heap-after-bursts.mjs
COPY --from=build --chown=node:node /app/bin/direct-routes-preload.mjs ./direct-routes-preload.mjs
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# 8 MiB semi-spaces: V8 keeps a grown young generation committed for good (WEB_NODE_FLAGS in
# lib/runtime/web-process.ts; keep in step).
CMD ["node", "--max-semi-space-size=8", "--import", "./v8-settings.mjs", "--import", "./peer-address.mjs", "--import", "./direct-routes-preload.mjs", "server.js"]

FROM node:22-bookworm-slim AS worker
WORKDIR /app
# The worker's /metrics and /healthz listen on SIGNPOST_WORKER_METRICS_PORT (all interfaces here).
# Two malloc arenas and a fixed 128 KiB threshold for mapped blocks (lib/runtime/malloc-arenas.ts).
ENV NODE_ENV=production HOST=0.0.0.0 SIGNPOST_WORKER_METRICS_PORT=9464 MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072
COPY --from=prod-deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/bin ./bin
COPY --from=build --chown=node:node /app/prisma/migrations ./prisma/migrations
USER node
EXPOSE 9464
HEALTHCHECK --interval=10s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+process.env.SIGNPOST_WORKER_METRICS_PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# The worker holds the catalog's working set: 8 MiB semi-spaces, and the worker itself grows the
# heap by V8's own factor through a burst (a first sync) and 30 % past the live set once it is over
# (lib/util/heap-growth.ts; docs/benchmarks.md). The bench runs the worker with the same flags.
ENTRYPOINT ["node", "--max-semi-space-size=8", "bin/signpost.mjs"]
CMD ["worker"]
