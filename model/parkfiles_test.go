package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// repoParkFiles are the park files of the repository (demo/,
// benchmarks/parks/, examples/, testdata): every *.park.json and every
// park.json, found by walking the tree.
func repoParkFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != ".." {
			return filepath.SkipDir
		}
		if !d.IsDir() && (strings.HasSuffix(d.Name(), ".park.json") || d.Name() == "park.json") {
			files = append(files, path)
		}
		return nil
	})
	require.NoError(t, err)
	// demo has 3, benchmarks/parks 6, the CLI's corpus 1.
	require.GreaterOrEqual(t, len(files), 10, "park files found: %v", files)
	return files
}

// Every park file of the repository reads to what plain encoding/json
// makes of it (strictly, unknown keys refused, through Grid's own
// UnmarshalJSON): the checks that place errors change nothing a valid
// file decodes to. Compared as the park's canonical JSON (WriteJSON),
// which writes an empty list and no list alike, and field by field.
func TestEveryParkFileDecodesAsEncodingJSON(t *testing.T) {
	for _, path := range repoParkFiles(t) {
		t.Run(path, func(t *testing.T) {
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			got, err := ReadParkJSON(bytes.NewReader(data), path)
			require.NoError(t, err)

			// "$schema" is for editors: Park has no such field.
			var ref Park
			plain := schemaKeyRE.ReplaceAll(bytes.TrimPrefix(data, []byte("\uFEFF")), nil)
			dec := json.NewDecoder(bytes.NewReader(plain))
			dec.DisallowUnknownFields()
			require.NoError(t, dec.Decode(&ref))

			var a, b bytes.Buffer
			require.NoError(t, got.WriteJSON(&a))
			require.NoError(t, ref.WriteJSON(&b))
			assert.Equal(t, b.String(), a.String())
			assert.Equal(t, ref.Grid, got.Grid)
			assert.Equal(t, ref.Economics, got.Economics)
			assert.Equal(t, ref.Market, got.Market)
			assert.Equal(t, len(ref.Batteries), len(got.Batteries))
		})
	}
}

// schemaKeyRE matches a park file's "$schema" key, value and comma.
var schemaKeyRE = regexp.MustCompile(`"\$schema"\s*:\s*"[^"]*"\s*,`)

// keyRE matches an object key in the repository's park files (plain
// lower-case keys, no escapes) with the colon after it.
var keyRE = regexp.MustCompile(`"([a-z0-9_]+)"\s*:`)

// unknownMarker replaces a key; it is like no key of the format.
const unknownMarker = "zzq_unknown"

// Renaming any one key of any park file of the repository gives an error
// at that key whose Path, followed through the file as encoding/json
// reads it into maps and slices, leads to the renamed key: the path and
// the position are checked against the file, not against the checker.
func TestUnknownKeyPathsInEveryParkFile(t *testing.T) {
	for _, path := range repoParkFiles(t) {
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		text := string(data)
		for _, m := range keyRE.FindAllStringSubmatchIndex(text, -1) {
			off := m[2] - 1 // the key's opening quote
			bad := text[:m[2]] + unknownMarker + text[m[3]:]
			name := filepath.Base(path) + "/" + text[m[2]:m[3]] + "@" + strconv.Itoa(off)
			t.Run(name, func(t *testing.T) {
				_, err := ReadParkJSON(strings.NewReader(bad), path)
				require.Error(t, err)
				assert.ErrorIs(t, err, ErrInvalid)
				var mine []*JSONError
				for _, je := range jsonErrors(t, err) {
					if strings.HasSuffix(je.Path, unknownMarker) {
						mine = append(mine, je)
					}
				}
				require.Len(t, mine, 1, "%v", err)
				je := mine[0]
				wantLine := 1 + strings.Count(bad[:off], "\n")
				wantCol := off - strings.LastIndex(bad[:off], "\n")
				assert.Equal(t, wantLine, je.Line)
				assert.Equal(t, wantCol, je.Col)
				assert.True(t, strings.HasSuffix(je.Path, je.Key), "path %q ends with key %q", je.Path, je.Key)

				var tree any
				require.NoError(t, json.Unmarshal([]byte(bad), &tree))
				_, ok := follow(t, tree, je.Path)
				assert.True(t, ok, "path %q leads to the renamed key", je.Path)
			})
		}
	}
}

// pathSegRE is one segment of a JSONError path: a key and its indices.
var pathSegRE = regexp.MustCompile(`^([^.\[\]]+)((?:\[\d+\])*)$`)

// follow walks a path such as "wind[0].weather.power_curve[1].kw_per_kw"
// through a tree of maps and slices; ok is false when a step is missing.
func follow(t *testing.T, v any, path string) (any, bool) {
	t.Helper()
	for _, seg := range strings.Split(path, ".") {
		m := pathSegRE.FindStringSubmatch(seg)
		require.NotNil(t, m, "segment %q of %q", seg, path)
		obj, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = obj[m[1]]; !ok {
			return nil, false
		}
		for _, idx := range regexp.MustCompile(`\d+`).FindAllString(m[2], -1) {
			i, _ := strconv.Atoi(idx)
			list, ok := v.([]any)
			if !ok || i >= len(list) {
				return nil, false
			}
			v = list[i]
		}
	}
	return v, true
}

// The suggestion helpers: the edit distance and what counts as close.
func TestClosestKey(t *testing.T) {
	tests := []struct {
		object, key, want string
	}{
		{"", "baterries", "batteries"},
		{"", "battery", "batteries"},
		{"", "Batteries", "batteries"}, // case alone (the reader reports it as case-sensitive first)
		{"batteries[]", "energy_kw", "energy_kwh"},
		{"batteries[]", "energy_mwh", "energy_kwh"},
		{"pv[]", "capacity_kw", "capacity_kwp"},
		{"pv[].weather", "tilt", "tilt_deg"}, // the unit left out
		{"economics.pv", "capex_per_kwp", "capital_per_kwp"},
		{"economics.battery", "capital_per_kwhh", "capital_per_kwh"},
		{"heat_pumps[]", "cops", "cop"},
		{"loads[]", "colour", ""},
		{"grid", "x", ""},
		{"grid", strings.Repeat("import_limit_kw", 10), ""}, // too long to compare
	}
	for _, tc := range tests {
		t.Run(tc.object+"/"+tc.key, func(t *testing.T) {
			r := keyRules[tc.object]
			require.NotNil(t, r)
			assert.Equal(t, tc.want, r.closest(tc.key, nil))
		})
	}
	// A key the object already has is passed over for the next closest.
	given := func(k string) bool { return k == "capital_per_kwh" }
	assert.Equal(t, "capital_per_kw", keyRules["economics.battery"].closest("capital_per_kwhh", given))
	assert.Equal(t, "", keyRules["batteries[]"].closest("energy_kw", func(k string) bool { return k == "energy_kwh" }))
	for _, tc := range []struct {
		a, b  string
		limit int
		want  int
	}{
		{"", "", 3, 0},
		{"kitten", "sitting", 5, 3},
		{"capex_per_kwp", "capital_per_kwp", 4, 4},
		{"abc", "abcdefgh", 2, 3}, // lengths differ by more than the limit: limit+1
		{"aaaa", "bbbb", 2, 3},    // stops once every entry of a row exceeds the limit
		{"energy_kw", "energy_kwh", 1, 1},
	} {
		assert.Equal(t, tc.want, editDistance(tc.a, tc.b, tc.limit), "%q %q", tc.a, tc.b)
	}
}

// A key-rule mismatch cannot hide an error: when the decoder refuses a key
// that the rules allow, its own error is returned.
func TestDecodeErrorFallsBackToTheDecoder(t *testing.T) {
	err := decodeError([]byte(`{"loads": []}`), "p.json", errors.New(`json: unknown field "loads"`))
	assert.ErrorIs(t, err, ErrInvalid)
	je := errorWithKey(t, err, "loads")
	assert.Equal(t, 1, je.Line)
	assert.Equal(t, 2, je.Col)
	assert.Len(t, jsonErrors(t, err), 2, "the decoder's error and the missing grid: %v", err)
}
