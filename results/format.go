package results

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/zeropark/zeropark/model"
)

// FormatNumber writes v the one way every CSV file of zeropark writes a
// number: the shortest decimal that reads back (strconv.ParseFloat) to the
// same float64, never in exponent notation — 6836100, 0.000123, 0.5 — and
// "+Inf", "-Inf" or "NaN" for the values that have no decimal. Sums
// recomputed from a file therefore equal the totals in summary.json.
func FormatNumber(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// stepOf is a step of minutes as a Duration, rounded to the nanosecond:
// the minutes are a float (Duration.Minutes), and 100 s's 1.666…5 min
// times time.Minute truncates to 1m39.999999999s.
func stepOf(minutes float64) time.Duration {
	return time.Duration(math.Round(minutes * float64(time.Minute)))
}

// Unlimited is how a sweep results file writes a grid limit without
// bound (+Inf) in its parameter and design columns: a word, so that no
// tool reads it as a number it is not — a spreadsheet keeps it as text
// (arithmetic on it fails loudly, and it is never taken for 0 or a blank),
// pandas and R read the column as text until told
// (pd.read_csv(f, na_values=["unlimited"]) for NaN, or .replace("unlimited",
// "inf") then pd.to_numeric for inf), and an empty cell stays free to mean
// "not computed" as it does in the cost columns.
const Unlimited = "unlimited"

// FormatLimit writes v as [FormatNumber] does, but +Inf (an unlimited
// grid limit) as [Unlimited]: the form of a sweep's parameter and design
// cells.
func FormatLimit(v float64) string {
	if math.IsInf(v, 1) {
		return Unlimited
	}
	return FormatNumber(v)
}

// ParseLimit reads a number as [FormatLimit] writes it: [Unlimited]
// (any case) or "+Inf"/"Inf" (files written before) is +Inf; NaN is
// refused. The error is strconv's.
func ParseLimit(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if strings.EqualFold(s, Unlimited) {
		return math.Inf(1), nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err == nil && math.IsNaN(v) {
		return 0, strconv.ErrSyntax
	}
	return v, err
}

// Slug turns a name from a park file into the middle of a column name:
// lower-cased, every run of characters outside [a-z0-9] turned into one
// "_", and "_" trimmed from both ends ("Rooftop PV" → "rooftop_pv",
// "Full-service restaurant" → "full_service_restaurant"). A name with no
// such character at all (e.g. "屋顶光伏") gives "".
func Slug(name string) string {
	var b strings.Builder
	gap := false
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if gap && b.Len() > 0 {
				b.WriteByte('_')
			}
			gap = false
			b.WriteRune(r)
			continue
		}
		gap = true
	}
	return b.String()
}

// AssetSlugs names the assets of one kind (PV arrays, wind turbines,
// batteries or tenants, in park order) in column names whose endings are
// quantities (e.g. "available_kw", "kw"): asset i's columns are
// <prefix><slug i>_<quantity>. The slug is [Slug] of the name, except that
// an asset whose slug is empty, or whose columns would be named like
// another asset's of the same kind (two names differing only in case or
// punctuation; "A" and "A available" with the quantities "available_kw"
// and "kw"), takes its 1-based index instead ("2"). Should that still
// collide (a name that is itself such a number), every asset of the kind
// goes by its index.
func AssetSlugs(names []string, quantities ...string) []string {
	slugs := make([]string, len(names))
	for i, n := range names {
		slugs[i] = Slug(n)
	}
	bad := clashes(slugs, quantities)
	for i := range slugs {
		if slugs[i] == "" || bad[i] {
			slugs[i] = strconv.Itoa(i + 1)
		}
	}
	if len(clashes(slugs, quantities)) > 0 {
		for i := range slugs {
			slugs[i] = strconv.Itoa(i + 1)
		}
	}
	return slugs
}

// clashes marks the assets with a column named like another asset's.
func clashes(slugs, quantities []string) map[int]bool {
	owner := map[string]int{}
	bad := map[int]bool{}
	for i, s := range slugs {
		if s == "" {
			continue
		}
		for _, q := range quantities {
			col := s + "_" + q
			if j, ok := owner[col]; ok && j != i {
				bad[i], bad[j] = true, true
				continue
			}
			owner[col] = i
		}
	}
	return bad
}

// ColumnDoc documents one column of a file (or, with "<slug>" in its name,
// one column per asset): the text --help and the README show.
type ColumnDoc struct {
	Name string
	Doc  string
}

// ColumnsText lists docs as aligned plain text, one column a line, each
// line starting with indent: the form the commands' --help prints (which
// wraps the descriptions to its width). A name longer than 28 characters
// puts its description on the next line.
func ColumnsText(docs []ColumnDoc, indent string) string {
	width := 0
	for _, d := range docs {
		if len(d.Name) <= columnsNameWidth {
			width = max(width, len(d.Name))
		}
	}
	var b strings.Builder
	for _, d := range docs {
		b.WriteString(indent)
		b.WriteString(d.Name)
		if len(d.Name) > width {
			// A long name has its description on the next line, in the
			// descriptions' column.
			b.WriteByte('\n')
			b.WriteString(indent)
			b.WriteString(strings.Repeat(" ", width+2))
		} else {
			b.WriteString(strings.Repeat(" ", width-len(d.Name)+2))
		}
		b.WriteString(d.Doc)
		b.WriteByte('\n')
	}
	return b.String()
}

// columnsNameWidth is the widest name ColumnsText keeps on its
// description's line: a longer one would leave the descriptions too
// narrow a column in an 80-column help.
const columnsNameWidth = 28

// ColumnsMarkdown lists docs as a Markdown table (column | meaning): the
// form README.md holds between its column markers.
func ColumnsMarkdown(docs []ColumnDoc) string {
	var b strings.Builder
	b.WriteString("| column | meaning |\n|---|---|\n")
	for _, d := range docs {
		b.WriteString("| `")
		b.WriteString(d.Name)
		b.WriteString("` | ")
		b.WriteString(strings.ReplaceAll(d.Doc, "|", "\\|"))
		b.WriteString(" |\n")
	}
	return b.String()
}

// finite reports whether v is neither NaN nor infinite.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// NotDefined is how a printed table shows a metric that is not defined
// (NaN): a forecast's skill where persistence is exact (a flat series, a
// windless wind column; model.ErrorStats.Skill), its nMAE where every
// actual is 0 (a windless wind column, a zero load;
// model.ErrorStats.NMAE). The files leave the cell empty (CSV) or write
// null (JSON) instead; none of them writes a 0, which would read "as good
// as persistence" or "exact".
const NotDefined = "n/a"

// FormatSkill is a forecast skill as the printed tables show it, signed
// with three decimals ("+0.254", "-0.006"), or [NotDefined] for NaN or
// ±Inf (a persistence error that rounds to nothing). dispatch.LeadStats
// keeps a skill that is not defined as nil (the JSON's null): print it
// with [FormatSkillPtr].
func FormatSkill(skill float64) string {
	if !finite(skill) {
		return NotDefined
	}
	return fmt.Sprintf("%+.3f", skill)
}

// FormatSkillPtr is [FormatSkill] of a skill kept as a pointer, as
// dispatch.LeadStats.Skill is: nil (not defined, JSON null) is
// [NotDefined].
func FormatSkillPtr(skill *float64) string {
	if skill == nil {
		return NotDefined
	}
	return FormatSkill(*skill)
}

// FormatNMAE is a forecast's nMAE (MAE / mean |actual|, dimensionless) as
// the printed tables show it, with three decimals ("0.254"), or
// [NotDefined] for NaN or ±Inf (every actual 0). dispatch.LeadStats keeps
// an nMAE that is not defined as nil: print it with [FormatNMAEPtr].
func FormatNMAE(nmae float64) string {
	if !finite(nmae) {
		return NotDefined
	}
	return fmt.Sprintf("%.3f", nmae)
}

// FormatNMAEPtr is [FormatNMAE] of an nMAE kept as a pointer, as
// dispatch.LeadStats.NMAE is: nil (not defined, JSON null) is
// [NotDefined].
func FormatNMAEPtr(nmae *float64) string {
	if nmae == nil {
		return NotDefined
	}
	return FormatNMAE(*nmae)
}

// StageThresholdsText says which stage thresholds a park file's
// stage_thresholds set, as the plan's and the pathway's headings print
// them: "the park file's stage_thresholds (SOURCE): key = value, …; the
// others zeropark's defaults".
func StageThresholdsText(t *model.StageThresholds) string {
	return thresholdsText("the park file's stage_thresholds", t)
}

// thresholdsText is what StageThresholdsText says, of thresholds t named
// what.
func thresholdsText(what string, t *model.StageThresholds) string {
	s := what
	if t.Source != "" {
		s += " (" + t.Source + ")"
	}
	var set []string
	v := reflect.ValueOf(t).Elem()
	for i := 0; i < v.NumField(); i++ {
		f := v.Field(i)
		if f.Kind() != reflect.Pointer || f.IsNil() {
			continue
		}
		key, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ",")
		set = append(set, fmt.Sprintf("%s = %v", key, f.Elem().Interface()))
	}
	if len(set) == 0 {
		return s + ": none set, zeropark's defaults"
	}
	return s + ": " + strings.Join(set, ", ") + "; the others zeropark's defaults"
}
