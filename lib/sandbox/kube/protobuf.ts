// Just enough of the Kubernetes protobuf encoding to accept `kubectl create namespace` and
// `kubectl create secret generic`, which send their body as application/vnd.kubernetes.protobuf
// (kubectl 1.32 does not fall back to JSON on 415). Other kinds in protobuf stay unsupported:
// guessing field numbers would silently build wrong objects.
import type { Json } from "./types";

type FieldType = "string" | "bytes" | "varint" | "bool" | "map" | "bytesMap" | "strings" | { message: Schema };
type Schema = Record<number, { name: string; type: FieldType }>;

// Field numbers from k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto and k8s.io/api/core/v1.
const OBJECT_META: Schema = {
  1: { name: "name", type: "string" },
  2: { name: "generateName", type: "string" },
  3: { name: "namespace", type: "string" },
  11: { name: "labels", type: "map" },
  12: { name: "annotations", type: "map" },
  14: { name: "finalizers", type: "strings" },
};
const NAMESPACE: Schema = {
  1: { name: "metadata", type: { message: OBJECT_META } },
  2: { name: "spec", type: { message: { 1: { name: "finalizers", type: "strings" } } } },
};
// core/v1 Secret: `data` is map<string, bytes> (base64 in JSON), `stringData` map<string, string>.
const SECRET: Schema = {
  1: { name: "metadata", type: { message: OBJECT_META } },
  2: { name: "data", type: "bytesMap" },
  3: { name: "type", type: "string" },
  4: { name: "stringData", type: "map" },
  5: { name: "immutable", type: "bool" },
};
const KINDS: Record<string, Schema> = { "v1/Namespace": NAMESPACE, "v1/Secret": SECRET };
const TYPE_META: Schema = { 1: { name: "apiVersion", type: "string" }, 2: { name: "kind", type: "string" } };
const UNKNOWN: Schema = { 1: { name: "typeMeta", type: { message: TYPE_META } }, 2: { name: "raw", type: "bytes" } };

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]); // "k8s\0"

class Reader {
  pos = 0;
  constructor(readonly buf: Buffer) {}
  varint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (this.pos >= this.buf.length) throw new Error("truncated varint");
      const b = this.buf[this.pos++];
      result += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) return result;
      shift += 7;
    }
  }
  bytes(): Buffer {
    const len = this.varint();
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }
  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.pos += 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
}

function decode(buf: Buffer, schema: Schema): Json {
  const r = new Reader(buf);
  const out: Json = {};
  while (r.pos < buf.length) {
    const key = r.varint();
    const field = schema[Math.floor(key / 8)];
    const wire = key & 7;
    if (!field) {
      r.skip(wire);
      continue;
    }
    const t = field.type;
    if (t === "varint") out[field.name] = r.varint();
    else if (t === "bool") out[field.name] = r.varint() !== 0;
    else if (t === "bytes") out[field.name] = r.bytes();
    else if (t === "string") {
      // proto2 sends empty optional strings; JSON omits them (omitempty).
      const str = r.bytes().toString("utf8");
      if (str) out[field.name] = str;
    }
    else if (t === "strings") (out[field.name] ??= []).push(r.bytes().toString("utf8"));
    else if (t === "map") {
      const entry = decode(r.bytes(), { 1: { name: "k", type: "string" }, 2: { name: "v", type: "string" } });
      (out[field.name] ??= {})[entry.k ?? ""] = entry.v ?? "";
    } else if (t === "bytesMap") {
      const entry = decode(r.bytes(), { 1: { name: "k", type: "string" }, 2: { name: "v", type: "bytes" } });
      (out[field.name] ??= {})[entry.k ?? ""] = Buffer.from(entry.v ?? []).toString("base64");
    } else out[field.name] = decode(r.bytes(), t.message);
  }
  return out;
}

/** Decodes a protobuf request body of a supported kind into JSON; undefined when unsupported. */
export function decodeProtobuf(buf: Buffer): Json | undefined {
  if (buf.length < 4 || !buf.subarray(0, 4).equals(MAGIC)) return undefined;
  try {
    const unknown = decode(buf.subarray(4), UNKNOWN);
    const apiVersion = unknown.typeMeta?.apiVersion ?? "";
    const kind = unknown.typeMeta?.kind ?? "";
    const schema = KINDS[`${apiVersion}/${kind}`];
    if (!schema || !Buffer.isBuffer(unknown.raw)) return undefined;
    return { apiVersion, kind, ...decode(unknown.raw, schema) };
  } catch {
    return undefined;
  }
}
