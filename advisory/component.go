package advisory

import "strings"

// NormalizeComponent returns the canonical form of a component heading: white
// space folded, and known aliases and case variants mapped to Apple's usual
// spelling ("Webkit" and "WEBKIT" become "WebKit").
func NormalizeComponent(name string) string {
	name = cleanText(name)
	if strings.EqualFold(name, "webkit") {
		return "WebKit"
	}
	return name
}
