package applesec_test

import (
	"io"

	"github.com/applesec/applesec/advisory"
)

func ioCopy(w io.Writer, r io.Reader) (int64, error) { return io.Copy(w, r) }

func advisoryOptions() advisory.CoverageOptions { return advisory.CoverageOptions{} }
