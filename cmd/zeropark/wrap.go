package main

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// helpWidth is the width the help is wrapped to, in columns (a tab
// advancing to the next multiple of 8, as a terminal shows it).
const helpWidth = 80

// wrapHelp breaks every line of help text s wider than width at spaces,
// each continuation indented as the line's text begins: under a flag's
// help (after its "    \t"), under a column's description (after the run
// of two or more spaces that follows its name), under a bullet's text, four
// columns in under a synopsis ("zeropark …"), or at the line's own indent. A word wider than the room is left whole.
// Lines within width are kept as they are. A plain paragraph line wider
// than width takes the plain lines of the same paragraph after it along
// before it is broken (plainNext), so that a source line made longer by
// an edit does not leave a short remainder ("Not", "drawn:") above a
// line that starts again.
func wrapHelp(s string, width int) string {
	lines := strings.Split(s, "\n")
	var b strings.Builder
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if i > 0 {
			b.WriteByte('\n')
		}
		if columns(line) <= width {
			b.WriteString(line)
			continue
		}
		for i+1 < len(lines) && plainNext(line, lines[i+1]) {
			line += " " + strings.TrimSpace(lines[i+1])
			i++
		}
		wrapLine(&b, line, width)
	}
	return b.String()
}

// plainNext reports whether next goes on line's paragraph as plain text:
// both at the same indent of spaces only, neither with a head (a bullet,
// a column's name: hangingIndent), next neither empty nor a synopsis
// ("zeropark …").
func plainNext(line, next string) bool {
	head, _ := hangingIndent(line)
	nhead, ntext := hangingIndent(next)
	lead := line[:len(line)-len(strings.TrimLeftFunc(line, unicode.IsSpace))]
	return ntext != "" && head == lead && nhead == lead && !strings.Contains(lead, "\t") &&
		!strings.HasPrefix(ntext, "zeropark ")
}

// wrapLine writes line broken at spaces to fit width (wrapHelp).
func wrapLine(b *strings.Builder, line string, width int) {
	head, text := hangingIndent(line)
	indent := head
	switch {
	case strings.TrimSpace(head) != "":
		// The head holds a name or a bullet: continuations are blank to
		// the same column, tabs kept so that they line up.
		indent = blankTo(head)
	case strings.HasPrefix(text, "zeropark "):
		// A synopsis: its continuations indented under it, not read as
		// another synopsis.
		indent = head + "    "
	}
	cur := head
	fresh := true // nothing after the head yet
	for _, w := range strings.Fields(text) {
		switch {
		case fresh:
			cur += w
			fresh = false
		case columns(cur+" "+w) <= width:
			cur += " " + w
		default:
			b.WriteString(cur)
			b.WriteByte('\n')
			cur = indent + w
		}
	}
	b.WriteString(cur)
}

// joinBroken joins the lines of a flag's help that break a sentence (the
// line before does not end in "." or ":"), so that wrapHelp fills them to
// the help's width; a line after a full stop or a colon stays a line of
// its own ("SERIES: …", "METHOD: …").
func joinBroken(help string) string {
	lines := strings.Split(help, "\n")
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			if prev := strings.TrimRight(lines[i-1], " "); strings.HasSuffix(prev, ".") || strings.HasSuffix(prev, ":") {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(l)
	}
	return b.String()
}

// hangingIndent splits line into its head — what continuations line up
// under — and its text.
func hangingIndent(line string) (head, text string) {
	lead := len(line) - len(strings.TrimLeftFunc(line, unicode.IsSpace))
	rest := line[lead:]
	// A bullet: "- text" or "• text".
	for _, bullet := range []string{"- ", "• ", "* "} {
		if strings.HasPrefix(rest, bullet) {
			return line[:lead+len(bullet)], rest[len(bullet):]
		}
	}
	// A column: a name, then two or more spaces, then its description,
	// on an indented line.
	if lead > 0 && !strings.Contains(line[:lead], "\t") {
		if gap := strings.Index(rest, "  "); gap > 0 && !strings.Contains(rest[:gap], " ") {
			end := gap
			for end < len(rest) && rest[end] == ' ' {
				end++
			}
			if end < len(rest) {
				return line[:lead+end], rest[end:]
			}
		}
	}
	return line[:lead], rest
}

// blankTo is head with every character but tabs made a space, so that
// text after it starts in the same column.
func blankTo(head string) string {
	var b strings.Builder
	for _, r := range head {
		if r == '\t' {
			b.WriteRune('\t')
			continue
		}
		b.WriteByte(' ')
	}
	return b.String()
}

// columns is the width of s on a terminal: runes, a tab advancing to the
// next multiple of 8.
func columns(s string) int {
	n := 0
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		s = s[size:]
		if r == '\t' {
			n = (n/8 + 1) * 8
			continue
		}
		n++
	}
	return n
}
