// Package version models Apple software versions and the devices that run them.
//
// A Version is a platform, a numeric core, an optional Background Security
// Improvement or Rapid Security Response letter ("26.3.1 (a)") and an optional
// build ("23D771330a"). Versions order for display, but coverage is not display
// order: a fix shipped as "26.3.1 (a)" protects only devices on base 26.3.1 with
// a letter at or above "a". FixPoint and its methods carry those branch-aware
// rules. The package also holds an embedded catalog of Apple device models,
// resolves "Available for" phrases to models, and reads Apple's software lookup
// feed ("pmv").
//
// The package imports nothing else of this module and never touches the network.
package version
