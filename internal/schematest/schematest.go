// Package schematest validates command output against the JSON Schemas of
// package schemas in tests. Only tests import it, so the validator
// (github.com/santhosh-tekuri/jsonschema/v6) is a test dependency.
package schematest

import (
	"bytes"
	"io/fs"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec/schemas"
)

// Compile compiles the schema file name ("parse.schema.json") of package
// schemas, with every other schema of the package loaded for its $refs.
func Compile(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	files, err := fs.Glob(schemas.FS, "*.schema.json")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		b, err := schemas.FS.ReadFile(f)
		require.NoError(t, err)
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		require.NoError(t, err, "schema %s is not JSON", f)
		require.NoError(t, c.AddResource(schemas.BaseURL+f, doc), "schema %s", f)
	}
	sch, err := c.Compile(schemas.BaseURL + name)
	require.NoError(t, err, "compiling %s", name)
	return sch
}

// Validate requires data, one JSON document, to be valid against the
// schema file name of package schemas.
func Validate(t *testing.T, name string, data []byte) {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	require.NoError(t, err, "output is not JSON: %s", clip(data))
	require.NoError(t, Compile(t, name).Validate(doc), "output does not match %s", name)
}

// ValidateLines requires each non-empty line of data (JSON Lines) to be
// valid against the schema file name.
func ValidateLines(t *testing.T, name string, data []byte) {
	t.Helper()
	sch := Compile(t, name)
	for i, line := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		doc, err := jsonschema.UnmarshalJSON(strings.NewReader(line))
		require.NoError(t, err, "line %d is not JSON", i+1)
		require.NoError(t, sch.Validate(doc), "line %d does not match %s", i+1, name)
	}
}

// clip shortens data for a message.
func clip(data []byte) string {
	if len(data) > 200 {
		return string(data[:200]) + "..."
	}
	return string(data)
}
