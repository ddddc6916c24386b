package model

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// shadowedPeriods are the indices of the time-of-use periods Validate
// refuses as never applying, from its errors on import_price.
func shadowedPeriods(t *testing.T, tou []TOUPeriod) []int {
	t.Helper()
	p := validPark()
	p.Grid.ImportPrice = &Price{PerKWh: 0.5, TimeOfUse: tou}
	err := p.Validate()
	var dead []int
	if err == nil {
		return dead
	}
	for _, fe := range fieldErrors(t, err) {
		if !strings.Contains(fe.Reason, "never applies") {
			continue
		}
		var i int
		_, scanErr := fmt.Sscanf(fe.Field, "import_price.time_of_use[%d]", &i)
		require.NoError(t, scanErr, fe.Field)
		dead = append(dead, i)
	}
	return dead
}

// neverFirst are the periods that set no interval's price over a whole
// year at half-hour steps, found by pricing every interval with
// TOUPeriod.Covers, first match wins: the definition, independent of the
// validator's slot reasoning. 2023 holds every month on weekdays and on
// weekends.
func neverFirst(tou []TOUPeriod) []int {
	seen := make([]bool, len(tou))
	cst := time.FixedZone("CST", 8*3600)
	for t := time.Date(2023, 1, 1, 0, 0, 0, 0, cst); t.Year() == 2023; t = t.Add(30 * time.Minute) {
		for i, q := range tou {
			if q.Covers(t) {
				seen[i] = true
				break
			}
		}
	}
	var dead []int
	for i, s := range seen {
		if !s {
			dead = append(dead, i)
		}
	}
	return dead
}

// A period every hour of which an earlier period covers never sets a
// price and is refused, naming the periods that hide it: the Guangdong
// table with its summer critical peak written after the all-year peak it
// was meant to override is the case a planner meets (the critical hours
// then bill at the peak price, silently).
func TestTOUShadowedPeriod(t *testing.T) {
	peak1012 := TOUPeriod{FromHour: 10, ToHour: 12, PerKWh: 1.105}
	critical := TOUPeriod{FromHour: 11, ToHour: 12, Months: []int{7, 8, 9}, PerKWh: 1.38125}
	for _, c := range []struct {
		name string
		tou  []TOUPeriod
		dead []int
		by   string // the periods named as hiding the first dead one
	}{
		{"critical peak after the peak", []TOUPeriod{peak1012, critical}, []int{1}, "(time_of_use[0])"},
		{"critical peak first", []TOUPeriod{critical, peak1012}, nil, ""},
		{"partly hidden applies", []TOUPeriod{{FromHour: 8, ToHour: 22, Days: Weekdays, PerKWh: 1}, {FromHour: 20, ToHour: 23, PerKWh: 2}}, nil, ""},
		{"hidden by two together", []TOUPeriod{{FromHour: 0, ToHour: 12, PerKWh: 1}, {FromHour: 12, ToHour: 24, PerKWh: 2}, {FromHour: 6, ToHour: 18, Months: []int{7}, PerKWh: 3}},
			[]int{2}, "(time_of_use[0], time_of_use[1])"},
		{"past midnight inside past midnight", []TOUPeriod{{FromHour: 22, ToHour: 6, PerKWh: 0.2}, {FromHour: 23, ToHour: 5, PerKWh: 0.1}}, []int{1}, "(time_of_use[0])"},
		{"weekends inside all days", []TOUPeriod{{FromHour: 8, ToHour: 22, PerKWh: 1}, {FromHour: 9, ToHour: 10, Days: Weekends, PerKWh: 2}}, []int{1}, "(time_of_use[0])"},
		{"weekdays then weekends", []TOUPeriod{{FromHour: 8, ToHour: 22, Days: Weekdays, PerKWh: 1}, {FromHour: 8, ToHour: 22, Days: Weekends, PerKWh: 2}}, nil, ""},
		{"fractional hours hidden", []TOUPeriod{{FromHour: 8.5, ToHour: 9.5, PerKWh: 1}, {FromHour: 9, ToHour: 9.5, PerKWh: 2}}, []int{1}, "(time_of_use[0])"},
		{"fractional hours, half outside", []TOUPeriod{{FromHour: 8.5, ToHour: 9.5, PerKWh: 1}, {FromHour: 9, ToHour: 10, PerKWh: 2}}, nil, ""},
		{"the same period twice", []TOUPeriod{peak1012, peak1012}, []int{1}, "(time_of_use[0])"},
	} {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.dead, shadowedPeriods(t, c.tou))
			assert.Equal(t, c.dead, neverFirst(c.tou), "the year's prices agree")
			if len(c.dead) == 0 {
				return
			}
			p := validPark()
			p.Grid.ImportPrice = &Price{PerKWh: 0.5, TimeOfUse: c.tou}
			err := p.Validate()
			require.ErrorIs(t, err, ErrInvalid)
			fe := fieldErrors(t, err)[0]
			assert.Equal(t, "grid", fe.Asset)
			assert.Equal(t, fmt.Sprintf("import_price.time_of_use[%d]", c.dead[0]), fe.Field)
			assert.Contains(t, fe.Reason, "never applies: every hour it covers is covered by an earlier period "+c.by)
			assert.Contains(t, fe.Reason, "put the narrower period first")
		})
	}
}

// A period that is not well formed gets its own error and hides nothing:
// the hours 8 to 9 are refused only for what is wrong with the first.
func TestTOUShadowedSkipsBadPeriods(t *testing.T) {
	p := validPark()
	p.Grid.ImportPrice = &Price{PerKWh: 0.5, TimeOfUse: []TOUPeriod{
		{FromHour: 0, ToHour: 24, Days: "workdays", PerKWh: 1},
		{FromHour: 8, ToHour: 9, PerKWh: 2}}}
	err := p.Validate()
	require.ErrorIs(t, err, ErrInvalid)
	fes := fieldErrors(t, err)
	require.Len(t, fes, 1, "%v", err)
	assert.Equal(t, "import_price.time_of_use[0].days", fes[0].Field)
}

// On seeded random tables (hours on the half hour, days and months drawn
// at random, some past midnight) Validate refuses exactly the periods that
// price no half hour of a year: the slot reasoning and the brute force
// agree, and both kinds of table occur.
func TestTOUShadowedMatchesAYearOfPrices(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 2026))
	days := []TOUDays{AllDays, Weekdays, Weekends, ""}
	withDead, withoutDead := 0, 0
	for n := range 400 {
		tou := make([]TOUPeriod, 1+rng.IntN(5))
		for i := range tou {
			from := float64(rng.IntN(48)) / 2
			to := float64(rng.IntN(49)) / 2
			if to == from {
				to = float64(int(from+1) % 24)
			}
			q := TOUPeriod{FromHour: from, ToHour: to, Days: days[rng.IntN(len(days))], PerKWh: float64(i + 1)}
			if rng.IntN(2) == 0 {
				for m := 1; m <= 12; m++ {
					if rng.IntN(3) == 0 {
						q.Months = append(q.Months, m)
					}
				}
			}
			tou[i] = q
		}
		want := neverFirst(tou)
		require.Equal(t, want, shadowedPeriods(t, tou), "table %d: %+v", n, tou)
		if len(want) > 0 {
			withDead++
		} else {
			withoutDead++
		}
	}
	assert.Greater(t, withDead, 20)
	assert.Greater(t, withoutDead, 20)
}
