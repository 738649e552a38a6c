package version

// KnownWithdrawn returns the Background Security Improvements and Rapid
// Security Responses Apple is known to have withdrawn. A withdrawn letter
// still protects the devices that installed it, but must never be offered as
// the update to install: the replacement is (FixPoint.Withdrawn).
//
// On 2023-07-10 Apple shipped the Rapid Security Responses iOS 16.5.1 (a),
// iPadOS 16.5.1 (a) and macOS Ventura 13.4.1 (a) (CVE-2023-37450, WebKit,
// exploited), withdrew them the next day because some websites misread the
// "(a)" in Safari's user agent, and replaced them with (c) on 2023-07-12.
// No Background Security Improvement has been withdrawn so far.
//
// The slice is new on each call; the caller may change it.
func KnownWithdrawn() []Version {
	return []Version{
		MustParse("iOS 16.5.1 (a)"),
		MustParse("iPadOS 16.5.1 (a)"),
		MustParse("macOS 13.4.1 (a)"),
	}
}
