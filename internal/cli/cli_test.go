package cli

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFlagSetParse(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		code       int
		ok         bool
		wantStdout string // substring; "" means stdout stays empty
		wantStderr string // substring; "" means stderr stays empty
	}{
		// Help in every spelling goes to stdout with code 0.
		{name: "-h", args: []string{"-h"}, code: ExitOK, wantStdout: "usage: demo [-v] FILE..."},
		{name: "-help", args: []string{"-help"}, code: ExitOK, wantStdout: "-v"},
		{name: "--help", args: []string{"--help"}, code: ExitOK, wantStdout: "Demo describes itself."},
		// A bad flag is a usage error on stderr.
		{name: "bad flag", args: []string{"-nope"}, code: ExitUsage, wantStderr: "flag provided but not defined"},
		// Ordinary arguments go on.
		{name: "ok", args: []string{"-v", "a"}, code: ExitOK, ok: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			fs := NewFlagSet("demo", "demo [-v] FILE...", "Demo describes itself.", &stdout, &stderr)
			fs.Bool("v", false, "verbose")
			code, ok := fs.Parse(tc.args)
			assert.Equal(t, tc.code, code)
			assert.Equal(t, tc.ok, ok)
			if tc.wantStdout == "" {
				assert.Empty(t, stdout.String())
			} else {
				assert.Contains(t, stdout.String(), tc.wantStdout)
			}
			if tc.wantStderr == "" {
				assert.Empty(t, stderr.String())
			} else {
				assert.Contains(t, stderr.String(), tc.wantStderr)
				assert.Contains(t, stderr.String(), "usage: demo")
			}
		})
	}
}

func TestUsageError(t *testing.T) {
	var stdout, stderr bytes.Buffer
	fs := NewFlagSet("applesec parse", "applesec parse FILE...", "", &stdout, &stderr)
	assert.Equal(t, ExitUsage, fs.UsageError("no file given"))
	assert.Empty(t, stdout.String())
	assert.True(t, strings.HasPrefix(stderr.String(), "applesec parse: no file given\nusage: applesec parse FILE...\n"), stderr.String())
}

func TestPrinterOnePrefix(t *testing.T) {
	tests := []struct {
		name, prog, msg, want string
	}{
		{"plain", "fleet-check", "no devices", "fleet-check: no devices"},
		{"doubled", "fleet-check", "fleet-check: fleet-check: no devices", "fleet-check: no devices"},
		{"subcommand", "applesec parse", "applesec parse: x.html: bad", "applesec parse: x.html: bad"},
		{"subcommand short prefix", "applesec parse", "parse: x.html: bad", "applesec parse: x.html: bad"},
		{"library prefix kept", "applesec parse", "advisory: page x: no title", "applesec parse: advisory: page x: no title"},
		{"root package prefix folded", "applesec check", "applesec: no database at /tmp/db: run applesec sync first", "applesec check: no database at /tmp/db: run applesec sync first"},
		{"trailing newline", "p", "oops\n", "p: oops"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var w bytes.Buffer
			NewPrinter(tc.prog, &w).Errorf("%s", tc.msg)
			assert.Equal(t, tc.want+"\n", w.String())
		})
	}
	var w bytes.Buffer
	NewPrinter("p", &w).Error(nil)
	assert.Empty(t, w.String())
}

func TestOpen(t *testing.T) {
	t.Run("stdin", func(t *testing.T) {
		rc, err := Open("-", strings.NewReader("from stdin"))
		require.NoError(t, err)
		b, err := io.ReadAll(rc)
		require.NoError(t, err)
		require.NoError(t, rc.Close())
		assert.Equal(t, "from stdin", string(b))
		assert.Equal(t, "standard input", DisplayName("-"))
	})
	t.Run("file", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "f.txt")
		require.NoError(t, os.WriteFile(path, []byte("from file"), 0o644))
		rc, err := Open(path, strings.NewReader("not this"))
		require.NoError(t, err)
		defer rc.Close()
		b, err := io.ReadAll(rc)
		require.NoError(t, err)
		assert.Equal(t, "from file", string(b))
		assert.Equal(t, path, DisplayName(path))
	})
	t.Run("missing", func(t *testing.T) {
		_, err := Open(filepath.Join(t.TempDir(), "none"), nil)
		require.ErrorIs(t, err, os.ErrNotExist)
	})
}

func TestLogger(t *testing.T) {
	var quiet, verbose bytes.Buffer
	Logger(false, &quiet).Debug("hidden")
	Logger(false, &quiet).Warn("shown")
	Logger(true, &verbose).Debug("detail", "k", "v")
	assert.NotContains(t, quiet.String(), "hidden")
	assert.Contains(t, quiet.String(), "shown")
	assert.Contains(t, verbose.String(), "k=v")
}

func TestIsHelp(t *testing.T) {
	for _, a := range []string{"-h", "-help", "--help", "help"} {
		assert.True(t, IsHelp(a), a)
	}
	for _, a := range []string{"", "-v", "parse", "--h"} {
		assert.False(t, IsHelp(a), a)
	}
}
