package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/zeropark/zeropark/demo"
	"github.com/zeropark/zeropark/model"
)

// demoCmd is `zeropark demo`.
var demoCmd = &command{
	name:    "demo",
	summary: "write an embedded demo's park and series files to start from (" + strings.Join(demo.Names(), ", ") + ")",
	run:     runDemo,
}

func runDemo(e *env, args []string) error {
	var out, name string
	f := newFlagSet(e, "demo", "zeropark demo --out DIR [--name "+strings.Join(demo.Names(), "|")+"|all]", `
Writes the embedded demo park as DIR/<name>.park.json and its hourly series
as DIR/<name>.csv (provenance and licences of the data: demo/data/README.md
and LICENSES.md in the zeropark sources), then prints the command that
dispatches them. Edit the files to model your own park: the park file's
JSON Schema is written beside it as DIR/`+model.ParkSchemaFile+`, and the park
file names it ("$schema"), so an editor that reads JSON Schemas completes
its keys and flags a wrong one as you type (zeropark validate checks the
values too). A park or series file already in DIR that is not the demo's
(your edits) is never replaced: the command refuses, exit 2, writing
nothing.`)
	f.StringVar(&out, "out", "", "directory `DIR` to write into (created if missing; not a file)")
	f.StringVar(&name, "name", demo.Default, "which demo: "+strings.Join(demo.Names(), ", ")+" or all")
	if err := f.parse(args); err != nil {
		return err
	}
	if out == "" {
		f.usage(e.stderr)
		return badInputf("--out DIR is required")
	}
	if err := checkOutDir("--out", out); err != nil {
		return err
	}
	names := []string{name}
	switch {
	case name == "all":
		names = demo.Names()
	case !slices.Contains(demo.Names(), name):
		return badInputf("--name %s: want %s or all", model.Quote(name), strings.Join(demo.Names(), ", "))
	}
	if err := keepEditedDemos(out, names); err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for _, n := range names {
		if err := demo.WriteFiles(out, n); err != nil {
			return err
		}
		park, series := filepath.Join(out, n+".park.json"), filepath.Join(out, n+".csv")
		fmt.Fprintf(e.stdout, "wrote %s and %s\n", park, series)
		fmt.Fprintf(e.stdout, "  zeropark run --park %s --series %s --out %s\n",
			shellQuote(park), shellQuote(series), shellQuote(filepath.Join(out, n+"-run")))
	}
	return nil
}

// keepEditedDemos refuses, before anything is written, to write demo
// names into dir over a park or series file there that differs from the
// demo's: the help invites editing them, and writing the demo again (for
// --name all, or the schema) replaced the edits without a word (QA N,
// session 37). A file equal to the demo's is rewritten as it is.
func keepEditedDemos(dir string, names []string) error {
	tmp, err := os.MkdirTemp("", "zeropark-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	var edited []string
	for _, n := range names {
		if err := demo.WriteFiles(tmp, n); err != nil {
			return err
		}
		for _, f := range []string{n + ".park.json", n + ".csv"} {
			have, err := os.ReadFile(filepath.Join(dir, f))
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			want, werr := os.ReadFile(filepath.Join(tmp, f))
			if err != nil || werr != nil || !bytes.Equal(have, want) {
				edited = append(edited, filepath.Join(dir, f))
			}
		}
	}
	if len(edited) > 0 {
		return badInputf("--out %s: %s already there and not the demo's (edited?): nothing written; move it away, or write the demo into another directory",
			dir, strings.Join(edited, ", "))
	}
	return nil
}

// shellQuote quotes s for a POSIX shell when it holds anything but safe
// characters.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:+=,@") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
