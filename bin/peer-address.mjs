// Preloaded into the web server (node --import ./bin/peer-address.mjs). It records each request's
// TCP peer address in the x-signpost-peer header, replacing any value a client sent. Next.js
// gives route handlers no socket, and X-Forwarded-For is whatever the client wrote; this header
// is what trusted-proxy authentication and rate limiting rely on (lib/auth/client-address.ts).
import http from "node:http";
// parser errors answered with the REST API's error body (bin/client-errors.mjs)
import "./client-errors.mjs";

// A web server whose output pipe is gone (its parent, e.g. `npm start` or the bench, was killed)
// exits instead of failing every log write: left running, it spent a whole core once its
// database also went away (998 of 1,000 CPU ticks in 10 s).
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err) => {
    if (err && err.code === "EPIPE") process.exit(0);
    throw err;
  });
}

/** The TCP peer address of `req`, IPv4-mapped addresses as plain IPv4. */
export function peerAddress(req) {
  const address = (req.socket && req.socket.remoteAddress) || "";
  return address.startsWith("::ffff:") ? address.slice(7) : address;
}

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, req) {
  if (event === "request" && req && req.headers) req.headers["x-signpost-peer"] = peerAddress(req);
  return emit.apply(this, arguments);
};
