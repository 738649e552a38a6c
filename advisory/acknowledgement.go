package advisory

import (
	"regexp"
	"strings"
)

// thanksText is Apple's frame around the names in an "Additional
// recognition" item.
var thanksText = regexp.MustCompile(`(?is)^we would like to (?:acknowledge|thank)\s+(.*?)\s+for (?:their|his|her) assistance\.?$`)

// thanksCredit returns the names of a thanks item: "We would like to
// acknowledge Mickey Jin (@patch1t) for their assistance." gives "Mickey Jin
// (@patch1t)". Pages and mails both use it, so the same advisory reads the
// same from either; text worded otherwise is kept whole.
func thanksCredit(text string) string {
	if credit, ok, sure := cutThanks(text); sure {
		if ok {
			return credit
		}
		return text
	}
	if m := thanksText.FindStringSubmatch(text); m != nil {
		return m[1]
	}
	return text
}

// cutThanks reads what thanksText matches, by hand for plain ASCII text
// (the regexp's backtracking cost a page's parse more than all its other
// acknowledgement work). sure is false when only the regexp can tell: text
// with non-ASCII bytes (Unicode case folding) or no names between the frame.
func cutThanks(text string) (credit string, ok, sure bool) {
	for i := 0; i < len(text); i++ {
		if text[i] >= 0x80 {
			return "", false, false
		}
	}
	const lead = "we would like to "
	if !hasPrefixFold(text, lead) {
		return "", false, true
	}
	rest := text[len(lead):]
	switch {
	case hasPrefixFold(rest, "acknowledge"):
		rest = rest[len("acknowledge"):]
	case hasPrefixFold(rest, "thank"):
		rest = rest[len("thank"):]
	default:
		return "", false, true
	}
	sp := reSpaces(rest)
	if sp == 0 {
		return "", false, true
	}
	body := rest[sp:]
	// The frame's end: "for their/his/her assistance", a period optional.
	if strings.HasSuffix(body, ".") && len(body) > 1 && hasSuffixFold(body[:len(body)-1], "assistance") {
		body = body[:len(body)-1]
	}
	const tail = " assistance"
	if !hasSuffixFold(body, tail) {
		return "", false, true
	}
	body = body[:len(body)-len(tail)]
	pron := ""
	for _, p := range [...]string{"their", "his", "her"} {
		if hasSuffixFold(body, p) {
			pron = p
			break
		}
	}
	if pron == "" || !hasSuffixFold(body[:len(body)-len(pron)], "for ") {
		return "", false, true
	}
	body = body[:len(body)-len(pron)-len("for ")]
	if body == "" {
		return "", false, false // white space shared by both \s+: the regexp decides
	}
	w := len(body) // the white space before "for" starts at w
	for w > 0 && reSpaces(body[w-1:w]) == 1 {
		w--
	}
	if w == len(body) {
		return "", false, true // no white space before "for"
	}
	if w == 0 {
		return "", false, false // no names: the regexp's backtracking decides
	}
	return body[:w], true, true
}

// hasSuffixFold reports whether s ends with the lower-case ASCII suffix,
// ignoring ASCII case.
func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && equalFoldASCII(s[len(s)-len(suffix):], suffix)
}
