// Keys of objects and families inside the catalog index, and the "did it change" test of its stores.

/** Separator of key parts: a character no Kubernetes or Kong name contains. */
export const SEP = "\u0000";

/** Identity of an object inside its source. */
export function objectKey(source: string, namespace: string, name: string): string {
  // join() makes one flat string; a template literal would keep a tree of parts alive in every map.
  return [source, namespace, name].join(SEP);
}

/** True when `a` exists and has the same content as `b`. */
export function sameObject(a: unknown, b: unknown): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

/** Family of the Services of one microservice in one namespace. */
export function serviceFamily(cluster: string, namespace: string, microservice: string): string {
  return ["svc", cluster, namespace, microservice].join(SEP);
}

/** Family of routes to a Service that does not exist (yet). */
export function danglingFamily(cluster: string, namespace: string, service: string): string {
  return ["dangling", cluster, namespace, service].join(SEP);
}
