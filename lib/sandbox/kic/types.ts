// The Kong configuration the sandbox ingress controller wants, before it is written: what KIC's
// translator produces (services with their routes, upstreams with their targets), by name.
// Field names are the Admin API's, so the reconciler can compare them with stored entities.

/** decK's select tag in DB-backed mode (KIC --kong-admin-filter-tag): owned entities carry it. */
export const SELECT_TAG = "managed-by-ingress-controller";

/** A Kong service for one (namespace, Kubernetes Service, port as written in the Ingress). */
export type DesiredService = {
  id: string;
  name: string;
  host: string;
  port: number;
  protocol: "http";
  /** "/" for Ingress backends; unset (null) for HTTPRoute backends, as KIC leaves it. */
  path: "/" | null;
  retries: number;
  connect_timeout: number;
  read_timeout: number;
  write_timeout: number;
  tags: string[];
};

/** A Kong route for one (Ingress, host, Kubernetes Service, port); `service` is the service's name. */
export type DesiredRoute = {
  id: string;
  name: string;
  service: string;
  hosts: string[] | null;
  paths: string[];
  strip_path: boolean;
  preserve_host: boolean;
  /** null: left unset, so Kong's default (["http", "https"]) applies. */
  protocols: string[] | null;
  methods: string[] | null;
  /** header matches (HTTPRoute matches.headers): name -> values, "~*" marking a regex */
  headers?: Record<string, string[]>;
  regex_priority: number;
  https_redirect_status_code: number;
  request_buffering: boolean;
  response_buffering: boolean;
  path_handling: "v0";
  tags: string[];
};

/** An upstream named like its service's host; targets are ready endpoints `address:port`. */
export type DesiredUpstream = {
  name: string;
  algorithm: "round-robin";
  tags: string[];
  targets: { target: string; weight: number }[];
};

/** A certificate from an Ingress TLS Secret: id = the Secret's UID, SNIs = the TLS hosts. */
export type DesiredCertificate = { id: string; cert: string; key: string; tags: string[]; snis: string[] };

/** Everything one translation produces, sorted by name; `failures` explains what was skipped. */
export type DesiredState = {
  services: DesiredService[];
  routes: DesiredRoute[];
  upstreams: DesiredUpstream[];
  certificates: DesiredCertificate[];
  failures: string[];
};
