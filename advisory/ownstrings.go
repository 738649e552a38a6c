package advisory

import "unsafe"

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
	// Each string is copied to the end of buf and then points there: buf
	// never grows (its size is exact), and no byte is written twice, so the
	// strings are immutable from the moment they are made.
	buf := make([]byte, 0, n)
	a.visitStrings(func(s *string) {
		if *s == "" {
			if unsafe.StringData(*s) != nil {
				*s = "" // an empty slice of the parsed text holds it too
			}
			return
		}
		off := len(buf)
		buf = append(buf, *s...)
		*s = unsafe.String(&buf[off], len(*s))
	})
}
