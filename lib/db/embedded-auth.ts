// Password authentication for the embedded database's wire-protocol server. pglite-socket hands
// every connection straight to PGlite, which accepts any user and password; this runs
// PostgreSQL's SCRAM-SHA-256 exchange (RFC 5802/7677, as PostgreSQL's auth-scram.c does) first
// and only then passes the connection on, its startup message replayed so that PGlite answers
// AuthenticationOk and the session parameters as usual.
import crypto from "node:crypto";
import type { Socket } from "node:net";

const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;
const ITERATIONS = 4096;
const AUTH_TIMEOUT_MS = 10_000;

type Keys = { salt: Buffer; storedKey: Buffer; serverKey: Buffer };

const hmac = (key: Buffer, text: string) => crypto.createHmac("sha256", key).update(text).digest();

/** The SCRAM verifier of `password` (what PostgreSQL stores instead of the password). */
function verifier(password: string): Keys {
  const salt = crypto.randomBytes(16);
  const salted = crypto.pbkdf2Sync(password.normalize("NFKC"), salt, ITERATIONS, 32, "sha256");
  const clientKey = hmac(salted, "Client Key");
  return { salt, storedKey: crypto.createHash("sha256").update(clientKey).digest(), serverKey: hmac(salted, "Server Key") };
}

/**
 * Wraps a PGLiteSocketServer's connection handler: each connection must authenticate with
 * `password` (any user name) before `accept` receives it.
 */
export function requirePassword(server: { handleConnection(socket: Socket): Promise<void> }, password: string): void {
  const keys = verifier(password);
  const accept = server.handleConnection.bind(server);
  server.handleConnection = async (socket: Socket) => {
    const startup = await authenticate(socket, keys).catch(() => null);
    if (!startup) return;
    socket.pause();
    socket.unshift(startup);
    await accept(socket);
    socket.resume();
  };
}

/** Runs the exchange; resolves with the bytes to replay (startup message and anything after the proof), or null. */
function authenticate(socket: Socket, keys: Keys): Promise<Buffer | null> {
  return new Promise((resolve) => {
    let buf = Buffer.alloc(0);
    let startup: Buffer | null = null;
    let user = "";
    let gs2 = "";
    let clientFirstBare = "";
    let serverFirst = "";
    let nonce = "";
    const timer = setTimeout(() => fail("authentication timed out"), AUTH_TIMEOUT_MS);
    const done = (result: Buffer | null) => {
      clearTimeout(timer);
      socket.off("data", onData);
      socket.off("error", onClose);
      socket.off("close", onClose);
      resolve(result);
    };
    const fail = (message: string) => {
      socket.end(errorResponse(message));
      done(null);
    };
    const onClose = () => done(null);
    const onData = (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        if (!startup) {
          if (buf.length < 8) return;
          const len = buf.readInt32BE(0);
          if (len < 8 || len > 10_000) return fail("invalid startup packet");
          if (buf.length < len) return;
          const code = buf.readInt32BE(4);
          const packet = buf.subarray(0, len);
          buf = buf.subarray(len);
          if (code === SSL_REQUEST || code === GSS_REQUEST) {
            socket.write("N"); // no TLS on loopback; the client goes on in plain text
            continue;
          }
          if (code === CANCEL_REQUEST) return fail("cancel requests are not supported");
          if (code !== PROTOCOL_3) return fail("unsupported frontend protocol");
          startup = Buffer.from(packet);
          user = startupParam(packet, "user") ?? "";
          socket.write(authMessage(10, Buffer.from("SCRAM-SHA-256\0\0")));
          continue;
        }
        if (buf.length < 5) return;
        const len = buf.readInt32BE(1);
        if (buf[0] !== 0x70 /* p */ || len < 4 || len > 10_000) return fail(`password authentication failed for user "${user}"`);
        if (buf.length < len + 1) return;
        const body = buf.subarray(5, len + 1);
        buf = buf.subarray(len + 1);
        if (!clientFirstBare) {
          // SASLInitialResponse: mechanism, int32 length, client-first-message ("n,,n=...,r=nonce")
          const end = body.indexOf(0);
          const first = body.subarray(end + 5).toString("utf8");
          // gs2 header "n,," or "y,,": no channel binding (none is offered without TLS)
          const m = /^([ny],,)(n=[^,]*,r=([\x21-\x2b\x2d-\x7e]+))$/.exec(first);
          if (body.subarray(0, end).toString() !== "SCRAM-SHA-256" || !m) return fail("unsupported SASL exchange (SCRAM-SHA-256 without channel binding is expected)");
          gs2 = m[1];
          clientFirstBare = m[2];
          nonce = m[3] + crypto.randomBytes(18).toString("base64");
          serverFirst = `r=${nonce},s=${keys.salt.toString("base64")},i=${ITERATIONS}`;
          socket.write(authMessage(11, Buffer.from(serverFirst)));
          continue;
        }
        // SASLResponse: client-final-message "c=<base64 of gs2 header>,r=nonce,p=proof"
        const final = body.toString("utf8");
        const m = /^(c=([^,]*),r=([^,]+)),p=([A-Za-z0-9+/=]+)$/.exec(final);
        if (!m || m[2] !== Buffer.from(gs2).toString("base64") || m[3] !== nonce) return fail(`password authentication failed for user "${user}"`);
        const authText = `${clientFirstBare},${serverFirst},${m[1]}`;
        const proof = Buffer.from(m[4], "base64");
        const signature = hmac(keys.storedKey, authText);
        if (proof.length !== signature.length) return fail(`password authentication failed for user "${user}"`);
        const clientKey = Buffer.from(proof.map((b, i) => b ^ signature[i]));
        const stored = crypto.createHash("sha256").update(clientKey).digest();
        if (!crypto.timingSafeEqual(stored, keys.storedKey)) return fail(`password authentication failed for user "${user}"`);
        socket.write(authMessage(12, Buffer.from(`v=${hmac(keys.serverKey, authText).toString("base64")}`)));
        return done(Buffer.concat([startup, buf]));
      }
    };
    socket.on("data", onData);
    socket.on("error", onClose);
    socket.on("close", onClose);
  });
}

function startupParam(packet: Buffer, name: string): string | undefined {
  const parts = packet.subarray(8).toString("utf8").split("\0");
  for (let i = 0; i + 1 < parts.length; i += 2) if (parts[i] === name) return parts[i + 1];
  return undefined;
}

/** An Authentication message (R) of the given kind with its data. */
function authMessage(kind: number, data: Buffer): Buffer {
  const out = Buffer.alloc(9 + data.length);
  out.write("R", 0);
  out.writeInt32BE(8 + data.length, 1);
  out.writeInt32BE(kind, 5);
  data.copy(out, 9);
  return out;
}

/** A FATAL ErrorResponse (E) with SQLSTATE 28P01 (invalid_password). */
function errorResponse(message: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C28P01\0M${message}\0\0`);
  const out = Buffer.alloc(5 + fields.length);
  out.write("E", 0);
  out.writeInt32BE(4 + fields.length, 1);
  fields.copy(out, 5);
  return out;
}
