package export

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/version"
)

// The required properties lifted before validation, each a SOFA section or
// field applesec does not collect (see the package documentation). Nothing
// else is relaxed.
var (
	// sofaMacOnlyV1 are the v1 macOS schema's macOS-only requirements,
	// lifted to validate the v1 iOS feed, which has no schema of its own.
	sofaMacOnlyV1 = [][2]string{
		{"/", "Models"},
		{"/properties/OSVersions/items", "SupportedModels"},
	}
	sofaRelaxV1 = [][2]string{
		{"/", "XProtectPayloads"},
		{"/", "XProtectPlistConfigData"},
		{"/", "InstallationApps"},
		{"/properties/OSVersions/items/properties/Latest", "Build"},
		{"/properties/OSVersions/items/properties/Latest", "ExpirationDate"},
		{"/properties/OSVersions/items/properties/SupportedModels/items", "URL"},
	}
	sofaRelaxMacV2 = [][2]string{
		{"/", "XProtectPayloads"},
		{"/", "XProtectPlistConfigData"},
		{"/", "InstallationApps"},
		{"/definitions/MacOSReleaseV2", "Build"},
		{"/definitions/BackgroundSecurityImprovement", "Build"},
	}
	sofaRelaxIOSV2 = [][2]string{
		{"/definitions/IOSReleaseV2", "Build"},
		{"/definitions/BackgroundSecurityImprovement", "Build"},
	}
)

// sofaSchemas compiles the schema of each file WriteSOFA writes.
func sofaSchemas(t *testing.T) map[string]*jsonschema.Schema {
	t.Helper()
	v2ios := compileSchema(t, "sofa/ios_data_feed.schema.json", sofaRelaxIOSV2...)
	return map[string]*jsonschema.Schema{
		"v1/macos_data_feed.json":    compileSchema(t, "sofa/v1_mac.schema", sofaRelaxV1...),
		"v1/ios_data_feed.json":      compileSchema(t, "sofa/v1_mac.schema", append(sofaRelaxV1, sofaMacOnlyV1...)...),
		"v2/macos_data_feed.json":    compileSchema(t, "sofa/macos_data_feed.schema.json", sofaRelaxMacV2...),
		"v2/ios_data_feed.json":      v2ios,
		"v2/tvos_data_feed.json":     v2ios,
		"v2/watchos_data_feed.json":  v2ios,
		"v2/visionos_data_feed.json": v2ios,
	}
}

func TestSOFAConformance(t *testing.T) {
	schemas := sofaSchemas(t)
	sets := []struct {
		name string
		docs func(testing.TB) []*advisory.Advisory
	}{
		{"project testdata", projectDocs},
		{"real captures", realworldDocs},
	}
	for _, set := range sets {
		t.Run(set.name, func(t *testing.T) {
			dir := t.TempDir()
			files, err := WriteSOFA(context.Background(), dir, Input{Advisories: set.docs(t), Now: testNow,
				BSIs: []BSIOffer{{Platform: version.IOS, Version: "26.3.1", Extra: "(a)", Build: "23D771330a", PrerequisiteBuild: "23D8133", SupportedDevices: []string{"iPhone18,1", "iPad16,3"}}}})
			require.NoError(t, err)
			require.Len(t, files, len(schemas))
			for _, f := range files {
				rel, err := filepath.Rel(dir, f)
				require.NoError(t, err)
				schema := schemas[filepath.ToSlash(rel)]
				require.NotNil(t, schema, rel)
				data, err := os.ReadFile(f)
				require.NoError(t, err)
				inst, err := jsonschema.UnmarshalJSON(strings.NewReader(string(data)))
				require.NoError(t, err)
				if err := schema.Validate(inst); err != nil {
					t.Errorf("%s does not conform: %v", rel, err)
				}
			}
		})
	}
}
