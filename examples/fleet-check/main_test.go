package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec"
	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/internal/realworld"
	"github.com/applesec/applesec/store"
)

// update rewrites the golden files: go test ./examples/fleet-check -update
var update = flag.Bool("update", false, "rewrite golden files in testdata")

var (
	fleetCSV    = filepath.Join("..", "..", "testdata", "fleet", "fleet.csv")
	fleetJSON   = filepath.Join("..", "..", "testdata", "fleet", "fleet.json")
	coverageDir = filepath.Join("..", "..", "testdata", "coverage")
)

// runFleet runs the program and returns its exit status and outputs.
func runFleet(args ...string) (int, string, string) {
	return runFleetIn("", args...)
}

// runFleetIn runs the program with stdin and returns its exit status and
// outputs.
func runFleetIn(stdin string, args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(args, strings.NewReader(stdin), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// lines is the JSON Lines report: the devices and the summary.
type lines struct {
	devices []deviceLine
	summary summary
}

// byName returns the device line named name.
func (l lines) byName(t *testing.T, name string) deviceLine {
	t.Helper()
	for _, d := range l.devices {
		if d.Name == name {
			return d
		}
	}
	t.Fatalf("%s not in the report", name)
	return deviceLine{}
}

// cve returns the device's line for id, and false when the device is
// patched or not affected.
func (d deviceLine) cve(id string) (cveLine, bool) {
	for _, c := range d.CVEs {
		if c.CVE == id {
			return c, true
		}
	}
	return cveLine{}, false
}

// jsonLines runs the program with -json and decodes its lines.
func jsonLines(t *testing.T, args ...string) (lines, string) {
	t.Helper()
	code, stdout, stderr := runFleet(append([]string{"-json"}, args...)...)
	require.Equal(t, 0, code, stderr)
	var out lines
	sc := bufio.NewScanner(strings.NewReader(stdout))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var probe map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(sc.Bytes(), &probe), sc.Text())
		if raw, ok := probe["summary"]; ok {
			require.NoError(t, json.Unmarshal(raw, &out.summary))
			continue
		}
		var d deviceLine
		require.NoError(t, json.Unmarshal(sc.Bytes(), &d))
		out.devices = append(out.devices, d)
	}
	return out, stdout
}

// summaryJSON runs the program with -summary -json and decodes it.
func summaryJSON(t *testing.T, args ...string) summary {
	t.Helper()
	code, stdout, stderr := runFleet(append([]string{"-summary", "-json"}, args...)...)
	require.Equal(t, 0, code, stderr)
	var s summary
	require.NoError(t, json.Unmarshal([]byte(stdout), &s), stdout)
	return s
}

// golden compares got with a file of testdata/fleet, rewritten by -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "fleet", name)
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "golden file missing: run go test ./examples/fleet-check -update")
	assert.Equal(t, string(want), got)
}

func TestFleetGolden(t *testing.T) {
	_, out := jsonLines(t, "-fleet", fleetCSV, coverageDir)
	golden(t, "report.golden.jsonl", out)
	code, text, stderr := runFleet("-summary", "-fleet", fleetCSV, coverageDir)
	require.Equal(t, 0, code, stderr)
	golden(t, "summary.golden.txt", text)
}

// checkCounts asserts that every device is counted exactly once, overall,
// per CVE and per model and OS.
func checkCounts(t *testing.T, s summary) {
	t.Helper()
	assert.Equal(t, s.Devices, s.Verdicts.total(), "devices by verdict")
	for _, c := range s.ByCVE {
		assert.Equal(t, s.Devices, c.total(), "devices of %s", c.CVE)
	}
	n := 0
	for _, g := range s.ByModelOS {
		n += g.Devices
	}
	assert.Equal(t, s.Devices-s.Verdicts.NotChecked, n, "devices by model and OS")
}

func TestFleetCounts(t *testing.T) {
	l, _ := jsonLines(t, "-fleet", fleetCSV, coverageDir)
	s := l.summary
	assert.Equal(t, 20, s.Devices)
	assert.Equal(t, 18, s.States, "two devices share a state, one row is not checked")
	require.Len(t, l.devices, 20, "every device has a line")
	checkCounts(t, s)
	// iOS 27 has not shipped: not checked, with the reason.
	sybil := l.byName(t, "sybil-iphone")
	assert.Empty(t, sybil.Verdict)
	assert.Contains(t, sybil.Error, "not a version Apple has released")
	assert.Equal(t, 1, s.Verdicts.NotChecked)
	// CVE-2026-20643 without the BSI mail: every iOS 26 device below 26.4
	// needs 26.4, the iOS 18 one 18.7.7, iPhone X has no fix.
	c, ok := l.byName(t, "alice-iphone").cve("CVE-2026-20643")
	require.True(t, ok)
	assert.Equal(t, "iOS 26.4", c.FixedBy[0].String())
	c, _ = l.byName(t, "erin-iphone").cve("CVE-2026-20643")
	assert.Equal(t, "iOS 18.7.7", c.FixedBy[0].String())
	c, _ = l.byName(t, "grace-iphone").cve("CVE-2026-20643")
	assert.Equal(t, "exposed-no-fix", string(c.Verdict))
	assert.Equal(t, "patched", string(l.byName(t, "carol-iphone").Verdict))
	assert.Equal(t, "not-applicable", string(l.byName(t, "rupert-watch").Verdict))
	// The RSR fixtures' CVE affects no device of this fleet: not listed.
	for _, e := range s.ByCVE {
		assert.NotEqual(t, "CVE-2023-37450", e.CVE)
	}
}

func TestFleetWithRealMails(t *testing.T) {
	bsi := realworld.Path(t, "apple-sa/APPLE-SA-2026-03-17-1.txt")
	safari := realworld.Path(t, "apple-sa/APPLE-SA-2026-03-24-9.txt")
	l, _ := jsonLines(t, "-fleet", fleetCSV, "-cve", "CVE-2026-20643", coverageDir, bsi, safari)
	checkCounts(t, l.summary)
	step := func(name string) (string, string, string) {
		d := l.byName(t, name)
		c, ok := d.cve("CVE-2026-20643")
		if !ok {
			return string(d.Verdict), "", ""
		}
		fix := ""
		if len(c.FixedBy) > 0 {
			fix = c.FixedBy[0].String()
		}
		return string(c.Verdict), fix, c.Reason
	}
	// The BSI trap and the BSI itself.
	v, fix, reason := step("alice-iphone")
	assert.Equal(t, "iOS 26.4", fix)
	assert.Contains(t, reason, "installs only on 26.3.1")
	_, fix, _ = step("dave-iphone")
	assert.Equal(t, "iOS 26.3.1 (a)", fix)
	v, _, _ = step("bob-iphone")
	assert.Equal(t, "patched", v, "on the BSI")
	// A Mac on Sonoma with Safari 26.3: update Safari; with 26.4: patched.
	_, fix, _ = step("mallory-mac")
	assert.Equal(t, "Safari 26.4", fix)
	v, _, _ = step("nina-mac")
	assert.Equal(t, "patched", v)
	// The Mac's own BSI.
	_, fix, _ = step("kim-mac")
	assert.Equal(t, "macOS 26.3.2 (a)", fix)
	v, _, _ = step("peggy-mac")
	assert.Equal(t, "patched", v)
}

func TestFleetJSONInputs(t *testing.T) {
	jsonl := filepath.Join(t.TempDir(), "fleet.jsonl")
	require.NoError(t, os.WriteFile(jsonl, []byte(`{"name": "alice-iphone", "model": "iPhone 17", "os": "iOS 26.3.2"}
{"name": "kim-mac", "model": "MacBook Air (M2, 2022)", "os": "macOS Tahoe 26.3.2", "safari": "26.3"}

{"name": "mallory-mac", "model": "J140KAP", "os": "macOS Sonoma 14.8.4", "safari": "26.3"}
{"model": "iPhone X", "os": "16.7.12"}
`), 0o644))
	for _, file := range []string{fleetJSON, jsonl} {
		t.Run(filepath.Base(file), func(t *testing.T) {
			l, _ := jsonLines(t, "-fleet", file, "-cve", "CVE-2026-20643", coverageDir)
			require.Len(t, l.devices, 4)
			var names []string
			for _, d := range l.devices {
				names = append(names, d.Name)
			}
			// Rows without a name are named by their position.
			assert.Equal(t, []string{"alice-iphone", "kim-mac", "mallory-mac", "row 4"}, names)
			// The Sonoma-bound Mac updates Safari.
			c, ok := l.byName(t, "mallory-mac").cve("CVE-2026-20643")
			require.True(t, ok)
			assert.Equal(t, "Safari 26.4", c.FixedBy[0].String())
			assert.Equal(t, "exposed-no-fix", string(l.byName(t, "row 4").Verdict))
		})
	}
}

func TestFleetStdin(t *testing.T) {
	code, stdout, stderr := runFleetIn("model,os\niPhone 17,26.3.2\niPhone 17,26.4\n", "-summary", "-fleet", "-", coverageDir)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "2 devices in 2 distinct states")
	assert.Contains(t, stdout, "1 exposed, 0 exposed with no fix for their model, 0 unknown, 1 patched")
}

func TestFleetText(t *testing.T) {
	code, stdout, stderr := runFleet("-fleet", fleetCSV, coverageDir)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "20 devices in 18 distinct states")
	assert.Contains(t, stdout, "alice-iphone  iPhone 17  iOS 26.3.2:  exposed\n    CVE-2026-20643 -> update: iOS 26.4\n")
	assert.Contains(t, stdout, "grace-iphone  iPhone X  iOS 16.7.12:  exposed-no-fix\n    CVE-2026-20643 -> no fix for this model\n")
	assert.Contains(t, stdout, "sybil-iphone  iPhone 17  iOS 27.0:  not checked:")
	assert.Regexp(t, `CVE-2026-20643\s+WebKit\s+no\s+\d+`, stdout)
	assert.Contains(t, stderr, "row 20 (sybil-iphone)")
}

func TestFleetUnknownCVE(t *testing.T) {
	// A CVE no advisory lists: every device unknown, never "no device is
	// exposed".
	for _, id := range []string{"CVE-2099-99999", "cve-2020-0001"} {
		t.Run(id, func(t *testing.T) {
			s := summaryJSON(t, "-fleet", fleetCSV, "-cve", id, coverageDir)
			require.Len(t, s.ByCVE, 1)
			assert.Equal(t, 19, s.ByCVE[0].Unknown)
			assert.Equal(t, 19, s.Verdicts.Unknown)
			checkCounts(t, s)
			code, stdout, stderr := runFleet("-summary", "-fleet", fleetCSV, "-cve", id, coverageDir)
			require.Equal(t, 0, code)
			assert.NotContains(t, stdout, "No device is exposed")
			assert.Contains(t, stdout, "cannot be decided")
			assert.Contains(t, stderr, "none of the")
			code, _, _ = runFleet("-summary", "-fail-on", "unknown", "-fleet", fleetCSV, "-cve", id, coverageDir)
			assert.Equal(t, 1, code)
		})
	}
}

func TestFleetFailOn(t *testing.T) {
	dir := t.TempDir()
	patched := filepath.Join(dir, "patched.csv")
	require.NoError(t, os.WriteFile(patched, []byte("model,os\niPhone 17,26.4\n"), 0o644))
	cases := []struct {
		name  string
		args  []string
		want  int
		empty bool
	}{
		{name: "exposed fleet, no gate", args: []string{"-fleet", fleetCSV}, want: 0},
		{name: "exposed fleet, gate", args: []string{"-fail-on", "exposed", "-fleet", fleetCSV}, want: 1},
		{name: "patched fleet, gate", args: []string{"-fail-on", "exposed", "-fleet", patched}, want: 0},
		{name: "patched fleet, unknown gate", args: []string{"-fail-on", "unknown", "-fleet", patched}, want: 0},
		{name: "bad gate", args: []string{"-fail-on", "sometimes", "-fleet", patched}, want: 2, empty: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, _ := runFleet(append(append([]string{"-summary"}, tc.args...), coverageDir)...)
			assert.Equal(t, tc.want, code)
			assert.Equal(t, tc.empty, stdout == "")
		})
	}
}

func TestFleetBadRows(t *testing.T) {
	dir := t.TempDir()
	fleet := filepath.Join(dir, "fleet.csv")
	require.NoError(t, os.WriteFile(fleet, []byte("Model,OS,Name\niPhone 17,26.3.2,ok\niPhone 99,26.3,nope\niPhone 17,twenty,bad-version\niPhone 17,18.7.6,too-old\n"), 0o644))
	l, _ := jsonLines(t, "-fleet", fleet, coverageDir)
	assert.Equal(t, 4, l.summary.Devices)
	assert.Equal(t, 3, l.summary.Verdicts.NotChecked)
	checkCounts(t, l.summary)
	assert.Equal(t, 3, l.byName(t, "nope").Row)
	assert.Contains(t, l.byName(t, "bad-version").Error, "OS version")
	assert.Contains(t, l.byName(t, "too-old").Error, "shipped with iOS 26")
	_, _, stderr := runFleet("-summary", "-fleet", fleet, coverageDir)
	assert.Contains(t, stderr, "row 3")
	assert.Contains(t, stderr, "row 4")
}

func TestFleetManyBadRowsBoundStderr(t *testing.T) {
	var b strings.Builder
	b.WriteString("model,os\niPhone 17,26.4\n")
	for i := range 100 {
		fmt.Fprintf(&b, "iPhone 99,26.%d\n", i)
	}
	code, _, stderr := runFleetIn(b.String(), "-summary", "-fleet", "-", coverageDir)
	require.Equal(t, 0, code)
	assert.Equal(t, 11, strings.Count(stderr, "\n"), stderr)
	assert.Contains(t, stderr, "90 more rows not checked")
}

func TestFleetSkipsJunkInDirectory(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join(coverageDir, "APPLE-SA-2026-03-24-1.txt"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "ios.txt"), src, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("not an advisory"), 0o644))
	code, _, stderr := runFleet("-summary", "-fleet", fleetCSV, dir)
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
	blank := write("blank.csv", "  \n")
	badJSON := write("bad.json", `[{"model": "iPhone 17", "os": "26.3", "colour": "red"}]`)
	badJSONL := write("bad.jsonl", "{\"model\": \"iPhone 17\", \"os\": \"26.3\"}\n{\"model\": \n")
	longLine := write("long.csv", "model,os\n"+strings.Repeat("x", maxRowBytes+10)+"\n")
	junk := write("junk.txt", "hello")
	cases := []struct {
		name string
		args []string
	}{
		{name: "no fleet", args: []string{coverageDir}},
		{name: "db and documents", args: []string{"-fleet", fleetCSV, "-db", dir, coverageDir}},
		{name: "missing fleet", args: []string{"-fleet", filepath.Join(dir, "none.csv"), coverageDir}},
		{name: "no model column", args: []string{"-fleet", noModel, coverageDir}},
		{name: "all rows bad", args: []string{"-fleet", allBad, coverageDir}},
		{name: "empty fleet", args: []string{"-fleet", empty, coverageDir}},
		{name: "blank fleet", args: []string{"-fleet", blank, coverageDir}},
		{name: "bad JSON", args: []string{"-fleet", badJSON, coverageDir}},
		{name: "bad JSON Lines", args: []string{"-fleet", badJSONL, coverageDir}},
		{name: "overlong row", args: []string{"-fleet", longLine, coverageDir}},
		{name: "junk document", args: []string{"-fleet", fleetCSV, junk}},
		{name: "missing document", args: []string{"-fleet", fleetCSV, filepath.Join(dir, "none.txt")}},
		{name: "bad withdrawn", args: []string{"-fleet", fleetCSV, "-withdrawn", "16.5.1", coverageDir}},
		{name: "bad pmv", args: []string{"-fleet", fleetCSV, "-pmv", junk, coverageDir}},
		{name: "malformed cve", args: []string{"-fleet", fleetCSV, "-cve", "hello", coverageDir}},
		{name: "unknown flag", args: []string{"-frob"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runFleet(append([]string{"-summary"}, tc.args...)...)
			assert.Equal(t, 2, code)
			assert.True(t, strings.TrimSpace(stderr) != "")
		})
	}
}

// FuzzFleetReader: any fleet file is read to its end or to a clear error,
// without a panic, and every row has a position.
func FuzzFleetReader(f *testing.F) {
	for _, s := range []string{
		"model,os\niPhone 17,26.3\n",
		"name,model,os,safari\na,\"Mac14,2\",macOS 14.8.4,26.3\n",
		`{"model":"iPhone 17","os":"26.3"}` + "\n" + `{"model":"iPhone X","os":"16.7.12"}`,
		`[{"model":"iPhone 17","os":"26.3"},{"model":"iPhone X"}]`,
		"\ufeffModel,OS\n\"unterminated\n",
		"[{", "{}{}", "model\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		fr, err := newFleetReader(strings.NewReader(data), "fuzz")
		if err != nil {
			require.ErrorIs(t, err, errFleet)
			return
		}
		for n := 0; ; n++ {
			require.Less(t, n, len(data)+2, "more rows than bytes")
			_, pos, err := fr.Next()
			if err != nil {
				return
			}
			require.Positive(t, pos)
		}
	})
}

func TestFleetFromTheDatabase(t *testing.T) {
	// No database: exit 1 with what to do, never "no device is exposed".
	code, stdout, stderr := runFleet("-fleet", fleetCSV, "-summary", "-db", filepath.Join(t.TempDir(), "none"))
	assert.Equal(t, 1, code)
	assert.Empty(t, stdout)
	assert.Contains(t, stderr, "applesec sync")

	// A database filled from the documents gives the report of the documents.
	dir := t.TempDir()
	db, err := applesec.Open(context.Background(), dir)
	require.NoError(t, err)
	advs, _, err := advisory.LoadFiles(context.Background(), coverageDir)
	require.NoError(t, err)
	for _, a := range advs {
		_, err := db.PutAdvisory(context.Background(), a, store.Fetch{URL: a.URL})
		require.NoError(t, err)
	}
	require.NoError(t, db.Close())
	wantCode, want, wantErr := runFleet("-fleet", fleetCSV, "-json", "-cve", "CVE-2026-20643", coverageDir)
	require.Equal(t, 0, wantCode, wantErr)
	gotCode, got, gotErr := runFleet("-fleet", fleetCSV, "-json", "-cve", "CVE-2026-20643", "-db", dir)
	require.Equal(t, 0, gotCode, gotErr)
	wantLines, gotLines := strings.Split(want, "\n"), strings.Split(got, "\n")
	require.Equal(t, len(wantLines), len(gotLines))
	for i := range wantLines[:len(wantLines)-2] { // the summary names its source
		assert.Equal(t, wantLines[i], gotLines[i])
	}
}
