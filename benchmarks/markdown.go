package benchmarks

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/zeropark/zeropark/internal/buildinfo"
)

// ErrMarkers: a document's generated-section markers are broken.
var ErrMarkers = errors.New("benchmarks: bad section markers")

// Marker comments around a generated section named tag.
func beginMarker(tag string) string { return "<!-- " + tag + ":begin -->" }
func endMarker(tag string) string   { return "<!-- " + tag + ":end -->" }

// ReplaceSection replaces the text between the markers
// "<!-- tag:begin -->" and "<!-- tag:end -->" of doc with body, leaving the
// rest of doc as it was. When doc has neither marker the section is
// appended at the end; a marker missing its partner, repeated or out of
// order is an error wrapping ErrMarkers.
func ReplaceSection(doc, tag, body string) (string, error) {
	b, e := beginMarker(tag), endMarker(tag)
	nb, ne := strings.Count(doc, b), strings.Count(doc, e)
	if nb == 0 && ne == 0 {
		if doc != "" && !strings.HasSuffix(doc, "\n") {
			doc += "\n"
		}
		if doc != "" {
			doc += "\n"
		}
		return doc + b + "\n" + body + e + "\n", nil
	}
	if nb != 1 || ne != 1 {
		return "", fmt.Errorf("%w: %q appears %d times and %q %d times (want once each)", ErrMarkers, b, nb, e, ne)
	}
	i, j := strings.Index(doc, b), strings.Index(doc, e)
	if j < i {
		return "", fmt.Errorf("%w: %q comes before %q", ErrMarkers, e, b)
	}
	return doc[:i+len(b)] + "\n" + body + doc[j:], nil
}

// Machine describes the computer a run was measured on.
type Machine struct {
	CPU       string
	Cores     int
	GoVersion string
	OS, Arch  string
	Date      time.Time
	// LoadAvg is the 1-minute load average when the run started (Linux;
	// -1 unknown): above the number of cores, other work shared the CPU.
	LoadAvg float64
	// Build is the build stamp of the code measured (internal/buildinfo:
	// module version, VCS revision, Go version); "" leaves it out.
	Build string
}

// ThisMachine reads the CPU model from /proc/cpuinfo (Linux; "unknown"
// elsewhere), the build stamp from internal/buildinfo and the rest from
// package runtime.
func ThisMachine() Machine {
	m := Machine{CPU: "unknown", Cores: runtime.NumCPU(), GoVersion: runtime.Version(),
		OS: runtime.GOOS, Arch: runtime.GOARCH, Date: time.Now(), LoadAvg: -1, Build: buildinfo.Stamp()}
	if data, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(data)); len(f) > 0 {
			if v, err := strconv.ParseFloat(f[0], 64); err == nil {
				m.LoadAvg = v
			}
		}
	}
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.SplitSeq(string(data), "\n") {
			k, v, ok := strings.Cut(line, ":")
			if ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
	}
	return m
}

func (m Machine) String() string {
	s := fmt.Sprintf("%s, %d cores (runtime.NumCPU), %s %s/%s, %s", m.CPU, m.Cores, m.GoVersion, m.OS, m.Arch,
		m.Date.UTC().Format("2006-01-02 15:04 MST"))
	if m.LoadAvg >= 0 {
		s += fmt.Sprintf(", load average %.2f at the start", m.LoadAvg)
	}
	return s
}

// code is the sentence naming the code measured (" Code: `zeropark …`."),
// "" when the build stamp is unknown.
func (m Machine) code() string {
	if m.Build == "" {
		return ""
	}
	return " Code: `" + m.Build + "`."
}

// ParkResult is one park's runs with its manifest entry and sizes.
type ParkResult struct {
	Entry Entry
	Facts Facts
	Rows  []Row
}

// RenderSuite renders the suite's generated section: the machine and
// command, a table of the parks, and one table row per park and policy.
func RenderSuite(m Machine, command string, steps int, res []ParkResult) string {
	var sb strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&sb, format, a...) }
	w("Measured on %s.%s\n\nCommand: `%s`. Period: %s.\n\n", m, m.code(), command, period(steps))
	w("| park | series | load MWh | peak kW | PV kWp | wind kW | battery kWh / kW | import limit kW | renewables / load | baseline tCO2e | carbon signal (dispatch; accounting) |\n")
	w("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|\n")
	for _, r := range res {
		f := r.Facts
		w("| %s | %s | %.0f | %.0f | %.0f | %.0f | %.0f / %.0f | %s | %.2f | %.0f | %s; %s |\n",
			r.Entry.Name, filepath.Base(r.Entry.Series), f.LoadMWh, f.PeakLoadKW, f.PVKWp, f.WindKW,
			f.BatteryKWh, f.BatteryKW, limit(f.ImportLimitKW), f.RenewableOverLoad, f.BaselineTCO2e, f.DispatchKind, f.Accounting)
	}
	w("\n")
	for _, r := range res {
		w("- **%s**: %s\n", r.Entry.Name, r.Entry.Description)
	}
	w("\n| park | policy | residual tCO2e | adjusted residual tCO2e | offsets tCO2e | certificates MWh | renewable share | clean share | tCO2/tce | unserved MWh | stage | run time s | CPU s | peak RSS MiB |\n")
	w("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|--:|--:|\n")
	var disorder []string
	for _, r := range res {
		for _, row := range r.Rows {
			rp := row.Report
			w("| %s | %s | %.1f | %.1f | %.1f | %.1f | %.1f %% | %.1f %% | %.3f | %.1f | %s | %.2f | %.2f | %s |\n",
				r.Entry.Name, row.Policy, rp.ResidualKgCO2e/1000, rp.AdjustedResidualKgCO2e/1000, rp.OffsetsNeededTCO2e,
				rp.CertificatesMWh, 100*rp.RenewableShare, 100*rp.StageBasis.CleanShare, rp.StageBasis.CarbonPerTce,
				rp.UnservedKWh/1000, rp.Stage, row.Wall.Seconds(), row.CPU.Seconds(), rss(row.PeakRSSKB))
		}
		if err := CheckOrder(r.Rows); err != nil {
			d := fmt.Sprintf("%s: %v", r.Entry.Name, err)
			if r.Facts.SeparateAccounting {
				d += " (not expected to hold: the ledger's accounting factor is not the signal the LP minimises)"
			}
			disorder = append(disorder, d)
		}
	}
	w("\nOrder check (adjusted residual: perfect ≤ mpc-perfect ≤ self ≤ grid and perfect ≤ mpc ≤ grid, relative tolerance %g): ", OrderTolerance)
	if len(disorder) == 0 {
		w("holds for all %d parks.\n", len(res))
	} else {
		w("fails for %d of %d parks:\n\n", len(disorder), len(res))
		for _, d := range disorder {
			w("- %s\n", d)
		}
	}
	return sb.String()
}

// RenderScaling renders the scaling section: machine, command and one row
// per measured point.
func RenderScaling(m Machine, command, base string, pts []ScalePoint) string {
	var sb strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&sb, format, a...) }
	w("Measured on %s.%s\n\nCommand: `%s`. Base park: %s. Policy: rolling horizon with perfect information (mpc-perfect: the LP and its settlement, no forecasters), hourly steps.\n\n", m, m.code(), command, base)
	w("| assets per kind | assets in all | horizon steps | steps run | wall s (run) | annual run s | CPU s (run) | solve s (run) | solve p50 ms | peak RSS MiB | residual tCO2e (run) |\n")
	w("|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n")
	for _, p := range pts {
		annual := fmt.Sprintf("%.1f", p.AnnualS())
		if p.Extrapolated() {
			annual = "≈ " + annual + " (extrapolated)"
		}
		w("| %d | %d | %d | %d | %.2f | %s | %.2f | %.2f | %.3f | %s | %.2f |\n",
			p.PerKind, 4*p.PerKind, p.HorizonSteps, p.Steps, p.Wall.Seconds(), annual, p.CPU.Seconds(), p.SolveS, p.P50MS, rss(p.PeakRSSKB), p.ResidualKgCO2e/1000)
	}
	return sb.String()
}

func period(steps int) string {
	if steps <= 0 {
		return "the whole series"
	}
	return fmt.Sprintf("the first %d hourly steps", steps)
}

func limit(kw float64) string {
	if kw > 1e300 {
		return "unlimited"
	}
	return fmt.Sprintf("%.0f", kw)
}

func rss(kb int64) string {
	if kb <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.0f", float64(kb)/1024)
}
