package version_test

import (
	"fmt"

	"github.com/applesec/applesec/version"
)

// A Version goes into a database column as text and comes back equal; the
// zero Version is NULL.
func ExampleVersion_Scan() {
	v := version.MustParse("macOS 26.3.2 (a) (25D771400a)")
	stored, _ := v.Value()
	var back version.Version
	if err := back.Scan([]byte(stored.(string))); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(stored, back.Equal(v))
	null, _ := version.Version{}.Value()
	fmt.Println(null)
	// Output:
	// macOS 26.3.2 (a) (25D771400a) true
	// <nil>
}
