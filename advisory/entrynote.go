package advisory

import "strings"

// entryNoteParts are the parts of an "Entry added <date>" note: one or two
// kinds ("added", "updated", as written) with their date text.
type entryNoteParts struct {
	kind1, date1 string
	kind2, date2 string // empty when the note states one date
}

// cutEntryNote reads an "Entry added <date>" or "Entry updated <date>" note,
// or one stating both: "Entry added February 11, 2026, updated March 24,
// 2026". It reads what the regexp
//
//	(?i)^Entry (added|updated)\s+(.+?)(?:,?\s+(?:and\s+)?(added|updated)\s+(.+?))?\.?$
//
// matches, with the same groups, by hand: it runs on every line that starts
// with an "E", where a regexp's backtracking cost a tenth of a page's parse.
func cutEntryNote(line string) (entryNoteParts, bool) {
	var n entryNoteParts
	if len(line) < 6 || !strings.EqualFold(line[:6], "entry ") {
		return n, false
	}
	rest := line[6:]
	kind, k := noteKind(rest)
	if k == 0 {
		return n, false
	}
	sp := reSpaces(rest[k:])
	// `\s+` is greedy but gives back white space when what follows needs it
	// (a date of white space only), as the regexp's backtracking does.
	for p := k + sp; p > k; p-- {
		if n, ok := firstNoteClause(kind, rest[p:]); ok {
			return n, true
		}
	}
	return n, false
}

// firstNoteClause reads `(.+?)(?:,?\s+(?:and\s+)?(added|updated)\s+(.+?))?\.?$`
// at the start of r, the text after "Entry <kind> ".
func firstNoteClause(kind, r string) (entryNoteParts, bool) {
	n := entryNoteParts{kind1: kind}
	if r == "" {
		return n, false
	}
	// The dates match "." (no newline); the white space between may hold one.
	for i := 1; i < len(r) && r[i-1] != '\n'; i++ {
		if kind2, date2, ok := secondNoteClause(r[i:]); ok {
			n.date1, n.kind2, n.date2 = r[:i], kind2, date2
			return n, true
		}
	}
	if strings.IndexByte(r, '\n') >= 0 {
		return n, false
	}
	n.date1 = trimOneDot(r)
	return n, true
}

// secondNoteClause reads `,?\s+(?:and\s+)?(added|updated)\s+(.+?)\.?$` at the
// start of s.
func secondNoteClause(s string) (kind, date string, ok bool) {
	j := 0
	if j < len(s) && s[j] == ',' {
		j++
	}
	sp := reSpaces(s[j:])
	if sp == 0 {
		return "", "", false
	}
	j += sp
	if len(s)-j >= 3 && strings.EqualFold(s[j:j+3], "and") {
		if sp := reSpaces(s[j+3:]); sp > 0 {
			if kind, date, ok := noteKindAndDate(s[j+3+sp:]); ok {
				return kind, date, true
			}
		}
	}
	return noteKindAndDate(s[j:])
}

// noteKindAndDate reads `(added|updated)\s+(.+?)\.?$` at the start of s.
func noteKindAndDate(s string) (kind, date string, ok bool) {
	kind, k := noteKind(s)
	if k == 0 {
		return "", "", false
	}
	sp := reSpaces(s[k:])
	for p := k + sp; p > k; p-- {
		if date := s[p:]; date != "" && strings.IndexByte(date, '\n') < 0 {
			return kind, trimOneDot(date), true
		}
	}
	return "", "", false
}

// noteKind reads "added" or "updated", any case, at the start of s and
// returns it and its length (0 if neither).
func noteKind(s string) (string, int) {
	switch {
	case len(s) >= 5 && strings.EqualFold(s[:5], "added"):
		return s[:5], 5
	case len(s) >= 7 && strings.EqualFold(s[:7], "updated"):
		return s[:7], 7
	}
	return "", 0
}

// reSpaces returns how many bytes of regexp \s ([\t\n\f\r ]) s starts with.
func reSpaces(s string) int {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\f' || s[i] == '\r') {
		i++
	}
	return i
}

// trimOneDot drops one final "." when something is left before it, as the
// lazy `(.+?)\.?$` does.
func trimOneDot(s string) string {
	if len(s) >= 2 && s[len(s)-1] == '.' {
		return s[:len(s)-1]
	}
	return s
}

// isEntryNote reports whether line is an "Entry added/updated" note.
func isEntryNote(line string) bool {
	_, ok := cutEntryNote(line)
	return ok
}
