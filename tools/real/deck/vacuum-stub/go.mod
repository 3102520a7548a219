// Stand-in for github.com/daveshanley/vacuum, which decK uses only for `deck file lint`: vacuum
// needs github.com/pb33f/doctor, which the Go module proxy here refuses (403) at every version.
// It declares just what decK's lint package calls, and linting fails with a clear error.
// decK's gateway commands (sync, dump, diff) do not touch it.
module github.com/daveshanley/vacuum

go 1.22
