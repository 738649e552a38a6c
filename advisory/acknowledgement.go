package advisory

import "regexp"

// thanksText is Apple's frame around the names in an "Additional
// recognition" item.
var thanksText = regexp.MustCompile(`(?is)^we would like to (?:acknowledge|thank)\s+(.*?)\s+for (?:their|his|her) assistance\.?$`)

// thanksCredit returns the names of a thanks item: "We would like to
// acknowledge Mickey Jin (@patch1t) for their assistance." gives "Mickey Jin
// (@patch1t)". Pages and mails both use it, so the same advisory reads the
// same from either; text worded otherwise is kept whole.
func thanksCredit(text string) string {
	if m := thanksText.FindStringSubmatch(text); m != nil {
		return m[1]
	}
	return text
}
