package version_test

import (
	"database/sql"
	"database/sql/driver"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec/version"
)

// Both types are usable as database columns.
var (
	_ sql.Scanner   = (*version.Version)(nil)
	_ driver.Valuer = version.Version{}
	_ sql.Scanner   = (*version.Build)(nil)
	_ driver.Valuer = version.Build{}
)

func TestVersionSQL(t *testing.T) {
	for _, v := range []version.Version{
		version.MustParse("iOS 26.3.1 (a) (23D771330a)"),
		version.MustParse("macOS 10.15.7"),
		{},
	} {
		t.Run(v.String(), func(t *testing.T) {
			val, err := v.Value()
			require.NoError(t, err)
			if v.IsZero() {
				assert.Nil(t, val)
			}
			for _, src := range []any{val, toBytes(val)} {
				var back version.Version
				require.NoError(t, back.Scan(src))
				assert.True(t, v.Equal(back), "%v != %v", v, back)
				assert.Equal(t, v.String(), back.String())
			}
		})
	}
	var v version.Version
	require.ErrorIs(t, v.Scan(42), version.ErrInvalid)
	require.ErrorIs(t, v.Scan("not a version"), version.ErrInvalid)
}

func TestBuildSQL(t *testing.T) {
	for _, b := range []version.Build{version.MustParseBuild("23D771330a"), {}} {
		val, err := b.Value()
		require.NoError(t, err)
		var back version.Build
		require.NoError(t, back.Scan(val))
		assert.Equal(t, b, back)
		require.NoError(t, back.Scan(toBytes(val)))
		assert.Equal(t, b, back)
	}
	var b version.Build
	require.ErrorIs(t, b.Scan(3.5), version.ErrInvalid)
	require.ErrorIs(t, b.Scan("nope"), version.ErrInvalidBuild)
}

// toBytes returns a driver value as a driver may hand it back: []byte.
func toBytes(v driver.Value) any {
	if s, ok := v.(string); ok {
		return []byte(s)
	}
	return v
}
