package plan

import (
	"fmt"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/demo"
	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/forecast/physics"
)

func TestZZLowDebug(t *testing.T) {
	if os.Getenv("ZZ") == "" {
		t.Skip()
	}
	park, set, err := demo.Load(demo.Default)
	require.NoError(t, err)
	require.NoError(t, physics.Derive(park, set))
	park.Economics.Wind.UnitKW = 2000
	park.Economics.Battery.UnitKWh, park.Economics.Battery.UnitKW = 2500, 1250
	opt := DefaultOptions()
	opt.Ledger.OffsetPricePerTCO2e, opt.Ledger.CertificatePricePerMWh = 15, 5
	opt.Solvers = 1
	m, err := New(park, set, opt)
	require.NoError(t, err)
	defer m.Close()
	n := 0
	bbTrace = func(e bbEvent) {
		n++
		fmt.Printf("NODE %d %s low=%d %s it=%d s=%.1f\n", n, e.Stage, e.Low, e.What, e.Iterations, e.Seconds)
		bs := m.solver.(basisSolver)
		on := n == 5
		bs.SetOption("output_flag", on)
		bs.SetOption("log_to_console", on)
	}
	defer func() { bbTrace = nil }()
	_, err = m.Today()
	require.NoError(t, err)
	_, err = m.Plan(dispatch.LowCarbon)
	require.NoError(t, err)
}
