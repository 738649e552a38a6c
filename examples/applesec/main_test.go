package main

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHelpExitsZeroOnStdout(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string // in stdout
	}{
		{"-h", []string{"-h"}, "usage: applesec COMMAND"},
		{"--help", []string{"--help"}, "usage: applesec COMMAND"},
		{"-help", []string{"-help"}, "usage: applesec COMMAND"},
		{"help", []string{"help"}, "usage: applesec COMMAND"},
		{"help parse", []string{"help", "parse"}, "usage: applesec parse"},
		{"help check", []string{"help", "check"}, "usage: applesec check"},
		{"parse -h", []string{"parse", "-h"}, "usage: applesec parse"},
		{"parse --help", []string{"parse", "--help"}, "-url"},
		{"devices --help", []string{"devices", "--help"}, "usage: applesec devices"},
		{"check -h", []string{"check", "-h"}, "usage: applesec check"},
		{"check --help", []string{"check", "--help"}, "-model"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(tc.args, &out, &errb)
			assert.Equal(t, 0, code)
			assert.Contains(t, out.String(), tc.want)
			assert.Empty(t, errb.String())
		})
	}
}

func TestUnknownCommand(t *testing.T) {
	var out, errb bytes.Buffer
	assert.Equal(t, 2, run([]string{"frob"}, &out, &errb))
	assert.Empty(t, out.String())
	assert.True(t, strings.HasPrefix(errb.String(), "applesec: unknown command \"frob\"\n"), errb.String())
	assert.Contains(t, errb.String(), "usage: applesec COMMAND")
}

func TestParseStdinAndURL(t *testing.T) {
	mail, err := os.ReadFile(parseFixture("mail", "dash-escaped.txt"))
	require.NoError(t, err)
	tests := []struct {
		name    string
		args    []string
		wantURL string
	}{
		// Standard input with no -url: the document has no URL of its own.
		{"stdin", []string{"parse", "-"}, ""},
		// -url names the page the input was saved from.
		{"stdin with url", []string{"parse", "-url", "https://support.apple.com/en-us/123456", "-"}, "https://support.apple.com/en-us/123456"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := runWithStdin(tc.args, bytes.NewReader(mail), &out, &errb)
			require.Equal(t, 0, code, errb.String())
			var docs []map[string]any
			require.NoError(t, json.Unmarshal(out.Bytes(), &docs))
			require.Len(t, docs, 1)
			assert.Equal(t, tc.wantURL, docs[0]["url"])
		})
	}
	// A file saved to disk gets the URL given, not its path.
	path := parseFixture("mail", "dash-escaped.txt")
	var out, errb bytes.Buffer
	require.Equal(t, 0, run([]string{"parse", "-url", "https://support.apple.com/en-us/1", path}, &out, &errb), errb.String())
	assert.Contains(t, out.String(), `"url": "https://support.apple.com/en-us/1"`)
}

func TestParseVerbose(t *testing.T) {
	path := parseFixture("mail", "dash-escaped.txt")
	var out, errb bytes.Buffer
	require.Equal(t, 0, run([]string{"parse", "-v", path}, &out, &errb), errb.String())
	assert.Contains(t, errb.String(), "level=DEBUG msg=parsed")
	assert.Contains(t, errb.String(), "kind=advisory/mail")
	errb.Reset()
	require.Equal(t, 0, run([]string{"parse", path}, &out, &errb))
	assert.Empty(t, errb.String())
}

func TestParseURLNeedsOneFile(t *testing.T) {
	var out, errb bytes.Buffer
	code := run([]string{"parse", "-url", "https://support.apple.com/x", "a", "b"}, &out, &errb)
	assert.Equal(t, 2, code)
	assert.Empty(t, out.String())
	assert.True(t, strings.HasPrefix(errb.String(), "applesec parse: -url names the URL of one FILE"), errb.String())
}

func TestParseStdinError(t *testing.T) {
	// Bad input on stdin is named as standard input, with one prefix.
	var out, errb bytes.Buffer
	code := runWithStdin([]string{"parse", "-"}, strings.NewReader("just text\n"), &out, &errb)
	assert.Equal(t, 1, code)
	assert.True(t, strings.HasPrefix(errb.String(), "applesec parse: standard input: "), errb.String())
	assert.Equal(t, 1, strings.Count(errb.String(), "applesec parse:"))
	assert.JSONEq(t, "[]", out.String())
}
