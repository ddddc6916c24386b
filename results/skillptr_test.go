package results_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
)

// The pointer forms print nil as NotDefined and a set value exactly as
// the float forms print it (NaN included, should one be kept).
func TestFormatSkillPtrAndNMAEPtr(t *testing.T) {
	ptr := func(v float64) *float64 { return &v }
	for _, tc := range []struct {
		name             string
		v                *float64
		wantSkill, wantN string
	}{
		{"nil", nil, results.NotDefined, results.NotDefined},
		{"NaN", ptr(math.NaN()), results.NotDefined, results.NotDefined},
		{"zero", ptr(0), "+0.000", "0.000"},
		{"positive", ptr(0.2536), "+0.254", "0.254"},
		{"negative", ptr(-0.0061), "-0.006", "-0.006"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.wantSkill, results.FormatSkillPtr(tc.v))
			assert.Equal(t, tc.wantN, results.FormatNMAEPtr(tc.v))
			if tc.v != nil {
				assert.Equal(t, results.FormatSkill(*tc.v), results.FormatSkillPtr(tc.v))
				assert.Equal(t, results.FormatNMAE(*tc.v), results.FormatNMAEPtr(tc.v))
			}
		})
	}
}

// dispatch.LeadStats keeps a skill or nMAE that is not defined as nil:
// FormatSkillPtr and FormatNMAEPtr print it as n/a, with no nil check
// at the caller.
func ExampleFormatSkillPtr() {
	skill, nmae := 0.2536, 0.12
	for _, s := range []dispatch.LeadStats{
		{Lead: 1, Skill: &skill, NMAE: &nmae},
		{Lead: 2}, // persistence exact, every actual 0
	} {
		fmt.Printf("lead %d: nMAE %s, skill %s\n", s.Lead, results.FormatNMAEPtr(s.NMAE), results.FormatSkillPtr(s.Skill))
	}
	// Output:
	// lead 1: nMAE 0.120, skill +0.254
	// lead 2: nMAE n/a, skill n/a
}
