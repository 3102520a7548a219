// Sets of field paths as server-side apply tracks them (structured-merge-diff's fieldpath.Set):
// a tree whose nodes are path elements (a field name, a list item's key fields, a set item's value,
// or an index), each node either a member of the set itself or only a parent of members. Serialised
// as managedFields' FieldsV1 ("f:name", "k:{...}", "v:...", "i:N"; "." = the node itself).

/** One step of a path. */
export type PathElement =
  | { f: string }
  | { k: Array<[string, unknown]> } // key fields of an associative list item, sorted by name
  | { v: unknown } // the value of a set item
  | { i: number };

/** A path from the object root. */
export type FieldPath = PathElement[];

type Node = { pe: PathElement; member: boolean; children: Map<string, Node> };

const rank = (pe: PathElement) => ("f" in pe ? 0 : "k" in pe ? 1 : "v" in pe ? 2 : 3);

function scalarRank(v: unknown): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === "number") return 1;
  if (typeof v === "string") return 2;
  if (typeof v === "boolean") return 3;
  return 4;
}

function compareScalar(a: unknown, b: unknown): number {
  const ra = scalarRank(a);
  const rb = scalarRank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === "number" && typeof b === "number") return a - b;
  const sa = typeof a === "string" ? a : JSON.stringify(a);
  const sb = typeof b === "string" ? b : JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** The order structured-merge-diff sorts path elements in: field names, keys, values, indexes. */
export function comparePathElements(a: PathElement, b: PathElement): number {
  const d = rank(a) - rank(b);
  if (d !== 0) return d;
  if ("f" in a && "f" in b) return a.f < b.f ? -1 : a.f > b.f ? 1 : 0;
  if ("k" in a && "k" in b) {
    for (let j = 0; j < Math.min(a.k.length, b.k.length); j++) {
      if (a.k[j][0] !== b.k[j][0]) return a.k[j][0] < b.k[j][0] ? -1 : 1;
      const c = compareScalar(a.k[j][1], b.k[j][1]);
      if (c !== 0) return c;
    }
    return a.k.length - b.k.length;
  }
  if ("v" in a && "v" in b) return compareScalar(a.v, b.v);
  if ("i" in a && "i" in b) return a.i - b.i;
  return 0;
}

/** FieldsV1 key of a path element. */
export function encodeElement(pe: PathElement): string {
  if ("f" in pe) return `f:${pe.f}`;
  if ("k" in pe) return `k:${JSON.stringify(Object.fromEntries(pe.k))}`;
  if ("v" in pe) return `v:${JSON.stringify(pe.v)}`;
  return `i:${pe.i}`;
}

function decodeElement(key: string): PathElement {
  const body = key.slice(2);
  switch (key.slice(0, 2)) {
    case "f:":
      return { f: body };
    case "k:":
      return { k: Object.entries(JSON.parse(body) as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)) };
    case "v:":
      return { v: JSON.parse(body) };
    case "i:":
      return { i: Number(body) };
  }
  throw new Error(`invalid FieldsV1 key ${JSON.stringify(key)}`);
}

/** A path as conflict messages print it: .spec.ports[port=80,protocol="TCP"].targetPort */
export function pathString(p: FieldPath): string {
  const val = (v: unknown) => (typeof v === "string" ? JSON.stringify(v) : String(v));
  return p.map((pe) => {
    if ("f" in pe) return `.${pe.f}`;
    if ("k" in pe) return `[${pe.k.map(([n, v]) => `${n}=${val(v)}`).join(",")}]`;
    if ("v" in pe) return `[=${val(pe.v)}]`;
    return `[${pe.i}]`;
  }).join("");
}

/** A set of field paths. Immutable operations return new sets. */
export class FieldSet {
  private readonly root = new Map<string, Node>();

  /** Parses a managedFields entry's fieldsV1. */
  static fromFieldsV1(fields: unknown): FieldSet {
    const s = new FieldSet();
    const walk = (obj: unknown, prefix: FieldPath) => {
      if (typeof obj !== "object" || obj === null) return;
      for (const [key, sub] of Object.entries(obj)) {
        if (key === ".") {
          if (prefix.length) s.insert(prefix);
          continue;
        }
        const p = [...prefix, decodeElement(key)];
        if (typeof sub === "object" && sub !== null && Object.keys(sub).length === 0) s.insert(p);
        else walk(sub, p);
      }
    };
    walk(fields, []);
    return s;
  }

  /** Adds a path (the empty path, the whole object, is not tracked). */
  insert(p: FieldPath): void {
    if (!p.length) return;
    let level = this.root;
    for (let j = 0; j < p.length; j++) {
      const key = encodeElement(p[j]);
      let node = level.get(key);
      if (!node) level.set(key, (node = { pe: p[j], member: false, children: new Map() }));
      if (j === p.length - 1) node.member = true;
      level = node.children;
    }
  }

  /** True when the path itself is a member. */
  has(p: FieldPath): boolean {
    let level = this.root;
    let node: Node | undefined;
    for (const pe of p) {
      node = level.get(encodeElement(pe));
      if (!node) return false;
      level = node.children;
    }
    return node?.member ?? false;
  }

  /** Every member path, in sorted order. */
  paths(): FieldPath[] {
    const out: FieldPath[] = [];
    const walk = (level: Map<string, Node>, prefix: FieldPath) => {
      for (const n of sorted(level)) {
        const p = [...prefix, n.pe];
        if (n.member) out.push(p);
        walk(n.children, p);
      }
    };
    walk(this.root, []);
    return out;
  }

  isEmpty(): boolean {
    return this.paths().length === 0;
  }

  union(other: FieldSet): FieldSet {
    const s = new FieldSet();
    for (const p of [...this.paths(), ...other.paths()]) s.insert(p);
    return s;
  }

  difference(other: FieldSet): FieldSet {
    const s = new FieldSet();
    for (const p of this.paths()) if (!other.has(p)) s.insert(p);
    return s;
  }

  intersection(other: FieldSet): FieldSet {
    const s = new FieldSet();
    for (const p of this.paths()) if (other.has(p)) s.insert(p);
    return s;
  }

  /** True when some member starts with `prefix` (the prefix itself included). */
  hasPrefix(prefix: FieldPath): boolean {
    const key = prefix.map(encodeElement).join("\n");
    return this.paths().some((p) => p.map(encodeElement).join("\n").startsWith(key));
  }

  /** managedFields' FieldsV1 form: "." first, then elements in structured-merge-diff's order. */
  toFieldsV1(): Record<string, unknown> {
    const emit = (level: Map<string, Node>): Record<string, unknown> => {
      const out: Record<string, unknown> = {};
      for (const n of sorted(level)) {
        if (n.children.size === 0) {
          out[encodeElement(n.pe)] = {};
          continue;
        }
        const inner = emit(n.children);
        out[encodeElement(n.pe)] = n.member ? { ".": {}, ...inner } : inner;
      }
      return out;
    };
    return emit(this.root);
  }
}

function sorted(level: Map<string, Node>): Node[] {
  return [...level.values()].sort((a, b) => comparePathElements(a.pe, b.pe));
}
