package atomicdir_test

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/zeropark/zeropark/internal/atomicdir"
)

func ExampleReplace() {
	parent, err := os.MkdirTemp("", "atomicdir-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(parent)
	out := filepath.Join(parent, "run")
	file := func(name, content string) atomicdir.File {
		return atomicdir.File{Name: name, Write: func(w io.Writer) error {
			_, err := io.WriteString(w, content)
			return err
		}}
	}
	// The first run also drew a plot; the second does not, so the old plot
	// must not stay beside the new results: it is a known name.
	if err := atomicdir.Replace(out, []atomicdir.File{file("a.csv", "1\n"), file("plot.svg", "<svg/>")}); err != nil {
		fmt.Println(err)
		return
	}
	if err := atomicdir.Replace(out, []atomicdir.File{file("a.csv", "2\n")}, "plot.svg"); err != nil {
		fmt.Println(err)
		return
	}
	es, _ := os.ReadDir(out)
	for _, e := range es {
		b, _ := os.ReadFile(filepath.Join(out, e.Name()))
		fmt.Printf("%s: %s", e.Name(), b)
	}
	// A user's file is never removed: the next Replace is refused.
	_ = os.WriteFile(filepath.Join(out, "notes.txt"), []byte("mine"), 0o644)
	err = atomicdir.Replace(out, []atomicdir.File{file("a.csv", "3\n")})
	var fe *atomicdir.ForeignError
	fmt.Println(errors.As(err, &fe), fe.Names)
	// Output:
	// a.csv: 2
	// true [notes.txt]
}
