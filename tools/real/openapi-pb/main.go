// Command openapi-pb turns an OpenAPI v2 JSON document (stdin) into the protobuf form that
// kube-apiserver serves for `Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf`
// (stdout): parsed with gnostic's openapi_v2.ParseDocument and marshalled with protobuf, as the
// API server's OpenAPI handler does. scripts/sandbox-openapi.ts uses it to produce the sandbox
// cluster's /openapi/v2 protobuf from the trimmed JSON.
package main

import (
	"fmt"
	"io"
	"os"

	openapi_v2 "github.com/google/gnostic-models/openapiv2"
	"google.golang.org/protobuf/proto"
)

func main() {
	in, err := io.ReadAll(os.Stdin)
	if err == nil {
		var doc *openapi_v2.Document
		if doc, err = openapi_v2.ParseDocument(in); err == nil {
			var out []byte
			if out, err = proto.Marshal(doc); err == nil {
				_, err = os.Stdout.Write(out)
			}
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "openapi-pb:", err)
		os.Exit(1)
	}
}
