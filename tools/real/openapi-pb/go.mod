// Converts OpenAPI v2 JSON to kube-apiserver's protobuf form (see main.go). Pinned to the
// gnostic-models and protobuf versions that k8s.io/kubernetes v1.35.4 builds with.
module signpost.local/tools/real/openapi-pb

go 1.25.0

require (
	github.com/google/gnostic-models v0.7.0
	google.golang.org/protobuf v1.36.8
)

require go.yaml.in/yaml/v3 v3.0.3 // indirect
