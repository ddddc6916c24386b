package results

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
)

// StagePurchases are what a dispatched period buys, beyond the offsets
// and certificates held, to reach each stage, by the rule package plan
// prices its roadmap with (plan's doc.go, "Stage rows"):
//
//   - conventional and low-carbon buy nothing: a row reaches low-carbon
//     by its renewable share or its emissions, which no purchase changes
//     (a row that is conventional only for a clean-share shortfall that
//     certificates close reaches low-carbon through near-zero-carbon, at
//     near-zero's price);
//   - near-zero-carbon buys the green certificates that lift the clean
//     share to its minimum, and only when the ledger requires the clean
//     share and they can close it (certificates count up to the grid
//     import, so a park whose import, all certified, leaves the share
//     short cannot buy its way there);
//   - zero-carbon buys those certificates and offsets for the residual
//     beyond the offsets held (zero-carbon = near-zero-carbon with the
//     residual offset: package dispatch, "Stage").
//
// Nothing bought mends the core indicator (carbon per unit energy) or
// load and heat left unserved beyond the ledger's tolerance: a period
// that misses either reaches neither near-zero- nor zero-carbon whatever
// it buys, and one that sheds load is conventional.
type StagePurchases struct {
	// Reaches[i] says whether the period reaches dispatch.Stages()[i], as
	// it is or by buying; Reaches[0] (conventional) is always true.
	Reaches [4]bool
	// CertificatesMWh are the certificates near-zero-carbon (and so
	// zero-carbon) buys, OffsetsTCO2e the offsets zero-carbon buys on
	// top; 0 when the stage is not reached.
	CertificatesMWh float64
	OffsetsTCO2e    float64
	// CertificateCost and OffsetCost are those at the ledger's prices.
	CertificateCost float64
	OffsetCost      float64
	// OwnRank is the rank of the stage the ledger gives the period with
	// the holdings alone (dispatch.Stage.Rank).
	OwnRank int
}

// Cost is what reaching stage st costs to buy, and whether the period
// reaches it at all: 0 for a stage it is at or above with its holdings,
// the certificates for near-zero-carbon (and for low-carbon reached only
// through it), the certificates and offsets for zero-carbon.
func (s StagePurchases) Cost(st dispatch.Stage) (float64, bool) {
	k := st.Rank()
	if k < 0 || !s.Reaches[k] {
		return 0, false
	}
	switch {
	case k <= s.OwnRank:
		return 0, true
	case st == dispatch.ZeroCarbon:
		return s.CertificateCost + s.OffsetCost, true
	}
	return s.CertificateCost, true // low-carbon through near-zero, or near-zero
}

// certificateSlack is the relative tolerance on the certificates a
// clean share needs against those the import can take: the ledger's sums
// round at about 1e-12.
const certificateSlack = 1e-9

// StagePurchasesOf is what the period of report r, made with ledger
// settings led (r's holdings; led's prices and kgce per kWh), buys to
// reach each stage ([StagePurchases]).
func StagePurchasesOf(r *dispatch.Report, led dispatch.LedgerConfig) StagePurchases {
	b := &r.StageBasis
	s := StagePurchases{OwnRank: r.Stage.Rank()}
	s.Reaches[0] = true
	for i := 1; i <= s.OwnRank && i < len(s.Reaches); i++ {
		s.Reaches[i] = true
	}
	nearZero := b.UnservedShare <= b.UnservedToleranceShare && b.ConsumptionTce > 0 && b.CoreMet
	if nearZero && b.CleanShareRequired && !b.CleanShareMet {
		// Something is consumed here, so need > 0 (led's KgcePerKWh is
		// validated positive): the certificates close the share only when
		// the import leaves room for them.
		need, room := certificatesNeeded(r, led)
		if nearZero = need > 0 && need <= room*(1+certificateSlack); nearZero {
			s.CertificatesMWh = math.Min(need, room)
		}
	}
	if !nearZero {
		return s
	}
	s.Reaches[1], s.Reaches[2], s.Reaches[3] = true, true, true
	s.OffsetsTCO2e = math.Max(r.ResidualKgCO2e/1000-r.OffsetsHeldTCO2e, 0)
	s.CertificateCost = s.CertificatesMWh * led.CertificatePricePerMWh
	s.OffsetCost = s.OffsetsTCO2e * led.OffsetPricePerTCO2e
	return s
}

// scaled is s with its quantities and costs multiplied by f (a period's
// to a year's).
func (s StagePurchases) scaled(f float64) StagePurchases {
	s.CertificatesMWh *= f
	s.OffsetsTCO2e *= f
	s.CertificateCost *= f
	s.OffsetCost *= f
	return s
}

// CostTo is what the design costs a year to run at stage st: capital +
// fixed O&M + operating + what it buys to reach st ([StagePurchases.Cost],
// per year); ok is false when it cannot reach st by buying or (without
// economics) has no capital cost.
func (c *AnnualCosts) CostTo(st dispatch.Stage) (cost float64, ok bool) {
	buy, ok := c.Stages.Cost(st)
	if !ok || !c.Economics {
		return 0, false
	}
	return c.CapitalPerYear + c.FixedOMPerYear + c.OperatingCostPerYear + buy, true
}

// StageColumns lists the columns added on 2026-12-02 after
// purchases_per_year (each stage's purchases and cost, the heat
// figures), in order: a file written before them lacks exactly these
// ([Table.AddStageColumns]).
func StageColumns() []string {
	cols := make([]string, len(laterLayout))
	for i, c := range laterLayout {
		cols[i] = c.name
	}
	return cols
}

// InvestmentColumns lists the columns added after [StageColumns]
// (investment): a file written before them lacks exactly these
// ([Table.AddInvestment]).
func InvestmentColumns() []string {
	cols := make([]string, len(investLayout))
	for i, c := range investLayout {
		cols[i] = c.name
	}
	return cols
}

// CurrencyColumns lists the columns added after [InvestmentColumns]
// (currency): a file written before them lacks exactly these
// ([Table.AddCurrency]).
func CurrencyColumns() []string {
	cols := make([]string, len(currencyLayout))
	for i, c := range currencyLayout {
		cols[i] = c.name
	}
	return cols
}

// PriceColumns lists the columns added after [CurrencyColumns] (the
// offset and certificate prices): a file written before them lacks
// exactly these ([Table.AddPrices]).
func PriceColumns() []string {
	cols := make([]string, len(priceLayout))
	for i, c := range priceLayout {
		cols[i] = c.name
	}
	return cols
}

// The generations of a sweep file's columns, in the order they were
// added after the first files: [StageColumns], [InvestmentColumns],
// [CurrencyColumns], [PriceColumns].
const (
	genStage = iota
	genInvestment
	genCurrency
	genPrices
)

// laterThan are the columns added after those of generation g (genStage,
// genInvestment, genCurrency, genPrices), in order; laterThan(g−1) are
// generation g's and those after it.
func laterThan(g int) []string {
	gens := [][]string{StageColumns(), InvestmentColumns(), CurrencyColumns(), PriceColumns()}
	var cols []string
	for _, c := range gens[g+1:] {
		cols = append(cols, c...)
	}
	return cols
}

// writtenBefore reports whether header is want (a sweep header of today)
// less the columns of generation g and every one added after them.
func writtenBefore(header, want []string, g int) bool {
	older := without(want, laterThan(g-1))
	return len(older) < len(want) && slices.Equal(header, older)
}

// spliceCells is fields with layout's cells of row inserted before
// fields[at] (ColForecasts'), as an older file's row is brought up to a
// generation.
func spliceCells(fields []string, at int, layout []rowColumn, row *SweepRow) []string {
	out := slices.Clone(fields[:at])
	for _, col := range layout {
		out = append(out, col.get(row))
	}
	return append(out, fields[at:]...)
}

// without is header less the columns drop.
func without(header, drop []string) []string {
	return slices.DeleteFunc(slices.Clone(header), func(c string) bool { return slices.Contains(drop, c) })
}

// WithoutStageColumns reports whether header is want (a sweep header of
// today) without [StageColumns] and every column added after them
// ([InvestmentColumns], [CurrencyColumns], [PriceColumns]): a file written before the
// stage columns.
func WithoutStageColumns(header, want []string) bool {
	return writtenBefore(header, want, genStage)
}

// WithoutInvestment reports whether header is want (a sweep header of
// today) without [InvestmentColumns] and the later ones: a file
// written after the stage columns and before the investment, or one
// [Table.AddStageColumns] brought up to the stage columns.
func WithoutInvestment(header, want []string) bool {
	return writtenBefore(header, want, genInvestment)
}

// WithoutCurrency reports whether header is want (a sweep header of
// today) without [CurrencyColumns] and [PriceColumns]: a file written
// after the investment column and before the currency, or one
// [Table.AddInvestment] brought up to the investment.
func WithoutCurrency(header, want []string) bool {
	return writtenBefore(header, want, genCurrency)
}

// WithoutPrices reports whether header is want (a sweep header of today)
// without [PriceColumns]: a file written after the currency column and
// before the prices (2026-12-05), or one [Table.AddCurrency] brought up
// to the currency.
func WithoutPrices(header, want []string) bool {
	return writtenBefore(header, want, genPrices)
}

// AddPrices brings t, a file written before [PriceColumns]
// ([WithoutPrices] of want), to header want: each row's prices are led's
// (the ledger of the sweep that resumes the file, whose fingerprint —
// its settings' hash covers the prices — the caller has checked), as a
// new row's are.
func (t *Table) AddPrices(want []string, led dispatch.LedgerConfig) error {
	if !WithoutPrices(t.Header, want) {
		return &FileError{File: t.file(), Line: 1, Reason: "not a sweep results file written just before the offset and certificate price columns"}
	}
	at := slices.Index(t.Header, ColForecasts)
	row := SweepRow{Report: &dispatch.Report{OffsetPricePerTCO2e: led.OffsetPricePerTCO2e, CertificatePricePerMWh: led.CertificatePricePerMWh}}
	for i := range t.Rows {
		r := &t.Rows[i]
		r.Fields = spliceCells(r.Fields, at, priceLayout, &row)
	}
	t.Header = slices.Clone(want)
	return nil
}

// AddCurrency brings t, a file written before [CurrencyColumns]
// ([WithoutCurrency] of want), to header want less [PriceColumns] (which
// [Table.AddPrices] then adds): each row's currency is
// costs's (the economics of the park the sweep varied, whose fingerprint
// the caller has checked; nil: a park without economics, an empty cell),
// as a new row's is.
func (t *Table) AddCurrency(want []string, costs *model.CapacityCosts) error {
	if !WithoutCurrency(t.Header, want) {
		return &FileError{File: t.file(), Line: 1, Reason: "not a sweep results file written just before the currency column"}
	}
	at := slices.Index(t.Header, ColForecasts)
	c := AnnualCosts{Economics: costs != nil}
	if costs != nil {
		c.Currency = costs.Currency
	}
	row := SweepRow{Costs: &c}
	for i := range t.Rows {
		r := &t.Rows[i]
		r.Fields = spliceCells(r.Fields, at, currencyLayout, &row)
	}
	t.Header = without(want, laterThan(genCurrency))
	return nil
}

// AddStageColumns brings t, a file written before [StageColumns]
// ([WithoutStageColumns] of want), to header want less
// [InvestmentColumns] (which [Table.AddInvestment] then adds): each row's
// stage purchases and costs are worked out from its own cells (the stage
// basis, residual, holdings, import, capital, fixed O&M and operating
// costs) with ledger led's prices and kgce per kWh, exactly as a new
// row's are from its report; its heat cells are 0, as a park without
// heat's. So only a file of a park without heat may be upgraded: its
// caller knows the park (package sweep refuses to resume a heat park's
// older file). A cell that does not read is a [*FileError].
func (t *Table) AddStageColumns(want []string, led dispatch.LedgerConfig) error {
	if !WithoutStageColumns(t.Header, want) {
		return &FileError{File: t.file(), Line: 1, Reason: "not a sweep results file written just before the stage columns"}
	}
	at := slices.Index(t.Header, ColForecasts)
	for i := range t.Rows {
		r := &t.Rows[i]
		rep, c, err := t.stageInputs(*r)
		if err != nil {
			return err
		}
		c.Stages = StagePurchasesOf(rep, led).scaled(HoursPerYear / periodHours(rep))
		row := SweepRow{Report: rep, Costs: &c}
		r.Fields = spliceCells(r.Fields, at, laterLayout, &row)
	}
	t.Header = without(want, laterThan(genStage))
	return nil
}

// AddInvestment brings t, a file written before [InvestmentColumns]
// ([WithoutInvestment] of want), to header want less [CurrencyColumns]
// and [PriceColumns] (which [Table.AddCurrency] and [Table.AddPrices]
// then add): each row's investment
// is worked out from its own design cells (PV, wind, battery energy and
// power, the grid's import limit) with costs, the economics of the park
// the sweep varied (model.Park.CapacityCosts of the park file; nil: a
// park without economics, whose cells stay empty), exactly as a new
// row's is — a sweep varies no heat capacity, so the heat technologies
// add nothing. The capital a year worked out alongside must be the row's
// own capital_per_year cell, or the file was priced with other economics
// and is refused ([*FileError] naming the row and both figures), as is an
// empty one (a row written without economics, or a cell emptied) and a
// cell that does not read.
func (t *Table) AddInvestment(want []string, costs *model.CapacityCosts) error {
	if !WithoutInvestment(t.Header, want) {
		return &FileError{File: t.file(), Line: 1, Reason: "not a sweep results file written just before the investment column"}
	}
	at := slices.Index(t.Header, ColForecasts)
	paths := []string{"pv.capacity_kwp", "wind.capacity_kw", "battery.energy_kwh", "battery.power_kw", "grid.import_limit_kw"}
	for i := range t.Rows {
		r := &t.Rows[i]
		c := AnnualCosts{Economics: costs != nil}
		if costs != nil {
			var d [5]float64
			for k, p := range paths {
				v, err := t.Float(*r, DesignColumn(p))
				if err != nil {
					return err
				}
				d[k] = v
			}
			// A file without the investment column was written before the
			// heat paths (2026-12-04): its heat capacities are the park
			// file's.
			have := capacities{d[0], d[1], d[2], d[3], costs.HeatPump.Existing, costs.ThermalStorage.Existing,
				costs.ElectricBoiler.Existing, costs.CHP.Existing, costs.FuelBoiler.Existing, d[4]}
			var capital float64
			c.Investment, capital, _ = addedCosts(costs, have)
			if strings.TrimSpace(r.Fields[t.Col(ColCapitalPerYear)]) == "" {
				return &FileError{File: r.File, Line: r.Line, Column: ColCapitalPerYear,
					Reason: "empty, as a row written without economics has it (or the cell was emptied), where the park's economics price this row's design cells at " +
						FormatNumber(capital) + " a year: the file was not written with this park's economics"}
			}
			own, err := t.Float(*r, ColCapitalPerYear)
			if err != nil {
				return err
			}
			if FormatNumber(own) != FormatNumber(capital) {
				return &FileError{File: r.File, Line: r.Line, Column: ColCapitalPerYear, Value: r.Fields[t.Col(ColCapitalPerYear)],
					Reason: "the park's economics price this row's design cells at " + FormatNumber(capital) + " a year: the file was not priced with this park's economics"}
			}
		}
		row := SweepRow{Costs: &c}
		r.Fields = spliceCells(r.Fields, at, investLayout, &row)
	}
	t.Header = without(want, laterThan(genInvestment))
	return nil
}

// file names t's file for an error ("" without rows).
func (t *Table) file() string {
	if len(t.Rows) > 0 {
		return t.Rows[0].File
	}
	return ""
}

// stageInputs reads from row r the part of its report and costs that
// [StagePurchasesOf] and [AnnualCosts.CostTo] need.
func (t *Table) stageInputs(r Row) (*dispatch.Report, AnnualCosts, error) {
	rep := &dispatch.Report{}
	var c AnnualCosts
	var err error
	if rep.Stage, err = t.Stage(r); err != nil {
		return nil, c, err
	}
	b := &rep.StageBasis
	nums := []struct {
		col string
		v   *float64
	}{
		{ColStepMinutes, &rep.StepMinutes}, {ColResidualKgCO2e, &rep.ResidualKgCO2e}, {colOffsetsHeldTCO2e, &rep.OffsetsHeldTCO2e},
		{"energy_import_kwh", &rep.Energy.Import}, {"unserved_share_fraction", &b.UnservedShare},
		{"unserved_tolerance_share_fraction", &b.UnservedToleranceShare}, {"consumption_tce", &b.ConsumptionTce},
		{"clean_share_fraction", &b.CleanShare}, {"clean_share_min_fraction", &b.CleanShareMin},
		{"certificates_counted_mwh", &b.CertificatesCountedMWh}, {ColOperatingCostPerYear, &c.OperatingCostPerYear},
	}
	for _, n := range nums {
		if *n.v, err = t.Float(r, n.col); err != nil {
			return nil, c, err
		}
	}
	steps, err := t.Float(r, ColSteps)
	if err != nil {
		return nil, c, err
	}
	rep.Steps = int(steps)
	for _, f := range []struct {
		col string
		v   *bool
	}{{"core_indicator_met", &b.CoreMet}, {"clean_share_met", &b.CleanShareMet}, {"clean_share_required", &b.CleanShareRequired}} {
		s, err := t.Text(r, f.col)
		if err != nil {
			return nil, c, err
		}
		if *f.v, err = strconv.ParseBool(strings.TrimSpace(s)); err != nil {
			return nil, c, &FileError{File: r.File, Line: r.Line, Column: f.col, Value: s, Reason: "not true or false"}
		}
	}
	if !(periodHours(rep) > 0) {
		return nil, c, &FileError{File: r.File, Line: r.Line, Column: ColSteps, Value: r.Fields[t.Col(ColSteps)], Reason: "a period of no hours"}
	}
	capital, ok, err := optFloat(t, r, ColCapitalPerYear)
	if err != nil || !ok {
		return rep, c, err // no economics: no capital, no stage costs
	}
	c.Economics, c.CapitalPerYear = true, capital
	c.FixedOMPerYear, err = t.Float(r, ColFixedOMPerYear)
	return rep, c, err
}
