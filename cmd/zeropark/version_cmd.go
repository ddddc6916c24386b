package main

import (
	"fmt"

	"github.com/zeropark/zeropark/internal/buildinfo"
)

// versionCmd is `zeropark version`.
var versionCmd = &command{
	name:    "version",
	summary: "print the build stamp: module version, VCS revision and Go version (also --version)",
	run:     runVersion,
}

func runVersion(e *env, args []string) error {
	f := newFlagSet(e, "version", "zeropark version | zeropark --version", `
Prints the build stamp: "zeropark", the module version ("(devel)" for a
build from a checkout), the first 12 hex digits of the VCS revision
("+dirty" when the work tree had uncommitted changes, "unknown-revision"
when none was recorded) and the Go version. The same stamp is written as
zeropark_version in summary.json, in sweep results files and in
benchmarks/BENCHMARKS.md, so a figure can be traced to the code that
produced it.`)
	if err := f.parse(args); err != nil {
		return err
	}
	_, err := fmt.Fprintln(e.stdout, buildinfo.Stamp())
	return err
}
