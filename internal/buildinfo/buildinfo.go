// Package buildinfo stamps what zeropark writes with the code that wrote it:
// the module version and the VCS revision the Go toolchain records in the
// binary (runtime/debug.ReadBuildInfo). One stamp serves `zeropark
// --version`, summary.json, sweep result files and BENCHMARKS.md, so a
// figure can always be traced to the code that produced it.
package buildinfo

import (
	"runtime/debug"
	"strings"
)

// Info is what the toolchain recorded about the running binary.
type Info struct {
	// Module is the main module's version: "(devel)" for a build from a
	// checkout, a semantic version for `go install …@vX.Y.Z`; in a
	// program of another module, zeropark's version as its dependency
	// (Read).
	Module string `json:"module_version"`
	// Revision is the VCS commit (empty when not built from a checkout,
	// e.g. under `go test` or `go run` of a single package).
	Revision string `json:"vcs_revision,omitempty"`
	// Time is the commit time (RFC 3339), empty when unknown.
	Time string `json:"vcs_time,omitempty"`
	// Modified says the work tree had uncommitted changes.
	Modified bool `json:"vcs_modified,omitempty"`
	// Go is the toolchain version, e.g. "go1.26.8".
	Go string `json:"go_version"`
}

// ModulePath is zeropark's module path.
const ModulePath = "github.com/zeropark/zeropark"

// Read returns the running binary's build information. It never fails: what
// the toolchain did not record stays empty ("unknown" for the module).
// In a program of another module that imports zeropark as a library, the
// module version is zeropark's as that program's dependency ("(devel)"
// when replaced by a directory) and the revision is unknown: the VCS
// settings the toolchain records are the program's, not zeropark's.
func Read() Info {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return Info{Module: "unknown"}
	}
	return of(bi)
}

// of is Read of bi.
func of(bi *debug.BuildInfo) Info {
	in := Info{Module: bi.Main.Version, Go: bi.GoVersion}
	for _, d := range bi.Deps {
		if bi.Main.Path != ModulePath && d.Path == ModulePath {
			if in.Module = d.Version; d.Replace != nil {
				in.Module = d.Replace.Version
			}
			if in.Module == "" {
				in.Module = "(devel)"
			}
			return in
		}
	}
	if in.Module == "" {
		in.Module = "unknown"
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			in.Revision = s.Value
		case "vcs.time":
			in.Time = s.Value
		case "vcs.modified":
			in.Modified = s.Value == "true"
		}
	}
	return in
}

// String is the one-line stamp, e.g.
// "zeropark (devel) 3f2a9c1d0b7e+dirty go1.26.8": module version, the first
// 12 hex digits of the revision ("+dirty" when the tree was modified,
// "unknown-revision" when none was recorded) and the Go version.
func (in Info) String() string {
	rev := in.Revision
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev == "" {
		rev = "unknown-revision"
	}
	if in.Modified {
		rev += "+dirty"
	}
	parts := []string{"zeropark", in.Module, rev}
	if in.Go != "" {
		parts = append(parts, in.Go)
	}
	return strings.Join(parts, " ")
}

// Stamp is Read().String().
func Stamp() string { return Read().String() }
