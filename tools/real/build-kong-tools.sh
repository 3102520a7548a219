#!/usr/bin/env bash
# Builds the Kong-side real tools for tests/real from their pinned wrapper modules:
#   tools/real/bin/go-kong.test  go-kong's own test binary (package github.com/kong/go-kong/kong)
#   tools/real/bin/deck          decK (its `file lint` is stubbed out: see deck/vacuum-stub/go.mod)
# A binary is rebuilt only when its wrapper's go.mod or go.sum changed since it was built (a stamp
# file beside it holds their hash). A failure names the module and the step.
set -euo pipefail
cd "$(dirname "$0")"
BIN="$PWD/bin"
mkdir -p "$BIN"
export CGO_ENABLED=0 GOFLAGS="${GOFLAGS:--buildvcs=false}"

command -v go >/dev/null || { echo "build-kong-tools: go is not installed (Go >= 1.24 is needed)" >&2; exit 1; }

# The wrapper's pins and its own sources (decK's vacuum stand-in) decide whether to rebuild.
stamp_of() { find "$1" -name go.mod -o -name go.sum -o -name '*.go' | sort | xargs cat | sha256sum | cut -c1-16; }

build() { # name dir output-file step...
  local name=$1 dir=$2 out=$3; shift 3
  local want; want=$(stamp_of "$dir")
  if [ -x "$out" ] && [ "$(cat "$out.stamp" 2>/dev/null)" = "$want" ]; then
    echo "$name: up to date ($out)"
    return
  fi
  local started=$SECONDS
  echo "$name: building from $dir ..."
  if ! (cd "$dir" && go mod download) ; then
    echo "build-kong-tools: $name: 'go mod download' failed in $dir" >&2; exit 1
  fi
  if ! (cd "$dir" && "$@"); then
    echo "build-kong-tools: $name: '$*' failed in $dir" >&2; exit 1
  fi
  echo "$want" > "$out.stamp"
  echo "$name: built in $((SECONDS - started)) s ($out)"
}

build "go-kong v$(sed -n 's/^require github.com\/kong\/go-kong v//p' go-kong/go.mod)" go-kong "$BIN/go-kong.test" \
  go test -c -trimpath -o "$BIN/go-kong.test" github.com/kong/go-kong/kong
# go test runs a test binary in its package folder (go-kong's tests read testdata/ from there).
(cd go-kong && go list -f '{{.Dir}}' github.com/kong/go-kong/kong) > "$BIN/go-kong.test.dir"
if [ -d deck ]; then
  deck_version=$(cd deck && go list -m -f '{{.Version}}' github.com/kong/deck)
  build "decK $deck_version" deck "$BIN/deck" go build -trimpath \
    -ldflags "-X github.com/kong/deck/cmd.VERSION=$deck_version" -o "$BIN/deck" github.com/kong/deck
fi
