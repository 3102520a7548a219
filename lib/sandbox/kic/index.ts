// The sandbox Kong Ingress Controller: turns the sandbox cluster's Ingresses of class `kong`
// into Kong entities in the sandbox gateway, named, tagged and identified as KIC 3.x does in
// DB-backed mode (reference kong-admin-api.md §11). See README.md next to this file.
export {
  startSandboxIngressController, type ControllerSyncReport, type SandboxIngressController, type SandboxIngressControllerOptions,
} from "./start-sandbox-ingress-controller";
export { translateIngresses, isIngressOfClass, type TranslateInput } from "./translate-ingresses";
export { reconcileGateway, type SyncReport } from "./reconcile-gateway";
export { SELECT_TAG, type DesiredRoute, type DesiredService, type DesiredState, type DesiredUpstream } from "./types";
export { podResolverFor } from "./pod-resolver";
export { toDeclarativeConfig, pushConfig, type PushResult } from "./push-config";
