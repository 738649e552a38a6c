package advisory

import "testing"

var thanksSamples = []string{
	"We would like to acknowledge Mickey Jin (@patch1t) for their assistance.",
	"We would like to thank Apple for his assistance",
	"we would like to ACKNOWLEDGE a, b, and c for her assistance.",
	"We would like to acknowledge  x  for  their assistance.",
	"We would like to acknowledge x for their assistance..",
	"We would like to acknowledge for their assistance.",
	"We would like to acknowledge  for their assistance.",
	"We would like to acknowledge x\nfor their assistance.",
	"We would like to acknowledgex for their assistance.",
	"We would like to acknowledge x for  their assistance.",
	"We would like to acknowledge x for your assistance.",
	"We would like to acknowledge x for their assistance in y.",
	"We would like to acknowledge x for his assistance for their assistance.",
	"We would like to acknowledge Jörg for their assistance.",
	"thanks to x",
	"",
}

func checkThanks(t *testing.T, s string) {
	want := s
	if m := thanksText.FindStringSubmatch(s); m != nil {
		want = m[1]
	}
	if got := thanksCredit(s); got != want {
		t.Fatalf("thanksCredit(%q) = %q, want %q", s, got, want)
	}
}

func TestThanksCreditMatchesRegexp(t *testing.T) {
	for _, s := range thanksSamples {
		checkThanks(t, s)
	}
}

// FuzzThanksCredit: the hand-read frame gives what the regexp does.
func FuzzThanksCredit(f *testing.F) {
	for _, s := range thanksSamples {
		f.Add(s)
	}
	f.Fuzz(checkThanks)
}
