package model

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func ptr(v float64) *float64 { return &v }

// A park file's market object is read, written back equal, and unknown
// keys in it are errors naming the key.
func TestMarketJSON(t *testing.T) {
	p := validPark()
	p.Market = &Market{OffsetsHeldTCO2e: 300, CertificatesHeldMWh: 12.5, OffsetPricePerTCO2e: ptr(0)}
	var b bytes.Buffer
	require.NoError(t, p.WriteJSON(&b))
	text := b.String()
	assert.Contains(t, text, `"offsets_held_tco2e": 300`)
	assert.Contains(t, text, `"offset_price_per_tco2e": 0`, "a price of 0 is written, not dropped")
	assert.NotContains(t, text, "certificate_price_per_mwh")
	got, err := ReadParkJSON(strings.NewReader(text), "p.json")
	require.NoError(t, err)
	assert.Equal(t, p, got)
	require.NoError(t, got.Validate())

	bad := strings.Replace(text, `"offsets_held_tco2e"`, `"offsets_held_t"`, 1)
	_, err = ReadParkJSON(strings.NewReader(bad), "p.json")
	var je *JSONError
	require.True(t, errors.As(err, &je), "%v", err)
	assert.Equal(t, "market.offsets_held_t", je.Key)
	assert.Equal(t, "market.offsets_held_t", je.Path)
	assert.ErrorIs(t, err, ErrInvalid)
}

func TestMarketValidate(t *testing.T) {
	tests := []struct {
		name  string
		m     Market
		field string
		value string
	}{
		{"offsets negative", Market{OffsetsHeldTCO2e: -1}, "offsets_held_tco2e", "-1"},
		{"offsets NaN", Market{OffsetsHeldTCO2e: math.NaN()}, "offsets_held_tco2e", "NaN"},
		{"certificates Inf", Market{CertificatesHeldMWh: math.Inf(1)}, "certificates_held_mwh", "+Inf"},
		{"offset price negative", Market{OffsetPricePerTCO2e: ptr(-15)}, "offset_price_per_tco2e", "-15"},
		{"certificate price NaN", Market{CertificatePricePerMWh: ptr(math.NaN())}, "certificate_price_per_mwh", "NaN"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := validPark()
			p.Market = &tc.m
			err := p.Validate()
			require.ErrorIs(t, err, ErrInvalid)
			fes := fieldErrors(t, err)
			require.Len(t, fes, 1, "%v", err)
			assert.Equal(t, "market", fes[0].Asset)
			assert.Equal(t, tc.field, fes[0].Field)
			assert.Contains(t, fes[0].Error(), tc.field+" = "+tc.value+": must be finite and ≥ 0")
		})
	}
	p := validPark()
	p.Market = &Market{}
	assert.NoError(t, p.Validate(), "an empty market is valid")
}
