/** A reference to another entity: by id or by name (Kong resolves names). */
export type KongRef = { id: string } | { name: string };

/** Fields Signpost sets on a Kong service (Kong fills in the rest). */
export type KongServiceInput = {
  name?: string;
  /** Shorthand for protocol, host, port and path. */
  url?: string;
  protocol?: string;
  host?: string;
  port?: number;
  path?: string | null;
  retries?: number;
  connect_timeout?: number;
  write_timeout?: number;
  read_timeout?: number;
  enabled?: boolean;
  tags?: string[];
};

/** Fields Signpost sets on a Kong route. */
export type KongRouteInput = {
  name?: string;
  protocols?: string[];
  methods?: string[] | null;
  hosts?: string[] | null;
  paths?: string[] | null;
  headers?: Record<string, string[]> | null;
  snis?: string[] | null;
  strip_path?: boolean;
  preserve_host?: boolean;
  regex_priority?: number;
  https_redirect_status_code?: number;
  request_buffering?: boolean;
  response_buffering?: boolean;
  tags?: string[];
  service?: KongRef | null;
};

/** A plugin to create. */
export type KongPluginInput = {
  name: string;
  instance_name?: string;
  config?: Record<string, unknown>;
  protocols?: string[];
  enabled?: boolean;
  tags?: string[];
  service?: KongRef | null;
  route?: KongRef | null;
};
