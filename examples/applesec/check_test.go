package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec"
	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/internal/realworld"
	"github.com/applesec/applesec/store"
)

// coverageFixture is the path of testdata/coverage/<name>.
func coverageFixture(name string) string {
	return filepath.Join("..", "..", "testdata", "coverage", name)
}

// march2026Fixtures are the project's fixtures for iOS 26.4, iOS 18.7.7 and
// macOS Tahoe 26.4.
func march2026Fixtures() []string {
	return []string{
		coverageFixture("APPLE-SA-2026-03-24-1.txt"),
		coverageFixture("APPLE-SA-2026-03-24-2.txt"),
		coverageFixture("macos-tahoe-26.4.html"),
	}
}

// checkResult is the JSON the check command prints.
type checkResult struct {
	CVE     string   `json:"cve"`
	Model   string   `json:"model"`
	OS      string   `json:"os"`
	Safari  string   `json:"safari"`
	Verdict string   `json:"verdict"`
	FixedBy []string `json:"fixed_by"`
	Reason  string   `json:"reason"`
}

// runCmd runs the CLI and returns its exit status and outputs.
func runCmd(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestCheckCommand(t *testing.T) {
	docs := march2026Fixtures()
	rsr := []string{coverageFixture("APPLE-SA-2023-07-10-2.txt"), coverageFixture("APPLE-SA-2023-07-12-1.txt"), coverageFixture("APPLE-SA-2023-07-24-1.txt")}
	cases := []struct {
		name    string
		args    []string
		docs    []string
		verdict string
		fixedBy []string
		os      string
	}{
		// The platform comes from the model when -os has none.
		{name: "bare version", args: []string{"-model", "iPhone 17", "-os", "26.3.2", "-cve", "CVE-2026-20643"}, docs: docs,
			verdict: "exposed", fixedBy: []string{"iOS 26.4"}, os: "iOS 26.3.2"},
		// A BSI letter is read; without the BSI advisory, 26.4 is the fix.
		{name: "letter", args: []string{"-model", "iPhone18,3", "-os", "iOS 26.3.1 (a)", "-cve", "cve-2026-20643"}, docs: docs,
			verdict: "exposed", fixedBy: []string{"iOS 26.4"}, os: "iOS 26.3.1 (a)"},
		// A marketing name in -os.
		{name: "macOS Tahoe", args: []string{"-model", "MacBook Air (M2, 2022)", "-os", "macOS Tahoe 26.3", "-cve", "CVE-2026-90301"}, docs: docs,
			verdict: "exposed", fixedBy: []string{"macOS 26.4"}, os: "macOS 26.3"},
		// Patched.
		{name: "patched", args: []string{"-model", "iPhone XS", "-os", "18.7.7", "-cve", "CVE-2026-20643"}, docs: docs,
			verdict: "patched", fixedBy: []string{"iOS 18.7.7"}, os: "iOS 18.7.7"},
		// A macOS-only CVE on an iPhone.
		{name: "not applicable", args: []string{"-model", "iPhone 17", "-os", "26.3", "-cve", "CVE-2026-90301"}, docs: docs,
			verdict: "not-applicable", fixedBy: []string{}, os: "iOS 26.3"},
		// A CVE the documents do not list: a verdict, not an error.
		{name: "unknown CVE", args: []string{"-model", "iPhone 17", "-os", "26.3", "-cve", "CVE-2020-0001"}, docs: docs,
			verdict: "unknown", fixedBy: []string{}, os: "iOS 26.3"},
		// iPhone X cannot run iOS 18.
		{name: "no fix", args: []string{"-model", "iPhone X", "-os", "16.7.12", "-cve", "CVE-2026-20643"}, docs: docs,
			verdict: "exposed-no-fix", fixedBy: []string{}, os: "iOS 16.7.12"},
		// -withdrawn adds to the known withdrawals: with (c) pulled too
		// (hypothetically), the next fix is iOS 16.6.
		{name: "withdrawn", args: []string{"-model", "iPhone X", "-os", "16.5.1", "-cve", "CVE-2023-37450", "-withdrawn", "iOS 16.5.1 (c)"}, docs: rsr,
			verdict: "exposed", fixedBy: []string{"iOS 16.6"}, os: "iOS 16.5.1"},
		// Not told, the library still knows Apple withdrew (a) and offers (c).
		{name: "known withdrawal", args: []string{"-model", "iPhone X", "-os", "16.5.1", "-cve", "CVE-2023-37450"}, docs: rsr,
			verdict: "exposed", fixedBy: []string{"iOS 16.5.1 (c)"}, os: "iOS 16.5.1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(append(append([]string{"check"}, tc.args...), tc.docs...)...)
			require.Equal(t, 0, code, stderr)
			var res checkResult
			require.NoError(t, json.Unmarshal([]byte(stdout), &res), stdout)
			assert.Equal(t, tc.verdict, res.Verdict, res.Reason)
			assert.Equal(t, tc.fixedBy, res.FixedBy, res.Reason)
			assert.Equal(t, tc.os, res.OS)
			assert.NotEmpty(t, res.Reason)
			assert.Regexp(t, `^CVE-\d{4}-\d+$`, res.CVE)
		})
	}
}

func TestCheckCommandSafari(t *testing.T) {
	// The Safari 26.4 mail is a real capture.
	safari := realworld.Path(t, "apple-sa/APPLE-SA-2026-03-24-9.txt")
	bsi := realworld.Path(t, "apple-sa/APPLE-SA-2026-03-17-1.txt")
	docs := append([]string{safari, bsi}, march2026Fixtures()...)
	code, stdout, stderr := runCmd(append([]string{"check", "-model", "Mac14,2", "-os", "macOS Sonoma 14.8.4", "-safari", "26.3", "-cve", "CVE-2026-20643"}, docs...)...)
	require.Equal(t, 0, code, stderr)
	var res checkResult
	require.NoError(t, json.Unmarshal([]byte(stdout), &res))
	assert.Equal(t, "exposed", res.Verdict)
	assert.Equal(t, []string{"Safari 26.4"}, res.FixedBy)
	assert.Equal(t, "Safari 26.3", res.Safari)
	assert.Contains(t, res.Reason, "update Safari to 26.4")

	// The BSI trap.
	code, stdout, stderr = runCmd(append([]string{"check", "-model", "iPhone 17", "-os", "26.3.2", "-cve", "CVE-2026-20643"}, docs...)...)
	require.Equal(t, 0, code, stderr)
	require.NoError(t, json.Unmarshal([]byte(stdout), &res))
	assert.Equal(t, "exposed", res.Verdict)
	assert.Equal(t, []string{"iOS 26.4"}, res.FixedBy)
	assert.Contains(t, res.Reason, "which installs only on 26.3.1")

	// With the real software lookup: the BSI is offered to iPhone 17.
	pmv := realworld.Path(t, "apple-gdmf/pmv.json")
	code, stdout, stderr = runCmd(append([]string{"check", "-model", "iPhone 17", "-os", "26.3.1", "-cve", "CVE-2026-20643", "-pmv", pmv}, docs...)...)
	require.Equal(t, 0, code, stderr)
	require.NoError(t, json.Unmarshal([]byte(stdout), &res))
	assert.Equal(t, []string{"iOS 26.3.1 (a)"}, res.FixedBy)
}

func TestCheckCommandErrors(t *testing.T) {
	docs := march2026Fixtures()
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.txt")
	require.NoError(t, os.WriteFile(junk, []byte("hello"), 0o644))
	badPMV := filepath.Join(dir, "pmv.json")
	require.NoError(t, os.WriteFile(badPMV, []byte("{"), 0o644))
	cases := []struct {
		name string
		args []string
	}{
		// A model the catalog does not know.
		{name: "unknown model", args: append([]string{"check", "-model", "iPhone 99", "-os", "26.3", "-cve", "CVE-2026-20643"}, docs...)},
		// A version that does not parse.
		{name: "bad version", args: append([]string{"check", "-model", "iPhone 17", "-os", "twenty-six", "-cve", "CVE-2026-20643"}, docs...)},
		// A version of another platform than the model's.
		{name: "wrong platform", args: append([]string{"check", "-model", "iPhone 17", "-os", "macOS 26.3", "-cve", "CVE-2026-20643"}, docs...)},
		// A Safari version that does not parse.
		{name: "bad Safari", args: append([]string{"check", "-model", "Mac14,2", "-os", "14.8.4", "-safari", "Safari x", "-cve", "CVE-2026-20643"}, docs...)},
		// A bad CVE ID.
		{name: "bad CVE", args: append([]string{"check", "-model", "iPhone 17", "-os", "26.3", "-cve", "20643"}, docs...)},
		// Missing flags.
		{name: "no model", args: append([]string{"check", "-os", "26.3", "-cve", "CVE-2026-20643"}, docs...)},
		{name: "no os", args: append([]string{"check", "-model", "iPhone 17", "-cve", "CVE-2026-20643"}, docs...)},
		{name: "no cve", args: append([]string{"check", "-model", "iPhone 17", "-os", "26.3"}, docs...)},
		// A database and documents at once.
		{name: "db and documents", args: append([]string{"check", "-model", "iPhone 17", "-os", "26.3", "-cve", "CVE-2026-20643", "-db", dir}, docs...)},
		// A document that is not an advisory.
		{name: "junk document", args: []string{"check", "-model", "iPhone 17", "-os", "26.3", "-cve", "CVE-2026-20643", junk}},
		// A missing document.
		{name: "missing document", args: []string{"check", "-model", "iPhone 17", "-os", "26.3", "-cve", "CVE-2026-20643", filepath.Join(dir, "none.txt")}},
		// A bad software lookup file.
		{name: "bad pmv", args: append([]string{"check", "-model", "iPhone 17", "-os", "26.3", "-cve", "CVE-2026-20643", "-pmv", badPMV}, docs...)},
		// A bad -withdrawn version.
		{name: "bad withdrawn", args: append([]string{"check", "-model", "iPhone 17", "-os", "26.3", "-cve", "CVE-2026-20643", "-withdrawn", "16.5.1"}, docs...)},
		// An unknown flag.
		{name: "unknown flag", args: []string{"check", "-frob"}},
		// An OS that never existed, one the model shipped after, one a
		// retired model cannot run: an error, never a verdict.
		{name: "iOS 62.1", args: append([]string{"check", "-model", "iPhone17,1", "-os", "iOS 62.1", "-cve", "CVE-2026-20643"}, docs...)},
		{name: "older than the model", args: append([]string{"check", "-model", "iPhone 17", "-os", "iOS 18.7.6", "-cve", "CVE-2026-20643"}, docs...)},
		{name: "beyond a retired model", args: append([]string{"check", "-model", "iPhone X", "-os", "iOS 18.7.6", "-cve", "CVE-2026-20643"}, docs...)},
		// A bad -fail-on; a bad second -cve.
		{name: "bad fail-on", args: append([]string{"check", "-model", "iPhone 17", "-os", "26.3", "-cve", "CVE-2026-20643", "-fail-on", "maybe"}, docs...)},
		{name: "bad second CVE", args: append([]string{"check", "-model", "iPhone 17", "-os", "26.3", "-cve", "CVE-2026-20643", "-cve", "hello"}, docs...)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(tc.args...)
			assert.Equal(t, 2, code)
			assert.Empty(t, stdout)
			assert.NotEmpty(t, stderr)
		})
	}
	// The unknown model's message names it.
	_, _, stderr := runCmd(append([]string{"check", "-model", "iPhone 99", "-os", "26.3", "-cve", "CVE-2026-20643"}, docs...)...)
	assert.Contains(t, stderr, `"iPhone 99"`)
}

func TestCheckCommandSeveralCVEsAndFailOn(t *testing.T) {
	docs := march2026Fixtures()
	base := []string{"check", "-model", "iPhone 17", "-os", "26.4", "-cve", "CVE-2026-20643", "-cve", "CVE-2099-99999"}
	cases := []struct {
		name   string
		model  string
		failOn string
		want   int
	}{
		{name: "no gate", want: 0},
		{name: "exposed gate, none exposed", failOn: "exposed", want: 0},
		{name: "unknown gate trips on the unknown CVE", failOn: "unknown", want: 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := slices.Clone(base)
			if tc.failOn != "" {
				args = append(args, "-fail-on", tc.failOn)
			}
			code, stdout, stderr := runCmd(append(args, docs...)...)
			require.Equal(t, tc.want, code, stderr)
			dec := json.NewDecoder(strings.NewReader(stdout))
			var got []string
			for dec.More() {
				var res checkResult
				require.NoError(t, dec.Decode(&res))
				got = append(got, res.CVE+" "+res.Verdict)
			}
			assert.Equal(t, []string{"CVE-2026-20643 patched", "CVE-2099-99999 unknown"}, got)
		})
	}
	code, _, stderr := runCmd(append([]string{"check", "-model", "iPhone 17", "-os", "26.3.2", "-cve", "CVE-2026-20643", "-fail-on", "exposed"}, docs...)...)
	assert.Equal(t, 1, code, stderr)
}

func TestCheckWithoutDocumentsReadsTheDatabase(t *testing.T) {
	docs := march2026Fixtures()
	// No database yet: an error that says what to do, never a verdict.
	code, stdout, stderr := runCmd("check", "-model", "iPhone 17", "-os", "26.3.2", "-cve", "CVE-2026-20643", "-db", filepath.Join(t.TempDir(), "none"))
	assert.Equal(t, 1, code)
	assert.Empty(t, stdout)
	assert.Contains(t, stderr, "applesec sync")

	// A database filled from the same documents gives the same verdicts.
	dir := t.TempDir()
	db, err := applesec.Open(context.Background(), dir)
	require.NoError(t, err)
	advs, _, err := advisory.LoadFiles(context.Background(), docs...)
	require.NoError(t, err)
	for _, a := range advs {
		_, err := db.PutAdvisory(context.Background(), a, store.Fetch{URL: a.URL})
		require.NoError(t, err)
	}
	require.NoError(t, db.Close())
	for _, dev := range [][]string{
		{"-model", "iPhone 17", "-os", "26.3.2"},
		{"-model", "iPhone 17", "-os", "26.3.1 (a)"},
		{"-model", "MacBook Air (M1, 2020)", "-os", "macOS 14.8.4", "-safari", "26.4"},
	} {
		args := append(append([]string{"check"}, dev...), "-cve", "CVE-2026-20643")
		wantCode, want, wantErr := runCmd(append(args, docs...)...)
		require.Equal(t, 0, wantCode, wantErr)
		gotCode, got, gotErr := runCmd(append(args, "-db", dir)...)
		require.Equal(t, 0, gotCode, gotErr)
		assert.JSONEq(t, want, got, "%q", dev)
	}
}
