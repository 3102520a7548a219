// A family's share of one catalog API, before contributions to the same API are merged.
import type { DerivedExposure, StringMap } from "./types";

export type Contribution = {
  key: string;
  name: string;
  microservice: string | null;
  team: string | null;
  cluster: string | null;
  namespace: string | null;
  managedBy: "kubernetes" | "kong" | "signpost";
  labels: StringMap;
  annotations: StringMap;
  exposures: DerivedExposure[];
  /** pod id -> ready */
  pods: Map<string, boolean> | null;
  gateways: string[];
  /** deterministic order when several families contribute to one API */
  sortKey: string;
};
