// Pins the Gateway API release whose CRDs (config/crd/standard) scripts/real-build.mjs installs
// into the real API server. Nothing is compiled from it: `go mod download` only fetches the module.
module signpost.local/tools/real/gateway-api

go 1.25.0

require sigs.k8s.io/gateway-api v1.4.1
