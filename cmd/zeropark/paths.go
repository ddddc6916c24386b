package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
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
// directory.
func checkOutDir(flag, dir string) error {
	st, err := os.Stat(dir)
	if err == nil && !st.IsDir() {
		return badInputf("%s %s: exists and is not a directory", flag, dir)
	}
	return nil
}

// checkOutFile checks an output file: it must not be a directory, and the
// directory it goes in must exist.
func checkOutFile(flag, path string) error {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return badInputf("%s %s: is a directory, want a file name", flag, path)
	}
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return badInputf("%s %s: directory %s does not exist", flag, path, dir)
	case err == nil && !st.IsDir():
		return badInputf("%s %s: %s is not a directory", flag, path, dir)
	}
	return nil
}
