package main

import (
	"bufio"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/version"
)

// verdictOrder lists the verdicts from the most to the least urgent; a
// device's verdict is the most urgent of its CVEs'.
var verdictOrder = []advisory.Verdict{
	advisory.Exposed, advisory.ExposedNoFix, advisory.Unknown, advisory.Patched, advisory.NotApplicable,
}

// rank returns v's position in verdictOrder.
func rank(v advisory.Verdict) int {
	if i := slices.Index(verdictOrder, v); i >= 0 {
		return i
	}
	return slices.Index(verdictOrder, advisory.Unknown)
}

// counts are devices by verdict; NotChecked are rows that are no device.
// Every device is in exactly one of them.
type counts struct {
	Exposed       int `json:"exposed"`
	ExposedNoFix  int `json:"exposed_no_fix"`
	Unknown       int `json:"unknown"`
	Patched       int `json:"patched"`
	NotApplicable int `json:"not_applicable"`
	NotChecked    int `json:"not_checked"`
}

// add counts n devices with verdict v.
func (c *counts) add(v advisory.Verdict, n int) {
	switch v {
	case advisory.Exposed:
		c.Exposed += n
	case advisory.ExposedNoFix:
		c.ExposedNoFix += n
	case advisory.Patched:
		c.Patched += n
	case advisory.NotApplicable:
		c.NotApplicable += n
	default:
		c.Unknown += n
	}
}

// total is the number of devices counted.
func (c counts) total() int {
	return c.Exposed + c.ExposedNoFix + c.Unknown + c.Patched + c.NotApplicable + c.NotChecked
}

// summary is the fleet's exposure in counts.
type summary struct {
	// Fleet names the fleet file.
	Fleet string `json:"fleet"`
	// Advisories is the number of advisories read, CVEs the number of CVEs
	// checked.
	Advisories int `json:"advisories"`
	CVEs       int `json:"cves"`
	// Devices is the number of rows read, States the distinct device
	// states among those checked.
	Devices int `json:"devices"`
	States  int `json:"states"`
	// Verdicts counts each device once, under the most urgent verdict of
	// its CVEs (exposed, exposed-no-fix, unknown, patched, not-applicable),
	// or as not checked.
	Verdicts counts `json:"verdicts"`
	// ByCVE counts the devices per verdict of each CVE listed: the CVEs with
	// exposed or unknown devices (all those checked with -all or -cve),
	// exploited first, then by devices exposed.
	ByCVE []cveSummary `json:"by_cve"`
	// ByModelOS counts the devices per model and OS version, by their
	// verdict, most exposed first.
	ByModelOS []groupSummary `json:"by_model_os"`
}

// cveSummary is one CVE across the fleet.
type cveSummary struct {
	CVE        string   `json:"cve"`
	Components []string `json:"components"`
	Exploited  bool     `json:"exploited"`
	counts
}

// groupSummary is one model and OS version across the fleet.
type groupSummary struct {
	Model   string          `json:"model"`
	OS      version.Version `json:"os"`
	Devices int             `json:"devices"`
	counts
}

// deviceLine is one device of the per-device JSON Lines output.
type deviceLine struct {
	Row     int              `json:"row"`
	Name    string           `json:"name"`
	Model   string           `json:"model"`
	OS      string           `json:"os"`
	Safari  string           `json:"safari,omitempty"`
	Verdict advisory.Verdict `json:"verdict,omitempty"`
	// CVEs are the CVEs the device is exposed to or whose verdict is
	// unknown, with the update to install and why.
	CVEs []cveLine `json:"cves,omitempty"`
	// Error says why a row is no device; its verdict is then empty.
	Error string `json:"error,omitempty"`
}

// cveLine is one CVE of a device that is not patched nor unaffected.
type cveLine struct {
	CVE     string            `json:"cve"`
	Verdict advisory.Verdict  `json:"verdict"`
	FixedBy []version.Version `json:"fixed_by"`
	Reason  string            `json:"reason"`
}

// maxDetailBytes bounds the per-state details kept for reuse; past it,
// details are worked out again for each device, so memory stays flat.
const maxDetailBytes = 32 << 20

// maxParsed bounds the parsed rows kept for reuse.
const maxParsed = 200_000

// checker decides a fleet's devices, each distinct state once.
type checker struct {
	cov *advisory.Coverage
	// ids are the CVEs checked; pos their index in cov.CVEs(), -1 when no
	// advisory given lists them.
	ids []string
	pos []int
	// details is set when per-device lines are written; asJSON picks JSON
	// Lines over text.
	details, asJSON bool
	states          map[advisory.Device]*stateEval
	parsed          map[[3]string]parsedRow
	groups          map[groupKey]*groupSummary
	perCVE          []counts
	sum             summary
	detailBytes     int
	buf             []advisory.Verdict
	// badShown counts the rows reported on stderr.
	badShown int
}

// parsedRow is a row's device or why it is none.
type parsedRow struct {
	dev advisory.Device
	err error
}

// groupKey names a model (catalog name) and OS version.
type groupKey struct {
	model string
	os    version.Version
}

// stateEval is what one distinct device state gets.
type stateEval struct {
	verdicts []advisory.Verdict // per ids
	overall  advisory.Verdict
	group    *groupSummary
	// detail is the rendered per-CVE part of the device lines; nil when not
	// kept.
	detail []byte
}

// newChecker prepares the check of ids (cov's CVEs when empty).
func newChecker(cov *advisory.Coverage, ids []string, details, asJSON bool) *checker {
	all := cov.CVEs()
	index := make(map[string]int, len(all))
	for i, id := range all {
		index[id] = i
	}
	if len(ids) == 0 {
		ids = all
	}
	k := &checker{
		cov: cov, ids: ids, pos: make([]int, len(ids)), details: details, asJSON: asJSON,
		states: map[advisory.Device]*stateEval{}, parsed: map[[3]string]parsedRow{},
		groups: map[groupKey]*groupSummary{}, perCVE: make([]counts, len(ids)),
	}
	for i, id := range ids {
		if p, ok := index[id]; ok {
			k.pos[i] = p
		} else {
			k.pos[i] = -1
		}
	}
	return k
}

// parse turns a row into a device, remembering the answer per distinct
// (model, OS, Safari) text.
func (k *checker) parse(row fleetRow) (advisory.Device, error) {
	key := [3]string{strings.TrimSpace(row.Model), strings.TrimSpace(row.OS), strings.TrimSpace(row.Safari)}
	if p, ok := k.parsed[key]; ok {
		return p.dev, p.err
	}
	d, err := advisory.ParseDevice(nil, key[0], key[1], key[2])
	if err == nil {
		err = k.cov.Validate(d)
	}
	if len(k.parsed) < maxParsed {
		k.parsed[key] = parsedRow{d, err}
	}
	return d, err
}

// state returns the evaluation of d's state, deciding it on first sight.
func (k *checker) state(d advisory.Device) *stateEval {
	if s, ok := k.states[d]; ok {
		return s
	}
	k.buf = k.cov.Verdicts(d, k.buf[:0])
	s := &stateEval{verdicts: make([]advisory.Verdict, len(k.ids)), overall: advisory.NotApplicable}
	for i, p := range k.pos {
		v := advisory.Unknown
		if p >= 0 {
			v = k.buf[p]
		}
		s.verdicts[i] = v
		if rank(v) < rank(s.overall) {
			s.overall = v
		}
	}
	if len(k.ids) == 0 {
		s.overall = advisory.Unknown
	}
	name := d.Model
	if m, ok := version.DefaultCatalog().Lookup(d.Model); ok {
		name = m.Name
	}
	gk := groupKey{name, d.OS}
	g := k.groups[gk]
	if g == nil {
		g = &groupSummary{Model: name, OS: d.OS}
		k.groups[gk] = g
	}
	s.group = g
	if k.details && k.detailBytes < maxDetailBytes {
		s.detail = k.render(d, s)
		k.detailBytes += len(s.detail)
	}
	k.states[d] = s
	return s
}

// render writes the per-CVE part of a device's line: for JSON the
// verdict and cves fields and the closing brace, for text the lines under
// the device.
func (k *checker) render(d advisory.Device, s *stateEval) []byte {
	var lines []cveLine
	for i, v := range s.verdicts {
		if v == advisory.Patched || v == advisory.NotApplicable {
			continue
		}
		r := k.cov.Check(k.ids[i], d)
		lines = append(lines, cveLine{CVE: r.CVE, Verdict: r.Verdict, FixedBy: r.FixedBy, Reason: r.Reason})
	}
	if k.asJSON {
		b, _ := json.Marshal(struct {
			Verdict advisory.Verdict `json:"verdict"`
			CVEs    []cveLine        `json:"cves"`
		}{s.overall, append([]cveLine{}, lines...)})
		b = b[1:] // the opening brace comes with the device's fields
		return append(b, '\n')
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "  %s\n", s.overall)
	for _, l := range lines {
		step := "no fix for this model"
		switch {
		case len(l.FixedBy) > 0 && l.Verdict == advisory.Exposed:
			step = "update: " + l.FixedBy[0].String()
		case l.Verdict == advisory.Exposed:
			step = "no installable fix yet"
		case l.Verdict == advisory.Unknown:
			step = "unknown"
		}
		fmt.Fprintf(&sb, "    %s -> %s\n        %s\n", l.CVE, step, l.Reason)
	}
	return []byte(sb.String())
}

// add checks one row and writes its line when details are on.
func (k *checker) add(w *bufio.Writer, stderr io.Writer, row fleetRow, pos int) error {
	k.sum.Devices++
	name := strings.TrimSpace(row.Name)
	if name == "" {
		name = fmt.Sprintf("row %d", pos)
	}
	d, err := k.parse(row)
	if err != nil {
		k.sum.Verdicts.NotChecked++
		if k.badShown < 10 {
			where := fmt.Sprintf("row %d", pos)
			if where != name {
				where += " (" + name + ")"
			}
			fmt.Fprintf(stderr, "fleet-check: %s: %s: not checked: %v\n", k.sum.Fleet, where, err)
		}
		k.badShown++
		if k.details {
			return k.writeBad(w, row, pos, name, err)
		}
		return nil
	}
	s := k.state(d)
	k.sum.Verdicts.add(s.overall, 1)
	s.group.add(s.overall, 1)
	for i, v := range s.verdicts {
		k.perCVE[i].add(v, 1)
	}
	if !k.details {
		return nil
	}
	detail := s.detail
	if detail == nil {
		detail = k.render(d, s)
	}
	if k.asJSON {
		b, err := json.Marshal(deviceLine{Row: pos, Name: name, Model: d.Model, OS: d.OS.String(), Safari: safariText(d)})
		if err != nil {
			return err
		}
		w.Write(b[:len(b)-1])
		w.WriteByte(',')
		_, err = w.Write(detail)
		return err
	}
	state := d.OS.String()
	if !d.Safari.IsZero() {
		state += ", " + d.Safari.String()
	}
	fmt.Fprintf(w, "%s  %s  %s:", name, d.Model, state)
	_, err = w.Write(detail)
	return err
}

// writeBad writes the line of a row that is no device.
func (k *checker) writeBad(w *bufio.Writer, row fleetRow, pos int, name string, rowErr error) error {
	if k.asJSON {
		b, err := json.Marshal(deviceLine{Row: pos, Name: name, Model: row.Model, OS: row.OS, Safari: row.Safari, Error: rowErr.Error()})
		if err != nil {
			return err
		}
		w.Write(b)
		return w.WriteByte('\n')
	}
	_, err := fmt.Fprintf(w, "%s  %s  %s:  not checked: %v\n", name, row.Model, row.OS, rowErr)
	return err
}

// safariText is d's Safari version, "" when unknown.
func safariText(d advisory.Device) string {
	if d.Safari.IsZero() {
		return ""
	}
	return d.Safari.String()
}

// finish completes the summary: per-CVE and per-group counts, sorted.
func (k *checker) finish(all bool) summary {
	s := k.sum
	s.States = len(k.states)
	s.CVEs = len(k.ids)
	s.ByCVE = []cveSummary{}
	for i, id := range k.ids {
		c := k.perCVE[i]
		c.NotChecked = s.Verdicts.NotChecked
		if !all && c.Exposed+c.ExposedNoFix+c.Unknown == 0 {
			continue
		}
		cs := cveSummary{CVE: id, Components: []string{}, counts: c}
		if info, ok := k.cov.Info(id); ok {
			cs.Components, cs.Exploited = info.Components, info.Exploited
		}
		s.ByCVE = append(s.ByCVE, cs)
	}
	slices.SortStableFunc(s.ByCVE, func(a, b cveSummary) int {
		if a.Exploited != b.Exploited {
			if a.Exploited {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(b.Exposed+b.ExposedNoFix, a.Exposed+a.ExposedNoFix); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Unknown, a.Unknown); c != 0 {
			return c
		}
		return strings.Compare(a.CVE, b.CVE)
	})
	s.ByModelOS = []groupSummary{}
	for _, g := range k.groups {
		g.Devices = g.total()
		s.ByModelOS = append(s.ByModelOS, *g)
	}
	slices.SortFunc(s.ByModelOS, func(a, b groupSummary) int {
		if c := cmp.Compare(b.Exposed+b.ExposedNoFix, a.Exposed+a.ExposedNoFix); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Unknown, a.Unknown); c != 0 {
			return c
		}
		if c := strings.Compare(a.Model, b.Model); c != 0 {
			return c
		}
		return a.OS.Compare(b.OS)
	})
	return s
}

// errNoDevice means no row of the fleet is a device.
var errNoDevice = errors.New("no row names a known model and an OS version it can run")

// writeSummary prints the summary for a person.
func writeSummary(w io.Writer, s summary) error {
	v := s.Verdicts
	fmt.Fprintf(w, "Fleet %s: %s in %s; %s, %s checked\n", s.Fleet, plural(s.Devices, "device"), plural(s.States, "distinct state"),
		plural(s.Advisories, "advisory"), plural(s.CVEs, "CVE"))
	fmt.Fprintf(w, "Devices by verdict: %d exposed, %d exposed with no fix for their model, %d unknown, %d patched, %d not affected, %d not checked\n",
		v.Exposed, v.ExposedNoFix, v.Unknown, v.Patched, v.NotApplicable, v.NotChecked)
	switch {
	case v.Exposed+v.ExposedNoFix == 0 && v.Unknown+v.NotChecked == 0:
		fmt.Fprintln(w, "No device is exposed to the CVEs checked.")
	case v.Exposed+v.ExposedNoFix == 0:
		fmt.Fprintf(w, "No device is known to be exposed, but %d cannot be decided (unknown or not checked).\n", v.Unknown+v.NotChecked)
	}
	if len(s.ByCVE) > 0 {
		fmt.Fprintf(w, "\nBy CVE (%d listed):\n", len(s.ByCVE))
		tw := newTable(w)
		fmt.Fprintln(tw, "CVE\tCOMPONENT\tEXPLOITED\tEXPOSED\tNO FIX\tUNKNOWN\tPATCHED\tN/A\tNOT CHECKED")
		for _, c := range s.ByCVE {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\n", c.CVE, orDash(strings.Join(c.Components, ", ")), yesNo(c.Exploited),
				c.Exposed, c.ExposedNoFix, c.Unknown, c.Patched, c.NotApplicable, c.NotChecked)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if len(s.ByModelOS) > 0 {
		fmt.Fprintf(w, "\nBy model and OS (%d):\n", len(s.ByModelOS))
		tw := newTable(w)
		fmt.Fprintln(tw, "MODEL\tOS\tDEVICES\tEXPOSED\tNO FIX\tUNKNOWN\tPATCHED\tN/A")
		for _, g := range s.ByModelOS {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\n", g.Model, g.OS, g.Devices, g.Exposed, g.ExposedNoFix, g.Unknown, g.Patched, g.NotApplicable)
		}
		return tw.Flush()
	}
	return nil
}

// plural writes n and the noun, in the plural unless n is 1.
func plural(n int, noun string) string {
	switch {
	case n == 1:
		return "1 " + noun
	case strings.HasSuffix(noun, "y"):
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(noun, "y"))
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
