package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDevicesCommand(t *testing.T) {
	cases := []struct {
		name       string
		args       []string
		code       int
		models     []string // names that must be listed
		notModels  []string // names that must not be listed
		releases   []string
		unresolved []string
	}{
		// A list of models.
		{name: "models", args: []string{"iPhone 17 (all models) and iPhone Air"}, code: 0,
			models: []string{"iPhone 17", "iPhone 17 Pro", "iPhone 17 Pro Max", "iPhone Air"}, notModels: []string{"iPhone 16"}},
		// "and later" within a family; the phrase may come in several words.
		{name: "and later", args: []string{"iPhone", "XS", "and", "later"}, code: 0,
			models: []string{"iPhone XS", "iPhone 11", "iPhone 17"}, notModels: []string{"iPhone X", "iPhone 8"}},
		// An OS phrase gives releases.
		{name: "macOS lines", args: []string{"macOS Sonoma and macOS Sequoia"}, code: 0, releases: []string{"macOS 14", "macOS 15"}},
		// Partly unknown: listed as unresolved, still a success.
		{name: "partly unresolved", args: []string{"iPhone 11, Frobnicator 9"}, code: 0, models: []string{"iPhone 11"}, unresolved: []string{"Frobnicator 9"}},
		// Nothing known: exit 1.
		{name: "nothing resolved", args: []string{"Frobnicator 9"}, code: 1, unresolved: []string{"Frobnicator 9"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(append([]string{"devices", "-json"}, tc.args...)...)
			require.Equal(t, tc.code, code, stderr)
			var out devicesOutput
			require.NoError(t, json.Unmarshal([]byte(stdout), &out), stdout)
			var names []string
			for _, m := range out.Models {
				names = append(names, m.Name)
				assert.NotNil(t, m.Identifiers)
			}
			for _, n := range tc.models {
				assert.Contains(t, names, n)
			}
			for _, n := range tc.notModels {
				assert.NotContains(t, names, n)
			}
			for _, r := range tc.releases {
				assert.Contains(t, out.Releases, r)
			}
			assert.Equal(t, len(tc.unresolved), len(out.Unresolved), "%v", out.Unresolved)
			for _, u := range tc.unresolved {
				assert.Contains(t, out.Unresolved, u)
			}
			if tc.code != 0 {
				assert.NotEmpty(t, stderr)
			}
		})
	}
}

func TestDevicesCommandText(t *testing.T) {
	code, stdout, _ := runCmd("devices", "iPhone 17 (all models) and iPhone Air, Frobnicator 9")
	require.Equal(t, 0, code)
	assert.Contains(t, stdout, "4 models")
	assert.Regexp(t, `iPhone 17\s+iPhone18,3\s+iOS 26`, stdout)
	assert.Contains(t, stdout, "unresolved: Frobnicator 9")
}

func TestDevicesCommandUsage(t *testing.T) {
	// No phrase.
	code, stdout, stderr := runCmd("devices")
	assert.Equal(t, 2, code)
	assert.Empty(t, stdout)
	assert.Contains(t, stderr, "usage")
	// An unknown flag.
	code, _, _ = runCmd("devices", "-frob", "x")
	assert.Equal(t, 2, code)
}
