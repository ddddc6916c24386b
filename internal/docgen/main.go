// Command docgen regenerates the parts of README.md that are measured
// rather than written: the demo report between <!-- report:begin --> and
// <!-- report:end -->. Figures typed by hand go stale; run
//
//	go run ./internal/docgen
//
// after a change that moves the demo's numbers (it runs the README's first
// command, `go run ./cmd/zeropark`, about 5 s once built) and commit the
// result. -check compares instead of writing and fails when a section of
// the report other than timings differs.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"

	"github.com/zeropark/zeropark/internal/atomicfile"
)

const (
	begin = "<!-- report:begin -->"
	end   = "<!-- report:end -->"
)

func main() {
	readme := flag.String("readme", "README.md", "the README to update")
	check := flag.Bool("check", false, "report whether the README's block is current (timings ignored) instead of writing it")
	flag.Parse()
	if err := run(*readme, *check); err != nil {
		fmt.Fprintln(os.Stderr, "docgen:", err)
		os.Exit(1)
	}
}

func run(readme string, check bool) error {
	cmd := exec.Command("go", "run", "./cmd/zeropark")
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	cmd.Env = append(os.Environ(), "ZEROPARK_PROGRESS=off")
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go run ./cmd/zeropark: %v\n%s", err, stderr.String())
	}
	block := "```text\n$ go run ./cmd/zeropark\n" + excerpt(out.String()) + "```\n"
	data, err := os.ReadFile(readme)
	if err != nil {
		return err
	}
	s := string(data)
	i, j := strings.Index(s, begin), strings.Index(s, end)
	if i < 0 || j < i {
		return fmt.Errorf("%s: no %s … %s block", readme, begin, end)
	}
	head := s[:i+len(begin)] + "\n"
	if check {
		if stripTimings(s[len(head):j]) != stripTimings(block) {
			return errors.New(readme + ": the report block is out of date: go run ./internal/docgen")
		}
		return nil
	}
	return atomicfile.WriteFile(readme, []byte(head+block+s[j:]))
}

// excerpt keeps the sections a reader of the README needs — the heading,
// the stage, emissions, net zero, tenants, the policy comparison and the
// cost of the forecasts — and marks what it leaves out with "…".
func excerpt(report string) string {
	keep := map[string]int{ // section title prefix → lines kept (0: all)
		"zeropark net-zero report": 0, "Stage:": 0, "Emissions": 0, "To reach net zero": 0,
		"Tenants": 0, "Energy": 3, "Policies compared": 0, "What the forecasts cost": 0,
	}
	var b strings.Builder
	skipped := false
	for _, sec := range strings.Split(strings.TrimRight(report, "\n"), "\n\n") {
		lines := strings.Split(sec, "\n")
		n, ok := -1, false
		for prefix, k := range keep {
			if strings.HasPrefix(lines[0], prefix) {
				n, ok = k, true
			}
		}
		if !ok {
			if !skipped {
				b.WriteString("…\n")
			}
			skipped = true
			continue
		}
		if b.Len() > 0 && !skipped {
			b.WriteString("\n")
		}
		skipped = false
		if n > 0 && n < len(lines) {
			lines = append(lines[:n], "…")
			skipped = true
		}
		b.WriteString(strings.Join(lines, "\n") + "\n")
	}
	if !skipped {
		b.WriteString("…\n")
	}
	return b.String()
}

// timings are the parts of a report that differ between two runs of the
// same code: wall-clock times (and the padding that aligns them).
var (
	timings = regexp.MustCompile(`\d[\d.,]* (ms|s|µs)\b`)
	spaces  = regexp.MustCompile(` +`)
)

func stripTimings(s string) string {
	return spaces.ReplaceAllString(timings.ReplaceAllString(s, "T"), " ")
}
