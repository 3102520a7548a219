/** Why a call to a Kong Admin API failed. */
export type KongErrorKind = "unreachable" | "timeout" | "http" | "invalid-response";

/** Everything a {@link KongError} carries besides its message. */
export type KongErrorInit = {
  gateway: string;
  kind: KongErrorKind;
  /** The message after the `gateway "<name>": ` prefix. */
  detail: string;
  status?: number;
  code?: number;
  kongName?: string;
  fields?: unknown;
  method?: string;
  path?: string;
  cause?: unknown;
};

/**
 * A failed Admin API call, naming the gateway. `code`, `kongName` and `fields` are Kong's error
 * body fields when it sent one (e.g. code 5 "unique constraint violation").
 */
export class KongError extends Error {
  readonly gateway: string;
  readonly kind: KongErrorKind;
  readonly status?: number;
  readonly code?: number;
  readonly kongName?: string;
  readonly fields?: unknown;
  readonly method?: string;
  readonly path?: string;

  constructor(init: KongErrorInit) {
    super(`gateway "${init.gateway}": ${init.detail}`, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "KongError";
    this.gateway = init.gateway;
    this.kind = init.kind;
    this.status = init.status;
    this.code = init.code;
    this.kongName = init.kongName;
    this.fields = init.fields;
    this.method = init.method;
    this.path = init.path;
  }
}

/** True for a KongError that is a 404 (used by the get* functions to return null). */
export function isKongNotFound(e: unknown): e is KongError {
  return e instanceof KongError && e.kind === "http" && e.status === 404;
}
