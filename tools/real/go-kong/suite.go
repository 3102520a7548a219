// Package gokong pulls go-kong's kong package into this module so that its own integration
// tests can be compiled with `go test -c github.com/kong/go-kong/kong` and run against the
// sandbox gateway (tests/real/go-kong.test.ts).
package gokong

import _ "github.com/kong/go-kong/kong"
