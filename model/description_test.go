package model

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A park file may say what the park is and where its figures come from in
// "description": free text (Chinese and line breaks too), kept on the park
// and written back; a park without one writes no key. The key is spelt
// like every other: a misspelling is refused with the right name offered,
// and a value that is not a string is refused at the value.
func TestParkDescription(t *testing.T) {
	const desc = "工业园区 (CNY). Sources:\nPV 3.3 CNY/W (Tsinghua 2024); CCER 60–80 CNY/t"
	text := `{"name": "p", "description": "工业园区 (CNY). Sources:\nPV 3.3 CNY/W (Tsinghua 2024); CCER 60–80 CNY/t",
  "loads": [{"name": "l", "column_kw": "l"}],
  "grid": {"import_limit_kw": 100, "export_limit_kw": 0, "dispatch_carbon": {"kgco2e_per_kwh": 0.5306}}}`
	p, err := ReadParkJSON(strings.NewReader(text), "park.json")
	require.NoError(t, err)
	assert.Equal(t, desc, p.Description)
	require.NoError(t, p.Validate())

	var buf bytes.Buffer
	require.NoError(t, p.WriteJSON(&buf))
	back, err := ReadParkJSON(bytes.NewReader(buf.Bytes()), "back.json")
	require.NoError(t, err)
	assert.Equal(t, p, back)
	assert.Contains(t, buf.String(), `"description": "工业园区 (CNY). Sources:\nPV 3.3 CNY/W`)

	p.Description = ""
	buf.Reset()
	require.NoError(t, p.WriteJSON(&buf))
	assert.NotContains(t, buf.String(), "description")

	_, err = ReadParkJSON(strings.NewReader(strings.Replace(text, `"description"`, `"descripton"`, 1)), "park.json")
	require.ErrorIs(t, err, ErrInvalid)
	assert.Contains(t, err.Error(), `park.json:1:15: key "descripton": unknown key (did you mean "description"?)`)

	_, err = ReadParkJSON(strings.NewReader(strings.Replace(text, `"`+strings.ReplaceAll(desc, "\n", `\n`)+`"`, "42", 1)), "park.json")
	require.ErrorIs(t, err, ErrInvalid)
	assert.Contains(t, err.Error(), `park.json:1:30: key "description": value 42: want a string`)
}
