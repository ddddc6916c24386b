package plots

import (
	"fmt"
	"os"
	"sync"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"gonum.org/v1/plot/font"
)

// FontEnv names the environment variable that gives every figure a font
// file of the user's (TrueType or OpenType, .ttf, .otf, or the first font
// of a .ttc collection) in place of Liberation Sans, which has no Chinese,
// Japanese or Korean characters: a PNG drew a park, tenant or battery
// named in Chinese as nothing at all (QA T5, session 37; an SVG names its
// font and the viewer draws what it has). Take a font that has Latin
// letters and digits too, such as Noto Sans CJK:
//
//	ZEROPARK_FONT=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc zeropark plot week …
//
// The file is read once, at the first figure that asks for it; [UserFont]
// says whether it could be.
const FontEnv = "ZEROPARK_FONT"

// sansDefault is the typeface of every text without FontEnv: Liberation
// Sans, bundled with gonum/plot, reads better in small sizes than its
// default serif.
var sansDefault = font.Font{Typeface: "Liberation", Variant: "Sans"}

// userFonts are the font files read, by path, with what reading gave:
// each is read once, whichever figure asks first.
var userFonts struct {
	mu     sync.Mutex
	byPath map[string]userFontRead
}

type userFontRead struct {
	font font.Font
	err  error
}

// userFontAt is the font file at path, read into the font cache the
// first time, and why it cannot be used (Liberation Sans then).
func userFontAt(path string) (font.Font, error) {
	userFonts.mu.Lock()
	defer userFonts.mu.Unlock()
	if r, ok := userFonts.byPath[path]; ok {
		return r.font, r.err
	}
	f, err := loadFont(path)
	if err != nil {
		f, err = sansDefault, fmt.Errorf("plots: %s=%s: %w; the figures use Liberation Sans", FontEnv, path, err)
	}
	if userFonts.byPath == nil {
		userFonts.byPath = map[string]userFontRead{}
	}
	userFonts.byPath[path] = userFontRead{f, err}
	return f, err
}

// sans is the typeface of every text: the font FontEnv names, else
// Liberation Sans.
func sans() font.Font {
	path := os.Getenv(FontEnv)
	if path == "" {
		return sansDefault
	}
	f, _ := userFontAt(path)
	return f
}

// UserFont reads the font file FontEnv names, if it has not been read,
// and says which it is ("" when FontEnv is not set) and why it cannot be
// used (the figures then use Liberation Sans). A command calls it to warn
// of a bad file before it draws.
func UserFont() (path string, err error) {
	if path = os.Getenv(FontEnv); path == "" {
		return "", nil
	}
	_, err = userFontAt(path)
	return path, err
}

// loadFont reads the font file at path into gonum/plot's font cache
// under its family name and returns its descriptor.
func loadFont(path string) (font.Font, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return font.Font{}, err
	}
	f, err := opentype.Parse(data)
	if err != nil {
		coll, cerr := opentype.ParseCollection(data)
		if cerr != nil {
			return font.Font{}, fmt.Errorf("not a TrueType or OpenType font or collection: %w", err)
		}
		if f, err = coll.Font(0); err != nil {
			return font.Font{}, err
		}
	}
	// Every figure has digits and Latin letters (axes, units): a font
	// without them draws those as nothing, as Liberation Sans draws
	// Chinese (GlyphIndex is 0 for a missing glyph).
	var buf sfnt.Buffer
	for _, r := range "0a" {
		i, err := f.GlyphIndex(&buf, r)
		if err != nil {
			return font.Font{}, err
		}
		if i == 0 {
			return font.Font{}, fmt.Errorf("has no %q: the figures' digits and Latin letters would be drawn as nothing; take a font that has them too", r)
		}
	}
	family, err := f.Name(&buf, sfnt.NameIDFamily)
	if err != nil || family == "" {
		family = "zeropark user font"
	}
	desc := font.Font{Typeface: font.Typeface(family), Weight: xfont.WeightNormal}
	font.DefaultCache.Add(font.Collection{{Font: desc, Face: f}})
	return desc, nil
}
