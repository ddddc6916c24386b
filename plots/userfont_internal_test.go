package plots

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/image/font/gofont/goregular"
	"gonum.org/v1/plot/font"
)

// withFontEnv runs f with FontEnv set to path.
func withFontEnv(t *testing.T, path string, f func()) {
	t.Setenv(FontEnv, path)
	f()
	require.NoError(t, os.Unsetenv(FontEnv))
}

// A font file named by ZEROPARK_FONT is every text's typeface, in the PNG
// (other pixels) and the SVG (its family named); a file that is no font
// is an error naming the variable and the path, and the figures keep
// Liberation Sans (QA T5, session 37).
func TestUserFont(t *testing.T) {
	draw := func(f Format) []byte {
		fig, err := CostCarbonFrontier(unitsFrontier(), FrontierMarkers(unitsRoadmap()), &FrontierOptions{Currency: "USD"})
		require.NoError(t, err)
		var b bytes.Buffer
		_, err = fig.WriteTo(&b, f)
		require.NoError(t, err)
		return b.Bytes()
	}
	plain := draw(PNG)
	path := filepath.Join(t.TempDir(), "Go-Regular.ttf")
	require.NoError(t, os.WriteFile(path, goregular.TTF, 0o644))
	withFontEnv(t, path, func() {
		got, err := UserFont()
		require.NoError(t, err)
		assert.Equal(t, path, got)
		assert.Equal(t, font.Typeface("Go"), sans().Typeface)
		assert.True(t, font.DefaultCache.Has(sans()))
		assert.NotEqual(t, plain, draw(PNG), "the PNG is drawn in the user's font")
		assert.Contains(t, string(draw(SVG)), "font-family:Go")
	})

	bad := filepath.Join(t.TempDir(), "not-a-font.ttf")
	require.NoError(t, os.WriteFile(bad, []byte("hello"), 0o644))
	withFontEnv(t, bad, func() {
		_, err := UserFont()
		require.Error(t, err)
		assert.ErrorContains(t, err, FontEnv+"="+bad)
		assert.ErrorContains(t, err, "the figures use Liberation Sans")
		assert.Equal(t, sansDefault, sans())
		assert.Equal(t, plain, draw(PNG))
	})
	withFontEnv(t, filepath.Join(t.TempDir(), "missing.ttf"), func() {
		_, err := UserFont()
		assert.ErrorContains(t, err, "no such file")
	})
	assert.Equal(t, sansDefault, sans(), "put back")
}
