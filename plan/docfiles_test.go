package plan

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestDocNamesExistingFiles: every Markdown file the package documentation
// names is in the repository (a reader following "DESIGN.md" found none).
func TestDocNamesExistingFiles(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	err = filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		rel, _ := filepath.Rel("..", p)
		have[filepath.ToSlash(rel)], have[d.Name()] = true, true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`[A-Za-z0-9_./-]+\.md\b`).FindAllString(string(doc), -1) {
		if !have[m] {
			t.Errorf("plan/doc.go names %s, which is not in the repository", m)
		}
	}
}
