package version

// Platform is an Apple software product that carries versions: an operating
// system, or Safari (which ships WebKit fixes to older macOS lines).
type Platform string

// The platforms Apple's security releases name.
const (
	IOS      Platform = "iOS"
	IPadOS   Platform = "iPadOS"
	MacOS    Platform = "macOS"
	WatchOS  Platform = "watchOS"
	TvOS     Platform = "tvOS"
	VisionOS Platform = "visionOS"
	Safari   Platform = "Safari"
)
