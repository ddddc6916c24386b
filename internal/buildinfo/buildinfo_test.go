package buildinfo

import (
	"runtime/debug"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestStringShortensAndMarks(t *testing.T) {
	in := Info{Module: "v1.2.3", Revision: "0123456789abcdef0123", Modified: true, Go: "go1.26.8"}
	assert.Equal(t, "zeropark v1.2.3 0123456789ab+dirty go1.26.8", in.String())
	assert.Equal(t, "zeropark (devel) unknown-revision", Info{Module: "(devel)"}.String())
}

func TestReadNeverEmpty(t *testing.T) {
	in := Read()
	assert.NotEmpty(t, in.Module)
	assert.True(t, strings.HasPrefix(in.String(), "zeropark "), in.String())
}

// A program of another module that imports zeropark as a library is
// stamped with zeropark's version as its dependency, never with the main
// module's version and VCS revision (QA P, 2026-12-05: a study's
// summary.json read "zeropark v0.0.0-20261205173927-a33840303e76+dirty
// a33840303e76+dirty", the study repository's commit).
func TestOfLibraryUse(t *testing.T) {
	vcs := []debug.BuildSetting{{Key: "vcs.revision", Value: "a33840303e7696e9be405e9f8e1a1aa27a523bec"},
		{Key: "vcs.modified", Value: "true"}}
	own := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: ModulePath, Version: "(devel)"}, Settings: vcs}
	assert.Equal(t, "zeropark (devel) a33840303e76+dirty go1.26.8", of(own).String(), "zeropark's own build: its revision")

	dep := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "example.org/mystudy", Version: "v0.1.0"}, Settings: vcs,
		Deps: []*debug.Module{{Path: "golang.org/x/text", Version: "v0.28.0"}, {Path: ModulePath, Version: "v0.4.2"}}}
	assert.Equal(t, "zeropark v0.4.2 unknown-revision go1.26.8", of(dep).String())

	dep.Deps[1].Replace = &debug.Module{Path: "../zeropark"}
	assert.Equal(t, "zeropark (devel) unknown-revision go1.26.8", of(dep).String(), "replaced by a directory: a build from a checkout")
	dep.Deps[1].Replace = &debug.Module{Path: "example.org/fork", Version: "v0.4.3"}
	assert.Equal(t, "zeropark v0.4.3 unknown-revision go1.26.8", of(dep).String())
}
