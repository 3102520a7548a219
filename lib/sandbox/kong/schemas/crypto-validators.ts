// Certificate and key checks of Kong's schemas (typedefs.certificate / key, certificates.lua,
// ca_certificates.lua, keys.lua, jwt daos), done with node:crypto instead of lua-resty-openssl.
// Kong's messages carry OpenSSL's own error text after the prefix; the sandbox gives Node's.
import { createPrivateKey, createPublicKey, type KeyObject, X509Certificate } from "node:crypto";

const reason = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** typedefs.certificate: "invalid certificate: <why>" or null. */
export function validateCertificate(pem: string): string | null {
  try {
    new X509Certificate(pem);
    return null;
  } catch (e) {
    return `invalid certificate: x509.new: ${reason(e)}`;
  }
}

/** typedefs.key: a private key in PEM (or DER) form. */
export function validateKey(pem: string): string | null {
  try {
    createPrivateKey(pem);
    return null;
  } catch (e) {
    return `invalid key: pkey.new:load_key: ${reason(e)}`;
  }
}

const spki = (k: KeyObject) => k.export({ type: "spki", format: "pem" }).toString();

/** certificates.lua: the certificate's public key must be the key's. */
export function certificateMatchesKey(cert: string, key: string): boolean {
  try {
    return spki(new X509Certificate(cert).publicKey) === spki(createPublicKey(createPrivateKey(key)));
  } catch {
    return false;
  }
}

/** The key type of a certificate (rsa, ec, ed25519...), for the cert/cert_alt check. */
export function certificateKeyType(cert: string): string | undefined {
  try {
    return new X509Certificate(cert).publicKey.asymmetricKeyType;
  } catch {
    return undefined;
  }
}

/** ca_certificates.lua: one certificate, not expired, with the CA basic constraint. */
export function validateCaCertificate(pem: string, now = Date.now()): string | null {
  const marker = "-----BEGIN CERTIFICATE-----";
  const first = pem.indexOf(marker);
  if (first !== -1 && pem.indexOf(marker, first + marker.length + 1) !== -1) return "please submit only one certificate at a time";
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    return null; // the field validator already reported it
  }
  if (Date.parse(cert.validTo) < now) return 'certificate expired, "Not After" time is in the past';
  if (!cert.ca) return 'certificate does not appear to be a CA because it is missing the "CA" basic constraint';
  return null;
}

/** ca_certificates.lua on_write: hex SHA-256 of the DER certificate. */
export function certificateDigest(pem: string): string {
  return new X509Certificate(pem).fingerprint256.replace(/:/g, "").toLowerCase();
}

/** jwt daos: rsa_public_key must load as a key ("invalid key"). */
export function validateJwtKey(pem: string): string | null {
  try {
    createPublicKey(pem);
    return null;
  } catch {
    return "invalid key";
  }
}

/** keys.lua: a JWK string must parse, carry the same kid, and load as a key. */
export function validateJwk(jwk: string, kid: unknown): string | null {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(jwk) as Record<string, unknown>;
  } catch {
    return "could not json decode jwk string";
  }
  if (parsed.kid !== kid) return "kid in jwk.kid must be equal to keys.kid";
  try {
    createPublicKey({ key: parsed as import("node:crypto").JsonWebKey, format: "jwk" });
  } catch {
    return "could not load JWK";
  }
  return null;
}

/** typedefs.pem: each key given must load (public and/or private), and a pair must match. */
export function validatePemKeys(pem: { public_key?: unknown; private_key?: unknown }): string | null {
  let pub: KeyObject | undefined;
  let priv: KeyObject | undefined;
  try {
    if (typeof pem.public_key === "string") pub = createPublicKey(pem.public_key);
  } catch {
    return "could not load public key";
  }
  try {
    if (typeof pem.private_key === "string") priv = createPrivateKey(pem.private_key);
  } catch (e) {
    return `could not load private key${reason(e)}`;
  }
  if (pub && priv && spki(pub) !== spki(createPublicKey(priv))) return "public key does not match private key";
  return null;
}

/** oauth2 daos validate_uri: needs a scheme and a host, no fragment. */
export function validateRedirectUri(uri: string): string | null {
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    return `cannot parse '${uri}'`;
  }
  if (!u.host) return `cannot parse '${uri}'`;
  if (u.hash !== "" || uri.includes("#")) return `fragment not allowed in '${uri}'`;
  return null;
}
