package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec/internal/realworld"
)

// update rewrites the golden report: go test ./examples/fleet-check -update
var update = flag.Bool("update", false, "rewrite golden files in testdata")

var (
	fleetCSV    = filepath.Join("..", "..", "testdata", "fleet", "fleet.csv")
	fleetJSON   = filepath.Join("..", "..", "testdata", "fleet", "fleet.json")
	coverageDir = filepath.Join("..", "..", "testdata", "coverage")
)

// runFleet runs the program and returns its exit status and outputs.
func runFleet(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// jsonReport runs the program with -json and decodes the report.
func jsonReport(t *testing.T, args ...string) (report, string) {
	t.Helper()
	code, stdout, stderr := runFleet(append([]string{"-json"}, args...)...)
	require.Equal(t, 0, code, stderr)
	var rep report
	require.NoError(t, json.Unmarshal([]byte(stdout), &rep), stdout)
	return rep, stdout
}

// exposure returns the report's entry for cve.
func exposure(t *testing.T, rep report, cve string) cveReport {
	t.Helper()
	for _, c := range rep.Exposures {
		if c.CVE == cve {
			return c
		}
	}
	t.Fatalf("%s not in the report", cve)
	return cveReport{}
}

func TestFleetGolden(t *testing.T) {
	_, out := jsonReport(t, "-fleet", fleetCSV, coverageDir)
	golden := filepath.Join("..", "..", "testdata", "fleet", "report.golden.json")
	if *update {
		require.NoError(t, os.WriteFile(golden, []byte(out), 0o644))
		return
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "golden file missing: run go test ./examples/fleet-check -update")
	require.JSONEq(t, string(want), out)
}

func TestFleetCounts(t *testing.T) {
	rep, _ := jsonReport(t, "-fleet", fleetCSV, coverageDir)
	assert.Equal(t, 20, rep.Devices)
	assert.Equal(t, 19, rep.States, "two devices share a state")
	assert.Empty(t, rep.Unchecked)

	// CVE-2026-20643 without the BSI mail: every iOS 26 device below 26.4
	// needs 26.4, the iOS 18 one 18.7.7, iPhone X has no fix.
	c := exposure(t, rep, "CVE-2026-20643")
	assert.Equal(t, []string{"WebKit"}, c.Components)
	byName := map[string]deviceReport{}
	for _, d := range c.ExposedDevices {
		byName[d.Name] = d
	}
	assert.Equal(t, "iOS 26.4", byName["alice-iphone"].FixedBy[0].String())
	assert.Equal(t, "iOS 18.7.7", byName["erin-iphone"].FixedBy[0].String())
	assert.Equal(t, "exposed-no-fix", string(byName["grace-iphone"].Verdict))
	assert.NotContains(t, byName, "carol-iphone", "26.4 is patched")
	assert.NotContains(t, byName, "sybil-iphone", "27 is patched")
	assert.NotContains(t, byName, "rupert-watch", "watchOS is not affected")
	total := c.Exposed + c.ExposedNoFix + c.Patched + c.NotApplicable + c.Unknown
	assert.Equal(t, rep.Devices, total)

	// The RSR fixtures' CVE affects no device of this fleet: not listed.
	for _, e := range rep.Exposures {
		assert.NotEqual(t, "CVE-2023-37450", e.CVE)
		assert.Positive(t, e.Exposed+e.ExposedNoFix)
	}
}

func TestFleetWithRealMails(t *testing.T) {
	bsi := realworld.Path(t, "apple-sa/APPLE-SA-2026-03-17-1.txt")
	safari := realworld.Path(t, "apple-sa/APPLE-SA-2026-03-24-9.txt")
	rep, _ := jsonReport(t, "-fleet", fleetCSV, "-cve", "CVE-2026-20643", coverageDir, bsi, safari)
	require.Len(t, rep.Exposures, 1)
	byName := map[string]deviceReport{}
	for _, d := range rep.Exposures[0].ExposedDevices {
		byName[d.Name] = d
	}
	// The BSI trap and the BSI itself.
	assert.Equal(t, "iOS 26.4", byName["alice-iphone"].FixedBy[0].String())
	assert.Contains(t, byName["alice-iphone"].Reason, "installs only on 26.3.1")
	assert.Equal(t, "iOS 26.3.1 (a)", byName["dave-iphone"].FixedBy[0].String())
	assert.NotContains(t, byName, "bob-iphone", "on the BSI")
	// A Mac on Sonoma with Safari 26.3: update Safari; with 26.4: patched.
	assert.Equal(t, "Safari 26.4", byName["mallory-mac"].FixedBy[0].String())
	assert.NotContains(t, byName, "nina-mac")
	// The Mac's own BSI.
	assert.Equal(t, "macOS 26.3.2 (a)", byName["kim-mac"].FixedBy[0].String())
	assert.NotContains(t, byName, "peggy-mac")
}

func TestFleetJSONInput(t *testing.T) {
	rep, _ := jsonReport(t, "-fleet", fleetJSON, "-cve", "CVE-2026-20643", coverageDir)
	assert.Equal(t, 4, rep.Devices)
	c := exposure(t, rep, "CVE-2026-20643")
	var names []string
	verdicts := map[string]string{}
	for _, d := range c.ExposedDevices {
		names = append(names, d.Name)
		verdicts[d.Name] = string(d.Verdict)
	}
	// Rows without a name are named by their position.
	assert.Equal(t, []string{"alice-iphone", "kim-mac", "mallory-mac", "row 4"}, names)
	// Without the Safari mail, the Sonoma-bound Mac has no fix it can run.
	assert.Equal(t, "exposed-no-fix", verdicts["mallory-mac"])
	assert.Equal(t, "exposed-no-fix", verdicts["row 4"])
}

func TestFleetText(t *testing.T) {
	code, stdout, stderr := runFleet("-fleet", fleetCSV, coverageDir)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "20 devices in 19 distinct states")
	assert.Regexp(t, `CVE-2026-20643\s+WebKit\s+no\s+\d+`, stdout)
	assert.Contains(t, stdout, "alice-iphone  iPhone 17  iOS 26.3.2  -> update: iOS 26.4")
	assert.Contains(t, stdout, "grace-iphone  iPhone X  iOS 16.7.12  -> no fix for this model")
}

func TestFleetAllAndFilter(t *testing.T) {
	// -all lists CVEs that expose no device.
	rep, _ := jsonReport(t, "-fleet", fleetCSV, "-all", coverageDir)
	found := false
	for _, e := range rep.Exposures {
		found = found || e.CVE == "CVE-2023-37450"
	}
	assert.True(t, found)
	// -cve with a CVE that no advisory lists: every device unknown.
	rep, _ = jsonReport(t, "-fleet", fleetCSV, "-all", "-cve", "cve-2020-0001", coverageDir)
	require.Len(t, rep.Exposures, 1)
	assert.Equal(t, 20, rep.Exposures[0].Unknown)
}

func TestFleetBadRows(t *testing.T) {
	dir := t.TempDir()
	fleet := filepath.Join(dir, "fleet.csv")
	require.NoError(t, os.WriteFile(fleet, []byte("Model,OS,Name\niPhone 17,26.3.2,ok\niPhone 99,26.3,nope\niPhone 17,twenty,bad-version\n"), 0o644))
	code, stdout, stderr := runFleet("-json", "-fleet", fleet, coverageDir)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stderr, "row 3")
	assert.Contains(t, stderr, "row 4")
	var rep report
	require.NoError(t, json.Unmarshal([]byte(stdout), &rep))
	assert.Equal(t, 3, rep.Devices)
	require.Len(t, rep.Unchecked, 2)
	assert.Equal(t, "nope", rep.Unchecked[0].Name)
	assert.Equal(t, 3, rep.Unchecked[0].Row)
	assert.Equal(t, 4, rep.Unchecked[1].Row)
}

func TestFleetSkipsJunkInDirectory(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join(coverageDir, "APPLE-SA-2026-03-24-1.txt"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "ios.txt"), src, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("not an advisory"), 0o644))
	code, _, stderr := runFleet("-fleet", fleetCSV, dir)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stderr, "notes.txt skipped")
}

func TestFleetErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
		return p
	}
	noModel := write("nomodel.csv", "name,os\na,26.3\n")
	allBad := write("allbad.csv", "model,os\niPhone 99,26.3\n")
	empty := write("empty.csv", "model,os\n")
	badJSON := write("bad.json", `[{"model": "iPhone 17", "os": "26.3", "colour": "red"}]`)
	junk := write("junk.txt", "hello")
	cases := []struct {
		name string
		args []string
	}{
		// -fleet is required.
		{name: "no fleet", args: []string{coverageDir}},
		// Documents are required.
		{name: "no documents", args: []string{"-fleet", fleetCSV}},
		// A missing fleet file.
		{name: "missing fleet", args: []string{"-fleet", filepath.Join(dir, "none.csv"), coverageDir}},
		// A CSV without a model column.
		{name: "no model column", args: []string{"-fleet", noModel, coverageDir}},
		// No row is a device.
		{name: "all rows bad", args: []string{"-fleet", allBad, coverageDir}},
		// No rows.
		{name: "empty fleet", args: []string{"-fleet", empty, coverageDir}},
		// JSON with an unknown field.
		{name: "bad JSON", args: []string{"-fleet", badJSON, coverageDir}},
		// A document named explicitly must parse.
		{name: "junk document", args: []string{"-fleet", fleetCSV, junk}},
		// A missing document.
		{name: "missing document", args: []string{"-fleet", fleetCSV, filepath.Join(dir, "none.txt")}},
		// A bad -withdrawn.
		{name: "bad withdrawn", args: []string{"-fleet", fleetCSV, "-withdrawn", "16.5.1", coverageDir}},
		// A bad -pmv file.
		{name: "bad pmv", args: []string{"-fleet", fleetCSV, "-pmv", junk, coverageDir}},
		// An unknown flag.
		{name: "unknown flag", args: []string{"-frob"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runFleet(tc.args...)
			assert.Equal(t, 2, code)
			assert.Empty(t, stdout)
			assert.True(t, strings.TrimSpace(stderr) != "")
		})
	}
}
