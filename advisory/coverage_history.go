package advisory

import (
	"time"

	"github.com/applesec/applesec/version"
)

// A device on a release line newer than every line a CVE is fixed on is
// covered only if that line shipped after the fix: a line that already
// existed when the fix shipped, and has no fix point in the data, may still
// lack it (Apple fixed the older line and the newer one separately, and
// the newer one's advisory is not among those given).

// lineDates records when each release line first shipped, as far as the
// advisories say: the release date of the advisory of its x.0 release.
type lineDates map[version.Line]Date

// note records that an advisory released on d lists release v.
func (ld lineDates) note(v version.Version, d Date) {
	if v.IsZero() || d.IsZero() || v.HasLetter() || v.Patch() != 0 {
		return
	}
	l := v.Line()
	if l.Major() == 10 && l.Platform() == version.MacOS {
		// macOS 10.x: each minor is a line, 10.15.0 its first release.
	} else if v.Minor() != 0 {
		return
	}
	if old, ok := ld[l]; !ok || d.Before(old) {
		ld[l] = d
	}
}

// lineShipped returns when line l first shipped: from the advisories when
// they include its first release, else from the yearly schedule Apple has
// kept (a new major each September; visionOS 1 in February 2024). ok is
// false for a platform without a schedule.
func (c *Coverage) lineShipped(l version.Line) (Date, bool) {
	if d, ok := c.lines[l]; ok {
		return d, true
	}
	return scheduledLine(l)
}

// scheduledLine returns the first day of the month in which Apple shipped
// (or would ship) line l by its yearly schedule.
func scheduledLine(l version.Line) (Date, bool) {
	major := l.Major()
	year := 0
	switch {
	case major >= 26:
		year = 2000 + major - 1 // iOS 26 shipped in 2025
	default:
		switch l.Platform() {
		case version.IOS, version.IPadOS, version.TvOS:
			year = 2006 + major // iOS 18 in 2024
		case version.WatchOS:
			year = 2013 + major // watchOS 11 in 2024
		case version.MacOS:
			if major == 10 {
				year = 2004 + l.Minor() // 10.15 Catalina in 2019
			} else {
				year = 2009 + major // macOS 15 Sequoia in 2024
			}
		case version.VisionOS:
			if major == 1 {
				return NewDate(2024, time.February, 1), true
			}
			year = 2022 + major // visionOS 2 in 2024
		case version.Safari:
			year = 2007 + major // Safari 18 in 2024
		}
	}
	if year == 0 {
		return Date{}, false
	}
	return NewDate(year, time.September, 1), true
}

// laterLine says whether a device on v, covered only because its line is
// newer than every line the CVE is fixed on, can be called patched: its
// line shipped after the fix of the newest fixed line below it. whyNone
// means yes (also when v's line has a fix point of its own: the ordinary
// rules decide); whyLineUnfixed that the line already existed then;
// whyFixUndated that no advisory gives the fix's release date.
func (c *Coverage) laterLine(rec *cveRecord, v version.Version) why {
	l := v.Line()
	var newest version.Line
	var fixed Date
	for i, fp := range rec.points {
		pl := fp.Version.Line()
		if fp.Version.Platform() != v.Platform() {
			continue
		}
		switch c := pl.Compare(l); {
		case c == 0:
			return whyNone
		case c > 0:
			continue
		}
		d := rec.dates[i]
		if newest.IsZero() || pl.Compare(newest) > 0 {
			newest, fixed = pl, d
		} else if pl == newest && !d.IsZero() && (fixed.IsZero() || d.Before(fixed)) {
			fixed = d
		}
	}
	switch {
	case newest.IsZero():
		return whyNone
	case fixed.IsZero():
		return whyFixUndated
	}
	shipped, ok := c.lineShipped(l)
	if !ok || fixed.Before(shipped) {
		return whyNone
	}
	return whyLineUnfixed
}
