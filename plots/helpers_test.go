package plots_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"image"
	"image/color"
	_ "image/png"
	"io"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
)

// synthPark is a small park with every kind of asset, two batteries.
func synthPark() *model.Park {
	bat := func(name string) model.Battery {
		return model.Battery{Name: name, EnergyKWh: 200, MaxChargeKW: 80, MaxDischargeKW: 80,
			ChargeEfficiency: 0.95, DischargeEfficiency: 0.95, MinSoCFraction: 0.1, MaxSoCFraction: 0.9, InitialSoCFraction: 0.5}
	}
	return &model.Park{
		Name:      "Synthetic park",
		Loads:     []model.Load{{Name: "office", Column: "load_kw"}},
		PV:        []model.PVArray{{Name: "roof", CapacityKWp: 500, AvailabilityColumn: "pv"}},
		Wind:      []model.WindTurbine{{Name: "mill", CapacityKW: 300, AvailabilityColumn: "wind"}},
		Batteries: []model.Battery{bat("b1"), bat("b2")},
		Grid: model.Grid{ImportLimitKW: 1000, ExportLimitKW: 100,
			DispatchCarbon: model.CarbonSignal{Column: "co2", Kind: model.Average}},
	}
}

// synthSchedule is a hand-made, balanced schedule of n hourly intervals
// from start: PV by day, wind all the time, a self-consumption rule for
// the batteries (sharing equally), import on deficit, export up to 100 kW
// and curtailment beyond.
func synthSchedule(p *model.Park, start time.Time, n int) *dispatch.Schedule {
	nb := len(p.Batteries)
	rows := func(k int) [][]float64 {
		out := make([][]float64, k)
		for i := range out {
			out[i] = make([]float64, n)
		}
		return out
	}
	s := &dispatch.Schedule{Start: start, Step: time.Hour, Len: n,
		LoadKW: make([]float64, n), PVAvailKW: rows(1), PVKW: rows(1), WindAvailKW: rows(1), WindKW: rows(1),
		InitialSoCKWh: make([]float64, nb), ChargeKW: rows(nb), DischargeKW: rows(nb), SoCKWh: rows(nb),
		ImportKW: make([]float64, n), ExportKW: make([]float64, n), UnservedKW: make([]float64, n),
		CurtailedKW: make([]float64, n), DispatchKgCO2ePerKWh: make([]float64, n),
		AccountingKgCO2ePerKWh: make([]float64, n), ImportPricePerKWh: make([]float64, n),
		ExportPricePerKWh: make([]float64, n), EmissionsKgCO2e: make([]float64, n)}
	soc := make([]float64, nb)
	for b, bat := range p.Batteries {
		soc[b] = bat.InitialSoCKWh()
		s.InitialSoCKWh[b] = soc[b]
	}
	for t := 0; t < n; t++ {
		hour := float64(s.Time(t).Hour())
		s.PVAvailKW[0][t] = 500 * math.Max(0, math.Sin(math.Pi*(hour-6)/12))
		s.WindAvailKW[0][t] = 120 + 80*math.Sin(float64(t)/9)
		s.LoadKW[t] = 250 + 120*math.Sin(math.Pi*(hour-8)/14)
		s.AccountingKgCO2ePerKWh[t] = 0.5 + 0.2*math.Sin(float64(t)/5)
		s.DispatchKgCO2ePerKWh[t] = s.AccountingKgCO2ePerKWh[t]
		gen := s.PVAvailKW[0][t] + s.WindAvailKW[0][t]
		net := gen - s.LoadKW[t]
		s.PVKW[0][t], s.WindKW[0][t] = s.PVAvailKW[0][t], s.WindAvailKW[0][t]
		for b, bat := range p.Batteries {
			share := net / float64(nb)
			if share > 0 {
				v := math.Min(share, math.Min(bat.MaxChargeKW, (bat.MaxSoCKWh()-soc[b])/bat.ChargeEfficiency))
				s.ChargeKW[b][t] = v
				soc[b] += v * bat.ChargeEfficiency
			} else {
				v := math.Min(-share, math.Min(bat.MaxDischargeKW, (soc[b]-bat.MinSoCKWh())*bat.DischargeEfficiency))
				s.DischargeKW[b][t] = v
				soc[b] -= v / bat.DischargeEfficiency
			}
			s.SoCKWh[b][t] = soc[b]
			net += s.DischargeKW[b][t] - s.ChargeKW[b][t]
		}
		if net > 0 {
			s.ExportKW[t] = math.Min(net, p.Grid.ExportLimitKW)
			s.CurtailedKW[t] = net - s.ExportKW[t]
			cut := math.Min(s.CurtailedKW[t], s.PVKW[0][t])
			s.PVKW[0][t] -= cut
			s.WindKW[0][t] -= s.CurtailedKW[t] - cut
		} else {
			s.ImportKW[t] = -net
		}
		s.EmissionsKgCO2e[t] = s.ImportKW[t] * s.AccountingKgCO2ePerKWh[t]
	}
	return s
}

// synthStart is a Monday midnight in a fixed UTC−6 zone.
var synthStart = time.Date(2023, 6, 5, 0, 0, 0, 0, time.FixedZone("", -6*3600))

// checkPNG decodes a PNG, checks its size and that it is a picture (many
// colours), not a blank page.
func checkPNG(t *testing.T, data []byte, w, h int) {
	t.Helper()
	img, format, err := image.Decode(bytes.NewReader(data))
	require.NoError(t, err)
	require.Equal(t, "png", format)
	require.Equal(t, image.Rect(0, 0, w, h), img.Bounds())
	colours := map[color.RGBA64]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			r, g, bl, a := img.At(x, y).RGBA()
			colours[color.RGBA64{R: uint16(r), G: uint16(g), B: uint16(bl), A: uint16(a)}] = true
		}
	}
	require.Greater(t, len(colours), 50, "distinct colours")
}

// svgInfo parses an SVG document fully and returns its root element name,
// the number of path elements and all text content.
func svgInfo(t *testing.T, data []byte) (root string, paths int, text string) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	var sb strings.Builder
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		switch v := tok.(type) {
		case xml.StartElement:
			if root == "" {
				root = v.Name.Local
			}
			if v.Name.Local == "path" {
				paths++
			}
		case xml.CharData:
			sb.Write(v)
			sb.WriteByte('\n')
		}
	}
	return root, paths, sb.String()
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NotEmpty(t, data)
	return data
}
