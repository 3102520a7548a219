// Requests Node's HTTP parser refuses before any handler sees them (a request line and headers
// past its 16 KB limit, a malformed request, a request that took too long to arrive) are answered
// with the REST API's one error body (lib/api/errors.ts), not Node's default status line with no
// body: a client reading `error.code` and `error.message` gets them for these too. Imported by
// bin/peer-address.mjs, which every web server process preloads.
import http from "node:http";

/** The raw HTTP answer to a parser error, with the status Node would choose. */
export function clientErrorResponse(err) {
  const code = err && err.code;
  const [status, reason, body] =
    code === "HPE_HEADER_OVERFLOW"
      ? [431, "Request Header Fields Too Large", { code: "header_too_large", message: `the request line and headers are larger than ${http.maxHeaderSize} bytes` }]
      : code === "HPE_CHUNK_EXTENSIONS_OVERFLOW"
        ? [413, "Payload Too Large", { code: "payload_too_large", message: "the chunk extensions are too large" }]
        : code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? [408, "Request Timeout", { code: "request_timeout", message: "the request did not arrive in time" }]
        : [400, "Bad Request", { code: "bad_request", message: `malformed HTTP request${code ? ` (${code})` : ""}` }];
  const json = JSON.stringify({ error: body });
  return `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`;
}

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, err, socket) {
  // Only where the server has no handler of its own, as Node's default answer applies then.
  if (event === "clientError" && this.listenerCount("clientError") === 0 && socket) {
    // as Node does: only when no answer of an earlier request on this connection is being written
    if (socket.writable && (!socket._httpMessage || !socket._httpMessage._headerSent)) socket.write(clientErrorResponse(err));
    socket.destroy(err);
    return true;
  }
  return emit.apply(this, arguments);
};
