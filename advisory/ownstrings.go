package advisory

import "strings"

// visitStrings calls f with every string the advisory holds.
func (a *Advisory) visitStrings(f func(*string)) {
	f(&a.Kind)
	f((*string)(&a.Origin))
	f(&a.ID)
	f(&a.Title)
	f(&a.URL)
	f(&a.ReissueOf)
	for i := range a.Releases {
		r := &a.Releases[i]
		f(&r.Platform)
		f(&r.Version)
		f(&r.Extra)
	}
	for i := range a.Entries {
		e := &a.Entries[i]
		f(&e.Component)
		f(&e.AvailableFor)
		f(&e.Impact)
		f(&e.Description)
		for j := range e.CVEs {
			f(&e.CVEs[j].ID)
			f(&e.CVEs[j].Credit)
		}
		for j := range e.MentionedCVEs {
			f(&e.MentionedCVEs[j])
		}
	}
	for i := range a.Acknowledgements {
		f(&a.Acknowledgements[i].Component)
		f(&a.Acknowledgements[i].Credit)
	}
}

// ownStrings gives the advisory its own copy of every string it holds, all in
// one allocation, so that none shares memory with the text it was parsed
// from (ParseMail's pooled buffer).
func (a *Advisory) ownStrings() {
	n := 0
	a.visitStrings(func(s *string) { n += len(*s) })
	var b strings.Builder
	b.Grow(n)
	a.visitStrings(func(s *string) { b.WriteString(*s) })
	all := b.String()
	off := 0
	a.visitStrings(func(s *string) {
		*s = all[off : off+len(*s)]
		off += len(*s)
	})
}
