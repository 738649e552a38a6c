package advisory

import (
	"errors"
	"fmt"
	"strings"

	"github.com/applesec/applesec/version"
)

// Device is the state of one device: its model and what it runs.
type Device struct {
	// Model names the model as the catalog knows it: a product type
	// ("iPhone18,1"), a Mac model identifier or board ID, or a marketing
	// name ("iPhone 17").
	Model string `json:"model"`
	// OS is the operating system version the device runs, BSI or RSR letter
	// included ("iOS 26.3.1 (a)"). An iPad may give its version as iOS:
	// iPadOS shares iOS numbers from 13 on.
	OS version.Version `json:"os"`
	// Safari is the Safari version of a Mac ("Safari 26.4"); zero when the
	// device is no Mac or its Safari version is not known. Older macOS lines
	// get WebKit fixes as Safari updates.
	Safari version.Version `json:"safari,omitzero"`
}

// ParseDevice builds a Device from text as device inventories hold it: a
// model the catalog knows (nil means version.DefaultCatalog()), an OS
// version with or without its platform ("iOS 26.3.1 (a)", "26.3.1 (a)",
// "macOS Tahoe 26.3"; without one, the model's platform is meant) and, for
// a Mac, an optional Safari version ("26.4" or "Safari 26.4"; "" when not
// known). Errors wrap ErrUnknownModel, ErrWrongPlatform,
// ErrImpossibleVersion (a version older than the model shipped with) or
// version.ErrInvalid. Whether the version is beyond what Apple has shipped
// depends on the data: Coverage.Validate checks that.
func ParseDevice(cat *version.Catalog, model, os, safari string) (Device, error) {
	if cat == nil {
		cat = version.DefaultCatalog()
	}
	m, ok := cat.Lookup(model)
	if !ok {
		return Device{}, fmt.Errorf("%w %q", ErrUnknownModel, model)
	}
	if m.Platform == "" {
		return Device{}, fmt.Errorf("advisory: device %q: %s runs no operating system: %w", model, m.Name, ErrUnknownModel)
	}
	d := Device{Model: model}
	v, err := version.Parse(os)
	if err != nil && strings.TrimSpace(os) != "" {
		// "26.3.1 (a)" or "Tahoe 26.3": the model's platform is meant.
		if w, err2 := version.ParseFor(m.Platform, os); err2 == nil {
			v, err = w, nil
		} else if errors.Is(err, version.ErrMissingPlatform) {
			err = err2
		}
	}
	if err != nil {
		return Device{}, fmt.Errorf("advisory: device %q: OS version: %w", model, err)
	}
	if v.Platform() != m.Platform && (m.Platform != version.IPadOS || v.Platform() != version.IOS) {
		return Device{}, fmt.Errorf("advisory: device %q: %s runs %s, not %s: %w", model, m.Name, m.Platform, v.Platform(), ErrWrongPlatform)
	}
	if why := belowFirstOS(m, v); why != "" {
		return Device{}, fmt.Errorf("%w: device %q: %s", ErrImpossibleVersion, model, why)
	}
	d.OS = v
	if strings.TrimSpace(safari) != "" {
		sv, err := version.ParseFor(version.Safari, safari)
		if err != nil {
			return Device{}, fmt.Errorf("advisory: device %q: Safari version: %w", model, err)
		}
		d.Safari = sv
	}
	return d, nil
}

// belowFirstOS says, when v is older than the OS model m shipped with, that
// m cannot run it; "" otherwise.
func belowFirstOS(m version.Model, v version.Version) string {
	if m.MinMajor > 0 && v.Major() < m.MinMajor {
		return fmt.Sprintf("%s shipped with %s %d; it cannot run %s", m.Name, m.Platform, m.MinMajor, v)
	}
	return ""
}
