package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/zeropark/zeropark/results"
)

// The checks below run before a command does any work, so that a path
// that cannot serve is bad input (exit 2) with a message naming the flag
// and the path, rather than an error deep in a reader or writer (exit 1)
// after minutes of dispatch. What they cannot see (permissions, a full
// disk) is left to the readers and writers.

// inputFileProblem says why path, given to flag, cannot be read as an
// input file: missing, or a directory. nil when it is a file (or when the
// reader will say better what is wrong).
func inputFileProblem(flag, path string) error {
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s %s: no such file", flag, path)
	case err == nil && st.IsDir():
		return fmt.Errorf("%s %s: is a directory, want a file", flag, path)
	}
	return nil
}

// checkInputFile is inputFileProblem as bad input.
func checkInputFile(flag, path string) error {
	return badInput(inputFileProblem(flag, path))
}

// checkOutDir checks an output directory: it may be missing (it is
// created, with its parents) but must not be something else than a
// directory, and neither may the nearest of its parents that exists.
func checkOutDir(flag, dir string) error {
	p, st := nearestExisting(dir)
	switch {
	case st == nil || st.IsDir():
		return nil
	case p == dir:
		return badInputf("%s %s: exists and is not a directory", flag, dir)
	}
	return badInputf("%s %s: %s is not a directory", flag, dir, p)
}

// outDirError is the error of results.Check…Dir about --out dir: bad
// input when dir cannot take the files (results.ErrOutput), its message
// naming dir once, after the flag ("--out D: …: directory holds …"), not
// again where results names it ("…: D: directory holds …").
func outDirError(dir string, err error) error {
	if !errors.Is(err, results.ErrOutput) {
		return err
	}
	msg := err.Error()
	var de *results.DirError
	if errors.As(err, &de) {
		msg = de.Reason()
	}
	// "zeropark run: --out D: cannot write output: …", not "…: results: cannot …".
	msg = strings.TrimPrefix(msg, "results: ")
	return badInput(&reworded{msg: "--out " + dir + ": " + msg, err: err})
}

// reworded is err with another message; it unwraps to err.
type reworded struct {
	msg string
	err error
}

func (r *reworded) Error() string { return r.msg }
func (r *reworded) Unwrap() error { return r.err }

// checkOutFile checks an output file: it must not be a directory nor
// anything else that is not a regular file (a device, a pipe: the output
// is written beside it and renamed over it, which replaced /dev/full with
// a file when run as root; QA X, session 38), and the directory it goes
// in must exist.
func checkOutFile(flag, path string) error {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return badInputf("%s %s: is a directory, want a file name", flag, path)
	} else if err == nil && !st.Mode().IsRegular() {
		return badInputf("%s %s: is not a regular file (a device or a pipe?): the output is written beside it and renamed over it, "+
			"which would replace it; give a file name", flag, path)
	}
	dir := filepath.Dir(path)
	p, st := nearestExisting(dir)
	switch {
	case st != nil && !st.IsDir():
		return badInputf("%s %s: %s is not a directory", flag, path, p)
	case p != dir:
		return badInputf("%s %s: directory %s does not exist", flag, path, dir)
	}
	return nil
}

// nearestExisting is path, or the nearest of its parents, that exists, and
// what it is; nil when none can be seen. (Below a file, a path is "not a
// directory" rather than missing: the walk goes on up past it.)
func nearestExisting(path string) (string, fs.FileInfo) {
	for p := path; ; p = filepath.Dir(p) {
		if st, err := os.Stat(p); err == nil {
			return p, st
		}
		if p == filepath.Dir(p) {
			return p, nil
		}
	}
}
