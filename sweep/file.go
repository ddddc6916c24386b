package sweep

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/internal/atomicfile"
	"github.com/zeropark/zeropark/internal/filelock"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/results"
)

// fileError is an error about a results file at a line; it unwraps to
// [ErrFile] (or ErrConflict).
func fileError(sentinel error, file string, line int, format string, a ...any) error {
	where := file
	if line > 0 {
		where = fmt.Sprintf("%s:%d", file, line)
	}
	return fmt.Errorf("%w: %s: %s", sentinel, where, fmt.Sprintf(format, a...))
}

// ErrLocked: another process is writing the results file.
var ErrLocked = errors.New("sweep: results file is being written by another process")

// lockResults takes the exclusive lock guarding results file path (a
// ".<name>.lock" beside it, see internal/filelock) or fails at once with
// an error unwrapping to [ErrLocked] that names the file and the holder's
// process id. Under the lock, the temporary files of an interrupted
// atomic rewrite of path are removed.
func lockResults(path string) (*filelock.Lock, error) {
	lk, err := filelock.TryLock(filelock.Path(path))
	if errors.Is(err, filelock.ErrLocked) {
		return nil, fmt.Errorf("%w: %s (%w)", ErrLocked, path, err)
	}
	if err != nil {
		return nil, fmt.Errorf("sweep: locking %s: %w", path, err)
	}
	if _, err := atomicfile.RemoveStale(path); err != nil {
		return nil, errors.Join(fmt.Errorf("sweep: %w", err), lk.Unlock())
	}
	return lk, nil
}

// ErrIncomplete: a merge misses combinations of the sweep's space (an
// error only with MergeOptions.RequireComplete).
var ErrIncomplete = errors.New("sweep: combinations missing")

// IncompleteError lists the combinations a merge with
// MergeOptions.RequireComplete misses; it unwraps to [ErrIncomplete].
// Its text is [MissingText] once (not the sentinel's words again).
type IncompleteError struct {
	Missing      []int // the combinations no file holds, ascending
	Combinations int   // the size of the sweep's space
}

func (e *IncompleteError) Error() string {
	return "sweep: " + MissingText(e.Missing, e.Combinations) + "; nothing written"
}

// Unwrap returns [ErrIncomplete].
func (e *IncompleteError) Unwrap() error { return ErrIncomplete }

// MergeOptions configure [MergeFiles].
type MergeOptions struct {
	// RequireComplete makes missing combinations an error, an
	// [*IncompleteError] unwrapping to [ErrIncomplete]; nothing is
	// written then.
	RequireComplete bool
}

// MergeStats describe a merge.
type MergeStats struct {
	// Rows is the number of rows written.
	Rows int
	// Combinations is the size of the sweep's space from the rows'
	// combination_count; 0 when the files have no fingerprint (written
	// before it existed), and then Missing is unknown.
	Combinations int
	// Missing lists the combinations of the space no input holds, in
	// order.
	Missing []int
	// Duplicates says which inputs were named more than once (the same
	// path, or two names of one file): their rows merge once, but a
	// file given twice is usually another one mistyped.
	Duplicates []string
	// RowsByBuild counts the rows written by each build of zeropark (their
	// zeropark_version; "" for a file without the column or a row
	// without a stamp): more than one, and the merged file mixes figures
	// of different code, which a resume warns of too.
	RowsByBuild map[string]int
}

// Merge is [MergeFiles] with the default options; it returns the number
// of rows written.
func Merge(out string, inputs ...string) (int, error) {
	st, err := MergeFiles(out, inputs, MergeOptions{})
	return st.Rows, err
}

// MergeFiles joins results files (shard outputs, or one file to sort) into
// out, written atomically under out's lock (an error unwrapping to
// [ErrLocked] if a sweep is writing it): every header must equal the
// first, every row must carry the same fingerprint (else a
// [*FingerprintError]), rows equal but for the build stamp are kept once
// (the first read), two different rows for one combination are an error
// unwrapping to [ErrConflict], and rows come out in combination order. out
// may be one of the inputs. Inputs with the column names or "+Inf" limits
// of an older zeropark are read, compared and written in the current
// form (results.ParseTable). The stats list the combinations of the space
// that no input holds, and the inputs given twice. A header that differs
// is named by its first differing column. Every cell of every input is
// checked against its column first (results.Table.CheckCells): a cell
// edited by hand is refused naming its file, line, column and value,
// and nothing is written. An existing out that is none of the inputs is
// replaced only when the merge loses nothing of it (empty, or this
// sweep's results with no combination the inputs lack); anything else —
// a file that is not a sweep's results, another sweep's — is refused with
// an error unwrapping to ErrFile (checkMergeOut). As for [Run], a
// symbolic link out is followed, and an out that is not a regular file
// (a device, a pipe) is refused with an error unwrapping to [ErrSpec]:
// the rename would have replaced the link, or the device, with a file.
func MergeFiles(out string, inputs []string, opt MergeOptions) (MergeStats, error) {
	out, err := resultsPath(out, "a merge writes its file beside it and renames it over it")
	if err != nil {
		return MergeStats{}, err
	}
	lk, err := lockResults(out)
	if err != nil {
		return MergeStats{}, err
	}
	st, err := merge(out, inputs, opt)
	return st, errors.Join(err, lk.Unlock())
}

// merge is MergeFiles under out's lock.
func merge(out string, inputs []string, opt MergeOptions) (MergeStats, error) {
	if len(inputs) == 0 {
		return MergeStats{}, fmt.Errorf("%w: no input files to merge", ErrFile)
	}
	var (
		header []string
		first  *results.Table // the first table read, whose header the others must have
		ref    *results.Row   // the row whose fingerprint the others must have
		refFP  results.Fingerprint
		byK    = map[int]results.Row{}
		errs   []error
		fpErrs = map[string]*FingerprintError{} // by input file
		// objRef: the first row read, whose objective and carbon price
		// the others must have (the fingerprint does not cover them).
		objRef  *results.Row
		objCols objectiveCols
		objErrs = map[string]bool{} // by input file
	)
	for _, in := range inputs {
		t, err := results.ReadTable(in)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if err := t.CheckCells(5); err != nil {
			errs = append(errs, err)
			continue
		}
		if header == nil {
			header, first, objCols = t.Header, t, objectiveColsOf(t.Header)
		} else if !slices.Equal(header, t.Header) {
			errs = append(errs, fileError(ErrFile, in, 1, "header differs from %s's: %s",
				inputs[0], headerDiff(t.Header, header, inputs[0])))
			continue
		}
		for _, r := range t.Rows {
			if fp, _, ok := t.Fingerprint(r); ok {
				if ref == nil {
					ref, refFP = &r, fp
				} else if d := refFP.Diff(fp); len(d) > 0 {
					e := fpErrs[in]
					if e == nil {
						e = &FingerprintError{File: in, Line: r.Line, Parts: d, Other: fmt.Sprintf("%s:%d", ref.File, ref.Line)}
						fpErrs[in] = e
						errs = append(errs, e)
					}
					e.Rows++
					continue
				}
			}
			if o := objCols.of(r); o != nil {
				if objRef == nil {
					objRef = &r
				} else if p := objCols.of(*objRef); !sameFields(o, p) {
					if !objErrs[in] {
						objErrs[in] = true
						errs = append(errs, fileError(ErrFile, in, r.Line, "written with objective %s and carbon price %s, %s:%d with %s and %s: "+
							"the shards of one sweep share them", o[0], o[1], objRef.File, objRef.Line, p[0], p[1]))
					}
					continue
				}
			}
			prev, ok := byK[r.Combination]
			if !ok {
				byK[r.Combination] = r
				continue
			}
			if !sameRow(prev.Fields, r.Fields, first.VersionCol()) {
				errs = append(errs, fileError(ErrConflict, in, r.Line,
					"combination %d differs from %s:%d%s", r.Combination, prev.File, prev.Line,
					firstDiff(header, prev.Fields, r.Fields, first.VersionCol())))
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return MergeStats{}, err
	}
	rows := make([]results.Row, 0, len(byK))
	for _, r := range byK {
		rows = append(rows, r)
	}
	slices.SortFunc(rows, func(a, b results.Row) int { return a.Combination - b.Combination })
	st := MergeStats{Rows: len(rows), Duplicates: duplicates(inputs), RowsByBuild: map[string]int{}}
	for _, r := range rows {
		stamp := ""
		if j := first.VersionCol(); j >= 0 && j < len(r.Fields) {
			stamp = r.Fields[j]
		}
		st.RowsByBuild[stamp]++
	}
	if ref != nil {
		st.Combinations = refFP.Combinations
		for k := range st.Combinations {
			if _, ok := byK[k]; !ok {
				st.Missing = append(st.Missing, k)
			}
		}
		if beyond := rows[len(rows)-1].Combination; beyond >= st.Combinations {
			r := byK[beyond]
			return MergeStats{}, fileError(ErrFile, r.File, r.Line, "combination %d is beyond the sweep's %d", beyond, st.Combinations)
		}
	}
	if opt.RequireComplete && ref == nil && len(rows) > 0 {
		return MergeStats{}, fmt.Errorf("%w: cannot tell: the files have no %s (written before zeropark recorded it)", ErrIncomplete, results.ColCombinationCount)
	}
	if opt.RequireComplete && len(st.Missing) > 0 {
		return MergeStats{Duplicates: st.Duplicates}, &IncompleteError{Missing: st.Missing, Combinations: st.Combinations}
	}
	if err := checkMergeOut(out, inputs, header, refFP, ref != nil, byK, objRef); err != nil {
		return MergeStats{}, err
	}
	if err := writeAtomic(out, results.EncodeTable(header, rows)); err != nil {
		return MergeStats{}, err
	}
	return st, nil
}

// checkMergeOut refuses to replace out, when it exists and is none of the
// inputs, unless the merge loses nothing of it: an empty file, or the
// results of this very sweep (header, and fingerprint when the inputs
// have one) whose every combination the inputs hold — an earlier merge
// of the same shards. A file of anything else (a series, a user's notes,
// another sweep's results) is refused naming what it is, so that a
// mistyped -o never overwrites it (QA, December 2026: `sweep merge -o
// notes.csv` replaced a series with sweep rows, exit 0).
//
// objRef, when not nil, is an input row whose objective and carbon price
// out's rows must have too: the fingerprint leaves them out, and a merge
// of a sweep's shards at another --carbon-price replaced the merge at the
// first without a word (QA N, session 39).
func checkMergeOut(out string, inputs []string, header []string, fp results.Fingerprint, hasFP bool, byK map[int]results.Row, objRef *results.Row) error {
	st, err := os.Stat(out)
	if err != nil || st.Size() == 0 {
		return nil // missing (written new) or empty; unreadable: the write says so
	}
	for _, in := range inputs {
		if fi, err := os.Stat(in); err == nil && os.SameFile(fi, st) {
			return nil // merged into one of its inputs: its rows are read
		}
	}
	const keep = "choose another -o, or name it among the inputs to merge its rows too"
	t, err := results.ReadTable(out)
	if err != nil {
		return fileError(ErrFile, out, 0, "exists and is not a sweep results file (%v): choose another -o, or remove it first", err)
	}
	if !slices.Equal(t.Header, header) {
		return fileError(ErrFile, out, 1, "exists and holds another sweep's results (header differs from the inputs': %s): %s",
			headerDiff(t.Header, header, "the inputs' header"), keep)
	}
	lost := 0
	first := -1
	for _, r := range t.Rows {
		if hasFP {
			if rfp, _, ok := t.Fingerprint(r); ok {
				if d := fp.Diff(rfp); len(d) > 0 {
					return fileError(ErrFile, out, r.Line, "exists and holds another sweep's results (its %s differs from the inputs'): %s",
						strings.Join(d, " and "), keep)
				}
			}
		}
		if o, p := objectiveColsOf(header).of(r), objRef; o != nil && p != nil {
			if p := objectiveColsOf(header).of(*p); !sameFields(o, p) {
				return fileError(ErrFile, out, r.Line, "exists and holds another sweep's results (objective %s and carbon price %s, the inputs' %s and %s): %s",
					o[0], o[1], p[0], p[1], keep)
			}
		}
		if _, ok := byK[r.Combination]; !ok {
			if lost++; first < 0 {
				first = r.Combination
			}
		}
	}
	if lost > 0 {
		return fileError(ErrFile, out, 0, "exists and holds %d combinations of this sweep the inputs do not (the first: %d), which the merge would drop: %s",
			lost, first, keep)
	}
	return nil
}

// headerDiff names the first column in which header have differs from
// want (whose owner is named wantName), by position (1-based) and name.
func headerDiff(have, want []string, wantName string) string {
	for i := range min(len(have), len(want)) {
		if have[i] != want[i] {
			return fmt.Sprintf("column %d is %q, %s has %q there", i+1, have[i], wantName, want[i])
		}
	}
	if len(have) > len(want) {
		return fmt.Sprintf("column %d %q is extra (%d columns, %s has %d)", len(want)+1, have[len(want)], len(have), wantName, len(want))
	}
	return fmt.Sprintf("column %d %q is missing (%d columns, %s has %d)", len(have)+1, want[len(have)], len(have), wantName, len(want))
}

// duplicates says which inputs name a file already given: "a.csv is
// given twice", or "b.csv is the same file as a.csv" (a link).
func duplicates(inputs []string) []string {
	type seen struct {
		arg string
		fi  os.FileInfo
	}
	var prev []seen
	var dup []string
	for _, in := range inputs {
		fi, err := os.Stat(in)
		if err != nil {
			continue // unreadable inputs are reported when read
		}
		if k := slices.IndexFunc(prev, func(p seen) bool { return os.SameFile(p.fi, fi) }); k >= 0 {
			if prev[k].arg == in {
				dup = append(dup, in+" is given twice")
			} else {
				dup = append(dup, fmt.Sprintf("%s is the same file as %s", in, prev[k].arg))
			}
			continue
		}
		prev = append(prev, seen{in, fi})
	}
	return dup
}

// sameRow compares two rows' fields, but for the build stamp in column
// version (-1: none); numbers compare by value ([sameFields]).
func sameRow(a, b []string, version int) bool {
	if version < 0 || len(a) != len(b) {
		return sameFields(a, b)
	}
	return sameFields(a[:version], b[:version]) && sameFields(a[version+1:], b[version+1:])
}

// firstDiff names the first column (not the build stamp's) where two
// rows of one combination differ and both values, ": column energy_cost_per_period
// is 81041.05 here, 81040.05 there", so a conflict says what to look at
// (QA S, session 37: it named the lines only, in rows of 110 columns).
func firstDiff(header, there, here []string, version int) string {
	for i := range min(len(header), len(there), len(here)) {
		if i != version && !sameFields(there[i:i+1], here[i:i+1]) {
			return fmt.Sprintf(": column %s is %q here, %q there", header[i], here[i], there[i])
		}
	}
	return ""
}

// sameFields compares fields as text, or as numbers when both parse: a
// row an older zeropark wrote ("1e+06") equals the same row written now
// ("1000000").
// objectiveCols are the columns of a sweep results header that hold the
// dispatch's objective and carbon price: settings the fingerprint leaves
// out (a hash that took them in would refuse every cost-objective file
// written before), which a resume and a merge compare instead. −1 for a
// column the header lacks.
type objectiveCols struct{ objective, price int }

// objectiveColsOf finds the objective and carbon price columns in header.
func objectiveColsOf(header []string) objectiveCols {
	return objectiveCols{slices.Index(header, results.ColObjective), slices.Index(header, results.ColCarbonPrice)}
}

// of is row r's objective and carbon price, nil where the header lacks
// either column (a file written before them).
func (c objectiveCols) of(r results.Row) []string {
	if c.objective < 0 || c.price < 0 {
		return nil
	}
	return []string{r.Fields[c.objective], r.Fields[c.price]}
}

func sameFields(a, b []string) bool {
	return slices.EqualFunc(a, b, func(x, y string) bool {
		if x == y {
			return true
		}
		u, err1 := strconv.ParseFloat(x, 64)
		v, err2 := strconv.ParseFloat(y, 64)
		return err1 == nil && err2 == nil && u == v
	})
}

// MissingText says which combinations are missing: the count of total
// and the first ten.
func MissingText(missing []int, total int) string {
	show := missing[:min(len(missing), 10)]
	ks := make([]string, len(show))
	for i, k := range show {
		ks[i] = strconv.Itoa(k)
	}
	more := ""
	if len(missing) > len(show) {
		more = ", …"
	}
	return fmt.Sprintf("%d of %d combinations missing: %s%s", len(missing), total, strings.Join(ks, ", "), more)
}

// Sort rewrites a results file atomically in combination order, under its
// lock.
func Sort(path string) error {
	_, err := Merge(path, path)
	return err
}

// resumeSpec is what [resume] checks an existing results file against.
type resumeSpec struct {
	header []string            // this sweep's, ending with the closing columns
	fp     results.Fingerprint // this sweep's
	steps  int                 // steps this sweep's period covers, to name a changed period
	// force adopts a file without fingerprint (written before it
	// existed): its rows get this sweep's fingerprint.
	force bool
	// whole, when set, returns an error when the file as a whole is not
	// this sweep's (one error for all its rows); it runs before check.
	whole func(t *results.Table) error
	// check returns an error when row r is not this sweep's.
	check func(r results.Row) error
	// led is the sweep's ledger, whose prices fill in the stage columns
	// of a file written before them (results.Table.AddStageColumns);
	// heat says the park has heat, whose columns such a file cannot fill.
	led  dispatch.LedgerConfig
	heat bool
	// costs are the economics of the sweep's park (nil: none), which
	// price the investment of a file written before that column from its
	// rows' design cells (results.Table.AddInvestment).
	costs *model.CapacityCosts
}

// resumed is what [resume] found in the file.
type resumed struct {
	done   map[int]bool   // combinations already there
	stamps map[string]int // their rows by the build stamp that wrote them
}

// resume prepares path for appending rows of a sweep: a missing or empty
// file gets the header; an existing one must have this header (or, with
// force, the header without the fingerprint columns), its rows must be
// this sweep's and carry its fingerprint. A file with the column names or
// "+Inf" limits of an older zeropark is read in the current form
// (results.ParseTable, results.Table.Upgraded). Only then is a trailing
// partial line (an interrupted write) dropped, a file adopted and an old
// one upgraded, by rewriting it atomically: a refused file is left as it
// was.
func resume(path string, spec resumeSpec) (resumed, error) {
	res := resumed{done: map[int]bool{}, stamps: map[string]int{}}
	data, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return res, fmt.Errorf("sweep: %w", err)
	}
	rewrite := false
	switch i := bytes.LastIndexByte(data, '\n'); {
	case i+1 == len(data):
	case i < 0 && bytes.HasPrefix(results.CSVLine(spec.header), data):
		data = nil // a torn header of this sweep's: nothing to keep
	case i < 0:
		// No complete line and not this sweep's header cut short: read
		// it as it is, so that a user's file is refused below rather
		// than emptied as a torn line.
		data, rewrite = append(data, '\n'), true
	default:
		data, rewrite = data[:i+1], true // drop the partial line an interrupted write left
	}
	if len(data) == 0 {
		return res, writeAtomic(path, results.CSVLine(spec.header))
	}
	t, err := results.ParseTable(data, path)
	if err != nil {
		return res, err
	}
	if err := t.CheckCells(5); err != nil {
		return res, err
	}
	if t.Upgraded() {
		// Old column names or "+Inf" limits: the rows go back in the
		// current form, so that the file does not mix two.
		data, rewrite = results.EncodeTable(t.Header, t.Rows), true
	}
	if results.WithoutStageColumns(t.Header, spec.header) {
		// Written before each stage's cost and the heat columns: the
		// stage cells follow from the row's own cells and the sweep's
		// prices (its fingerprint, checked below, says they are the
		// same); the heat cells only for a park without heat.
		if spec.heat {
			return res, fileError(ErrFile, path, 1,
				"written before zeropark wrote each stage's cost and the heat columns (%s and %d more), which a park with heat cannot fill in from the file: "+
					"move it aside (or use another --out) to run the sweep again", results.StageColumns()[0], len(results.StageColumns())-1)
		}
		if err := t.AddStageColumns(spec.header, spec.led); err != nil {
			return res, err
		}
		data, rewrite = results.EncodeTable(t.Header, t.Rows), true
	}
	if results.WithoutInvestment(t.Header, spec.header) {
		// Written before the investment column (or just brought up to the
		// stage columns): each row's follows from its design cells and
		// the park's economics, which its fingerprint says are this
		// sweep's.
		if err := t.AddInvestment(spec.header, spec.costs); err != nil {
			return res, err
		}
		data, rewrite = results.EncodeTable(t.Header, t.Rows), true
	}
	if results.WithoutCurrency(t.Header, spec.header) {
		// Written before the currency column (or just brought up to the
		// investment): the park's economics name it, and the fingerprint
		// checked below says they are this sweep's.
		if err := t.AddCurrency(spec.header, spec.costs); err != nil {
			return res, err
		}
		data, rewrite = results.EncodeTable(t.Header, t.Rows), true
	}
	if results.WithoutPrices(t.Header, spec.header) {
		// Written before the offset and certificate price columns (or
		// just brought up to the currency): the sweep's ledger has them,
		// and the fingerprint checked below says they are the file's.
		if err := t.AddPrices(spec.header, spec.led); err != nil {
			return res, err
		}
		data, rewrite = results.EncodeTable(t.Header, t.Rows), true
	}
	legacy := spec.header[:len(spec.header)-len(results.ClosingColumns)]
	switch {
	case slices.Equal(t.Header, spec.header):
	case slices.Equal(t.Header, legacy) && !spec.force:
		return res, &FingerprintError{File: path}
	case slices.Equal(t.Header, legacy):
		if data, err = adopt(data, path, spec.fp); err != nil {
			return res, err
		}
		if t, err = results.ParseTable(data, path); err != nil {
			return res, err
		}
		rewrite = true
	default:
		return res, fileError(ErrFile, path, 1,
			"header differs from this sweep's (other --vary paths or --timings?): %s; use another --out or the same options",
			headerDiff(t.Header, spec.header, "this sweep"))
	}
	if spec.whole != nil {
		if err := spec.whole(t); err != nil {
			return res, err
		}
	}
	// The first row refused is named; the others, usually refused for
	// the same reason (other ranges), are counted, not listed a line each.
	// A row beyond this sweep's space says the most (fewer combinations):
	// those are checked first.
	var first error
	others := 0
	for _, r := range t.Rows {
		if spec.fp.Combinations > 0 && r.Combination >= spec.fp.Combinations {
			if first == nil {
				first = beyondError(r, spec.fp.Combinations)
			} else {
				others++
			}
		}
	}
	beyond := first != nil
	for _, r := range t.Rows {
		if beyond {
			break
		}
		if err := spec.check(r); err != nil {
			if first == nil {
				first = err
			} else {
				others++
			}
			continue
		}
		res.done[r.Combination] = true
	}
	if first != nil && others > 0 {
		rows := "rows"
		if others == 1 {
			rows = "row"
		}
		return res, fmt.Errorf("%w (and %d more %s not this sweep's)", first, others, rows)
	}
	if first != nil {
		return res, first
	}
	if res.stamps, err = checkFingerprints(t, spec.fp, spec.steps); err != nil {
		return res, err
	}
	if rewrite {
		return res, writeAtomic(path, data)
	}
	return res, nil
}

// appender appends whole lines to a results file: one write and one fsync
// per call, so an interruption leaves at most a partial last line, which
// resume drops.
type appender struct {
	f *os.File
}

func openAppender(path string) (*appender, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("sweep: %w", err)
	}
	return &appender{f: f}, nil
}

func (a *appender) write(line []byte) error {
	if _, err := a.f.Write(line); err != nil {
		return fmt.Errorf("sweep: writing %s: %w", a.f.Name(), err)
	}
	if err := a.f.Sync(); err != nil {
		return fmt.Errorf("sweep: syncing %s: %w", a.f.Name(), err)
	}
	return nil
}

func (a *appender) close() error { return a.f.Close() }

// writeAtomic replaces path with data (see package atomicfile).
func writeAtomic(path string, data []byte) error {
	if err := atomicfile.WriteFile(path, data); err != nil {
		return fmt.Errorf("sweep: %w", err)
	}
	return nil
}

// beyondError refuses row r of a resumed file, a combination beyond this
// sweep's n.
func beyondError(r results.Row, n int) error {
	return fileError(ErrFile, r.File, r.Line, "combination %d is beyond this sweep's %d: the file was written with other ranges", r.Combination, n)
}
