package main

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/version"
)

// report is the fleet's exposure, per CVE.
type report struct {
	// Fleet names the fleet file.
	Fleet string `json:"fleet"`
	// Devices is the number of devices read, States the distinct states
	// among those checked.
	Devices int `json:"devices"`
	States  int `json:"states"`
	// Advisories is the number of advisories read, CVEs the CVEs they fix.
	Advisories int `json:"advisories"`
	CVEs       int `json:"cves"`
	// Exposures are the CVEs reported, most urgent first: exploited, then
	// by devices exposed.
	Exposures []cveReport `json:"exposures"`
	// Unchecked are the devices whose row could not be read.
	Unchecked []uncheckedRow `json:"unchecked"`
}

// cveReport is one CVE's exposure across the fleet.
type cveReport struct {
	CVE           string   `json:"cve"`
	Components    []string `json:"components"`
	Exploited     bool     `json:"exploited"`
	Exposed       int      `json:"exposed"`
	ExposedNoFix  int      `json:"exposed_no_fix"`
	Patched       int      `json:"patched"`
	NotApplicable int      `json:"not_applicable"`
	Unknown       int      `json:"unknown"`
	// ExposedDevices are the devices exposed, with or without a fix, in
	// fleet order.
	ExposedDevices []deviceReport `json:"exposed_devices"`
}

// deviceReport is one exposed device and why.
type deviceReport struct {
	Name    string            `json:"name"`
	Model   string            `json:"model"`
	OS      version.Version   `json:"os"`
	Safari  version.Version   `json:"safari,omitzero"`
	Verdict advisory.Verdict  `json:"verdict"`
	FixedBy []version.Version `json:"fixed_by"`
	Reason  string            `json:"reason"`
}

// uncheckedRow is a fleet row that is no device.
type uncheckedRow struct {
	Row   int    `json:"row"`
	Name  string `json:"name"`
	Error string `json:"error"`
}

// buildReport checks every device against the CVEs (all of cov's when ids
// is empty). Each distinct device state is checked once.
func buildReport(cov *advisory.Coverage, fleet []member, ids []string, all bool) report {
	if len(ids) == 0 {
		ids = cov.CVEs()
	}
	rep := report{Devices: len(fleet), CVEs: len(cov.CVEs()), Unchecked: []uncheckedRow{}, Exposures: []cveReport{}}
	byCVE := make([]cveReport, len(ids))
	for i, id := range ids {
		byCVE[i] = cveReport{CVE: id, Components: []string{}, ExposedDevices: []deviceReport{}}
		if info, ok := cov.Info(id); ok {
			byCVE[i].CVE = info.ID
			byCVE[i].Components = info.Components
			byCVE[i].Exploited = info.Exploited
		}
	}
	states := map[advisory.Device][]advisory.Result{}
	for _, m := range fleet {
		if m.err != nil {
			rep.Unchecked = append(rep.Unchecked, uncheckedRow{Row: m.line, Name: m.name, Error: m.err.Error()})
			continue
		}
		results, ok := states[m.device]
		if !ok {
			results = make([]advisory.Result, len(ids))
			for i, id := range ids {
				results[i] = cov.Check(id, m.device)
			}
			states[m.device] = results
		}
		for i, r := range results {
			c := &byCVE[i]
			switch r.Verdict {
			case advisory.Patched:
				c.Patched++
			case advisory.NotApplicable:
				c.NotApplicable++
			case advisory.Unknown:
				c.Unknown++
			case advisory.Exposed, advisory.ExposedNoFix:
				if r.Verdict == advisory.Exposed {
					c.Exposed++
				} else {
					c.ExposedNoFix++
				}
				c.ExposedDevices = append(c.ExposedDevices, deviceReport{
					Name: m.name, Model: m.device.Model, OS: m.device.OS, Safari: m.device.Safari,
					Verdict: r.Verdict, FixedBy: r.FixedBy, Reason: r.Reason,
				})
			}
		}
	}
	rep.States = len(states)
	for _, c := range byCVE {
		if all || c.Exposed+c.ExposedNoFix > 0 {
			rep.Exposures = append(rep.Exposures, c)
		}
	}
	slices.SortStableFunc(rep.Exposures, func(a, b cveReport) int {
		if a.Exploited != b.Exploited {
			if a.Exploited {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(b.Exposed+b.ExposedNoFix, a.Exposed+a.ExposedNoFix); c != 0 {
			return c
		}
		return strings.Compare(a.CVE, b.CVE)
	})
	return rep
}

// writeText prints the report for a person: a summary table, then the
// exposed devices of each CVE with the step to take.
func writeText(w io.Writer, rep report) error {
	fmt.Fprintf(w, "Fleet %s: %d devices in %d distinct states", rep.Fleet, rep.Devices, rep.States)
	if n := len(rep.Unchecked); n > 0 {
		fmt.Fprintf(w, ", %d not checked", n)
	}
	fmt.Fprintf(w, "\nAdvisories: %d, fixing %d CVEs; %d with exposed devices\n\n", rep.Advisories, rep.CVEs, countExposed(rep))
	if len(rep.Exposures) == 0 {
		fmt.Fprintln(w, "No device is exposed to the CVEs checked.")
	} else {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "CVE\tCOMPONENT\tEXPLOITED\tEXPOSED\tNO FIX\tPATCHED\tN/A\tUNKNOWN")
		for _, c := range rep.Exposures {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\n", c.CVE, orDash(strings.Join(c.Components, ", ")), yesNo(c.Exploited),
				c.Exposed, c.ExposedNoFix, c.Patched, c.NotApplicable, c.Unknown)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	for _, c := range rep.Exposures {
		if len(c.ExposedDevices) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%s (%s", c.CVE, orDash(strings.Join(c.Components, ", ")))
		if c.Exploited {
			fmt.Fprint(w, ", exploited")
		}
		fmt.Fprintf(w, "): %d exposed\n", len(c.ExposedDevices))
		for _, d := range c.ExposedDevices {
			step := "no fix for this model"
			if len(d.FixedBy) > 0 {
				step = "update: " + d.FixedBy[0].String()
			}
			state := d.OS.String()
			if !d.Safari.IsZero() {
				state += ", " + d.Safari.String()
			}
			fmt.Fprintf(w, "  %s  %s  %s  -> %s\n      %s\n", d.Name, d.Model, state, step, d.Reason)
		}
	}
	if len(rep.Unchecked) > 0 {
		fmt.Fprintln(w, "\nNot checked:")
		for _, u := range rep.Unchecked {
			fmt.Fprintf(w, "  row %d (%s): %s\n", u.Row, u.Name, u.Error)
		}
	}
	return nil
}

// countExposed counts the CVEs with exposed devices.
func countExposed(rep report) int {
	n := 0
	for _, c := range rep.Exposures {
		if c.Exposed+c.ExposedNoFix > 0 {
			n++
		}
	}
	return n
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
