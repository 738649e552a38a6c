package advisory

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// rel is a release without a letter.
func rel(platform, version string) ProductVersion {
	return ProductVersion{Platform: platform, Version: version}
}

// relx is a release with a Background Security Improvement or Rapid Security
// Response letter.
func relx(platform, version, extra string) ProductVersion {
	return ProductVersion{Platform: platform, Version: version, Extra: extra}
}

func TestSplitReleaseName(t *testing.T) {
	tests := []struct {
		name string
		want []ProductVersion
	}{
		// Two platforms joined by "and".
		{"iOS 18.1 and iPadOS 18.1", []ProductVersion{rel("iOS", "18.1"), rel("iPadOS", "18.1")}},
		// Three-part versions.
		{"iOS 17.7.1 and iPadOS 17.7.1", []ProductVersion{rel("iOS", "17.7.1"), rel("iPadOS", "17.7.1")}},
		// A macOS marketing name is not part of the platform.
		{"macOS Sequoia 15.1", []ProductVersion{rel("macOS", "15.1")}},
		// The newest marketing name.
		{"macOS Tahoe 26.2", []ProductVersion{rel("macOS", "26.2")}},
		// Another marketing name.
		{"macOS Ventura 13.6.1", []ProductVersion{rel("macOS", "13.6.1")}},
		// A marketing name with two words and no version.
		{"macOS Big Sur", []ProductVersion{rel("macOS", "")}},
		// A marketing name alone gives no version.
		{"macOS Sonoma", []ProductVersion{rel("macOS", "")}},
		// A BSI named by platforms only: three platforms, no versions.
		{"Background Security Improvements for iOS, iPadOS, and macOS", []ProductVersion{rel("iOS", ""), rel("iPadOS", ""), rel("macOS", "")}},
		// A BSI named by its base versions: the letter is unknown, so no
		// version is claimed (a bare 26.3.1 would name the full update).
		{"Background Security Improvements for iOS 26.3.1, iPadOS 26.3.1, macOS 26.3.1, and macOS 26.3.2", []ProductVersion{rel("iOS", ""), rel("iPadOS", ""), rel("macOS", "")}},
		// A BSI variant line names its letters.
		{"iOS 26.3.1 (a), iPadOS 26.3.1 (a), macOS 26.3.1 (a), macOS 26.3.2 (a)", []ProductVersion{relx("iOS", "26.3.1", "(a)"), relx("iPadOS", "26.3.1", "(a)"), relx("macOS", "26.3.1", "(a)"), relx("macOS", "26.3.2", "(a)")}},
		// A title's note naming the releases it also covers (issue #9): the
		// note's releases follow, never a bare "macOS".
		{"macOS Monterey 12.0.1 (Advisory includes security content of macOS Monterey 12.0 and macOS Monterey 12.0.1)", []ProductVersion{rel("macOS", "12.0.1"), rel("macOS", "12.0")}},
		// Products named before a shared version take it.
		{"Time Capsule and AirPort Base Station (802.11n) Firmware 7.5.2", []ProductVersion{rel("Time Capsule", "7.5.2"), rel("AirPort Base Station (802.11n) Firmware", "7.5.2")}},
		// Apple TV software as old pages name it.
		{"AppleTV 7.1", []ProductVersion{rel("Apple TV", "7.1")}},
		// Safari with a minor version.
		{"Safari 26.4", []ProductVersion{rel("Safari", "26.4")}},
		// Safari with a major version only.
		{"Safari 18", []ProductVersion{rel("Safari", "18")}},
		// An RSR with its letter.
		{"Rapid Security Response iOS 16.5.1 (c)", []ProductVersion{relx("iOS", "16.5.1", "(c)")}},
		// RSRs for two platforms.
		{"Rapid Security Responses for iOS 16.5.1 (a) and iPadOS 16.5.1 (a)", []ProductVersion{relx("iOS", "16.5.1", "(a)"), relx("iPadOS", "16.5.1", "(a)")}},
		// RSR letters without the lead-in.
		{"iOS 16.5.1 (c) and iPadOS 16.5.1 (c)", []ProductVersion{relx("iOS", "16.5.1", "(c)"), relx("iPadOS", "16.5.1", "(c)")}},
		// An RSR for macOS with its marketing name.
		{"macOS Ventura 13.4.1 (c)", []ProductVersion{relx("macOS", "13.4.1", "(c)")}},
		// watchOS.
		{"watchOS 26.3", []ProductVersion{rel("watchOS", "26.3")}},
		// tvOS.
		{"tvOS 18.4.1", []ProductVersion{rel("tvOS", "18.4.1")}},
		// visionOS.
		{"visionOS 2.4.1", []ProductVersion{rel("visionOS", "2.4.1")}},
		// Xcode.
		{"Xcode 26.1", []ProductVersion{rel("Xcode", "26.1")}},
		// A firmware update with a numeric version.
		{"Studio Display Firmware Update 16.4", []ProductVersion{rel("Studio Display Firmware", "16.4")}},
		// Firmware builds are not versions; a product named twice is listed once.
		{"AirPods Firmware Update 6A326, AirPods Firmware Update 6F8, and Beats Firmware Update 6F8", []ProductVersion{rel("AirPods Firmware", ""), rel("Beats Firmware", "")}},
		// A "for" qualifier after the version stays with the product.
		{"iTunes 12.13.5 for Windows", []ProductVersion{rel("iTunes for Windows", "12.13.5")}},
		// A "for" qualifier before the version stays with the product.
		{"iCloud for Windows 15.3", []ProductVersion{rel("iCloud for Windows", "15.3")}},
		// A product with no version.
		{"Apple Vision Pro", []ProductVersion{rel("Apple Vision Pro", "")}},
		// OS X is macOS; a "v" before the version is dropped.
		{"OS X El Capitan v10.11.6", []ProductVersion{rel("macOS", "10.11.6")}},
		// Mac OS X is macOS.
		{"Mac OS X v10.6.8", []ProductVersion{rel("macOS", "10.6.8")}},
		// Words after the version are dropped.
		{"iOS 6.1 Software Update", []ProductVersion{rel("iOS", "6.1")}},
		// A page title's lead-in is ignored.
		{"About the security content of iOS 26.2 and iPadOS 26.2", []ProductVersion{rel("iOS", "26.2"), rel("iPadOS", "26.2")}},
		// A mail subject's ID and re-issue lead-in are ignored.
		{"APPLE-SA-2022-10-27-15 Additional information for APPLE-SA-2022-10-24-7 Safari 16.1", []ProductVersion{rel("Safari", "16.1")}},
		// Odd case and spacing are folded to Apple's spelling.
		{"  IOS   18.2  and ipados 18.2 ", []ProductVersion{rel("iOS", "18.2"), rel("iPadOS", "18.2")}},
		// A trailing period is not part of the version.
		{"Safari 16.1.", []ProductVersion{rel("Safari", "16.1")}},
		// Empty input gives nothing.
		{"", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, SplitReleaseName(tc.name))
		})
	}
}

// TestSplitReleaseNameRealWorld splits every release name found in the real
// captures (index rows, advisory page titles, APPLE-SA mail subjects) and
// compares it with what a careful reader writes down for it.
func TestSplitReleaseNameRealWorld(t *testing.T) {
	tests := []struct {
		name string
		want []ProductVersion
	}{
		// Index rows, 2023 page (HT201222 layout).
		{"watchOS 9.5.1", []ProductVersion{rel("watchOS", "9.5.1")}},
		{"iTunes 12.12.9 for Windows", []ProductVersion{rel("iTunes for Windows", "12.12.9")}},
		{"Safari 16.5", []ProductVersion{rel("Safari", "16.5")}},
		{"watchOS 9.5", []ProductVersion{rel("watchOS", "9.5")}},
		{"tvOS 16.5", []ProductVersion{rel("tvOS", "16.5")}},
		{"iOS 16.5 and iPadOS 16.5", []ProductVersion{rel("iOS", "16.5"), rel("iPadOS", "16.5")}},
		{"iOS 15.7.6 and iPadOS 15.7.6", []ProductVersion{rel("iOS", "15.7.6"), rel("iPadOS", "15.7.6")}},
		{"macOS Big Sur 11.7.7", []ProductVersion{rel("macOS", "11.7.7")}},
		{"macOS Ventura 13.4", []ProductVersion{rel("macOS", "13.4")}},
		{"macOS Monterey 12.6.6", []ProductVersion{rel("macOS", "12.6.6")}},
		{"Beats Firmware Update 5B66", []ProductVersion{rel("Beats Firmware", "")}},
		{"tvOS 16.4.1", []ProductVersion{rel("tvOS", "16.4.1")}},
		{"AirPods Firmware Update 5E133", []ProductVersion{rel("AirPods Firmware", "")}},
		{"macOS Big Sur 11.7.6", []ProductVersion{rel("macOS", "11.7.6")}},
		{"macOS Monterey 12.6.5", []ProductVersion{rel("macOS", "12.6.5")}},
		{"iOS 15.7.5 and iPadOS 15.7.5", []ProductVersion{rel("iOS", "15.7.5"), rel("iPadOS", "15.7.5")}},
		{"Safari 16.4.1", []ProductVersion{rel("Safari", "16.4.1")}},
		{"iOS 16.4.1 and iPadOS 16.4.1", []ProductVersion{rel("iOS", "16.4.1"), rel("iPadOS", "16.4.1")}},
		{"macOS Ventura 13.3.1", []ProductVersion{rel("macOS", "13.3.1")}},
		{"Xcode 14.3", []ProductVersion{rel("Xcode", "14.3")}},
		{"Studio Display Firmware Update 16.4", []ProductVersion{rel("Studio Display Firmware", "16.4")}},
		{"Safari 16.4", []ProductVersion{rel("Safari", "16.4")}},
		{"iOS 15.7.4 and iPadOS 15.7.4", []ProductVersion{rel("iOS", "15.7.4"), rel("iPadOS", "15.7.4")}},
		{"iOS 16.4 and iPadOS 16.4", []ProductVersion{rel("iOS", "16.4"), rel("iPadOS", "16.4")}},
		{"watchOS 9.4", []ProductVersion{rel("watchOS", "9.4")}},
		{"tvOS 16.4", []ProductVersion{rel("tvOS", "16.4")}},
		{"macOS Big Sur 11.7.5", []ProductVersion{rel("macOS", "11.7.5")}},
		{"macOS Monterey 12.6.4", []ProductVersion{rel("macOS", "12.6.4")}},
		{"macOS Ventura 13.3", []ProductVersion{rel("macOS", "13.3")}},
		{"GarageBand for macOS 10.4.8", []ProductVersion{rel("GarageBand for macOS", "10.4.8")}},
		{"tvOS 16.3.3", []ProductVersion{rel("tvOS", "16.3.3")}},
		{"macOS Big Sur 11.7.4", []ProductVersion{rel("macOS", "11.7.4")}},
		{"Safari 16.3", []ProductVersion{rel("Safari", "16.3")}},
		{"iOS 16.3.1 and iPadOS 16.3.1", []ProductVersion{rel("iOS", "16.3.1"), rel("iPadOS", "16.3.1")}},
		{"macOS Ventura 13.2.1", []ProductVersion{rel("macOS", "13.2.1")}},
		{"tvOS 16.3.2", []ProductVersion{rel("tvOS", "16.3.2")}},
		{"watchOS 9.3.1", []ProductVersion{rel("watchOS", "9.3.1")}},
		{"tvOS 16.3.1", []ProductVersion{rel("tvOS", "16.3.1")}},
		{"tvOS 16.3", []ProductVersion{rel("tvOS", "16.3")}},
		{"iOS 12.5.7", []ProductVersion{rel("iOS", "12.5.7")}},
		{"macOS Monterey 12.6.3", []ProductVersion{rel("macOS", "12.6.3")}},
		{"macOS Big Sur 11.7.3", []ProductVersion{rel("macOS", "11.7.3")}},
		{"watchOS 9.3", []ProductVersion{rel("watchOS", "9.3")}},
		{"iOS 15.7.3 and iPadOS 15.7.3", []ProductVersion{rel("iOS", "15.7.3"), rel("iPadOS", "15.7.3")}},
		{"iOS 16.3 and iPadOS 16.3", []ProductVersion{rel("iOS", "16.3"), rel("iPadOS", "16.3")}},
		{"macOS Ventura 13.2", []ProductVersion{rel("macOS", "13.2")}},
		// Index rows, 2024 page (gb-table layout).
		{"watchOS 10.6.1", []ProductVersion{rel("watchOS", "10.6.1")}},
		{"tvOS 17.6.1", []ProductVersion{rel("tvOS", "17.6.1")}},
		{"iOS 17.6.1 and iPadOS 17.6.1", []ProductVersion{rel("iOS", "17.6.1"), rel("iPadOS", "17.6.1")}},
		{"iOS 16.7.10 and iPadOS 16.7.10", []ProductVersion{rel("iOS", "16.7.10"), rel("iPadOS", "16.7.10")}},
		{"macOS Sonoma 14.6.1", []ProductVersion{rel("macOS", "14.6.1")}},
		{"macOS Ventura 13.6.9", []ProductVersion{rel("macOS", "13.6.9")}},
		{"Safari 17.6", []ProductVersion{rel("Safari", "17.6")}},
		{"iOS 17.6 and iPadOS 17.6", []ProductVersion{rel("iOS", "17.6"), rel("iPadOS", "17.6")}},
		{"iOS 16.7.9 and iPadOS 16.7.9", []ProductVersion{rel("iOS", "16.7.9"), rel("iPadOS", "16.7.9")}},
		{"macOS Sonoma 14.6", []ProductVersion{rel("macOS", "14.6")}},
		{"macOS Ventura 13.6.8", []ProductVersion{rel("macOS", "13.6.8")}},
		{"macOS Monterey 12.7.6", []ProductVersion{rel("macOS", "12.7.6")}},
		{"watchOS 10.6", []ProductVersion{rel("watchOS", "10.6")}},
		{"tvOS 17.6", []ProductVersion{rel("tvOS", "17.6")}},
		{"visionOS 1.3", []ProductVersion{rel("visionOS", "1.3")}},
		{"iOS 15.8.3 and iPadOS 15.8.3", []ProductVersion{rel("iOS", "15.8.3"), rel("iPadOS", "15.8.3")}},
		{"AirPods Firmware Update 6A326, AirPods Firmware Update 6F8, and Beats Firmware Update 6F8", []ProductVersion{rel("AirPods Firmware", ""), rel("Beats Firmware", "")}},
		{"visionOS 1.2", []ProductVersion{rel("visionOS", "1.2")}},
		{"tvOS 17.5.1", []ProductVersion{rel("tvOS", "17.5.1")}},
		{"iOS 17.5.1 and iPadOS 17.5.1", []ProductVersion{rel("iOS", "17.5.1"), rel("iPadOS", "17.5.1")}},
		{"Safari 17.5", []ProductVersion{rel("Safari", "17.5")}},
		{"iOS 17.5 and iPadOS 17.5", []ProductVersion{rel("iOS", "17.5"), rel("iPadOS", "17.5")}},
		{"iOS 16.7.8 and iPadOS 16.7.8", []ProductVersion{rel("iOS", "16.7.8"), rel("iPadOS", "16.7.8")}},
		{"macOS Sonoma 14.5", []ProductVersion{rel("macOS", "14.5")}},
		{"macOS Ventura 13.6.7", []ProductVersion{rel("macOS", "13.6.7")}},
		{"macOS Monterey 12.7.5", []ProductVersion{rel("macOS", "12.7.5")}},
		{"watchOS 10.5", []ProductVersion{rel("watchOS", "10.5")}},
		{"tvOS 17.5", []ProductVersion{rel("tvOS", "17.5")}},
		{"iTunes 12.13.2 for Windows", []ProductVersion{rel("iTunes for Windows", "12.13.2")}},
		{"visionOS 1.1.2", []ProductVersion{rel("visionOS", "1.1.2")}},
		{"Safari 17.4.1", []ProductVersion{rel("Safari", "17.4.1")}},
		{"macOS Sonoma 14.4.1", []ProductVersion{rel("macOS", "14.4.1")}},
		{"macOS Ventura 13.6.6", []ProductVersion{rel("macOS", "13.6.6")}},
		{"iOS 17.4.1 and iPadOS 17.4.1", []ProductVersion{rel("iOS", "17.4.1"), rel("iPadOS", "17.4.1")}},
		{"iOS 16.7.7 and iPadOS 16.7.7", []ProductVersion{rel("iOS", "16.7.7"), rel("iPadOS", "16.7.7")}},
		{"visionOS 1.1.1", []ProductVersion{rel("visionOS", "1.1.1")}},
		{"GarageBand 10.4.11", []ProductVersion{rel("GarageBand", "10.4.11")}},
		{"Safari 17.4", []ProductVersion{rel("Safari", "17.4")}},
		{"macOS Sonoma 14.4", []ProductVersion{rel("macOS", "14.4")}},
		{"macOS Ventura 13.6.5", []ProductVersion{rel("macOS", "13.6.5")}},
		{"macOS Monterey 12.7.4", []ProductVersion{rel("macOS", "12.7.4")}},
		{"watchOS 10.4", []ProductVersion{rel("watchOS", "10.4")}},
		{"tvOS 17.4", []ProductVersion{rel("tvOS", "17.4")}},
		{"visionOS 1.1", []ProductVersion{rel("visionOS", "1.1")}},
		{"Xcode 15.3", []ProductVersion{rel("Xcode", "15.3")}},
		{"iOS 17.4 and iPadOS 17.4", []ProductVersion{rel("iOS", "17.4"), rel("iPadOS", "17.4")}},
		{"iOS 16.7.6 and iPadOS 16.7.6", []ProductVersion{rel("iOS", "16.7.6"), rel("iPadOS", "16.7.6")}},
		{"iOS 15.8.2 and iPadOS 15.8.2", []ProductVersion{rel("iOS", "15.8.2"), rel("iPadOS", "15.8.2")}},
		{"visionOS 1.0.3", []ProductVersion{rel("visionOS", "1.0.3")}},
		{"Safari 17.3.1", []ProductVersion{rel("Safari", "17.3.1")}},
		{"iOS 17.3.1 and iPadOS 17.3.1", []ProductVersion{rel("iOS", "17.3.1"), rel("iPadOS", "17.3.1")}},
		{"macOS Sonoma 14.3.1", []ProductVersion{rel("macOS", "14.3.1")}},
		{"watchOS 10.3.1", []ProductVersion{rel("watchOS", "10.3.1")}},
		{"visionOS 1.0.2", []ProductVersion{rel("visionOS", "1.0.2")}},
		{"Safari 17.3", []ProductVersion{rel("Safari", "17.3")}},
		{"iOS 17.3 and iPadOS 17.3", []ProductVersion{rel("iOS", "17.3"), rel("iPadOS", "17.3")}},
		{"iOS 16.7.5 and iPadOS 16.7.5", []ProductVersion{rel("iOS", "16.7.5"), rel("iPadOS", "16.7.5")}},
		{"iOS 15.8.1 and iPadOS 15.8.1", []ProductVersion{rel("iOS", "15.8.1"), rel("iPadOS", "15.8.1")}},
		{"macOS Sonoma 14.3", []ProductVersion{rel("macOS", "14.3")}},
		{"macOS Ventura 13.6.4", []ProductVersion{rel("macOS", "13.6.4")}},
		{"macOS Monterey 12.7.3", []ProductVersion{rel("macOS", "12.7.3")}},
		{"watchOS 10.3", []ProductVersion{rel("watchOS", "10.3")}},
		{"tvOS 17.3", []ProductVersion{rel("tvOS", "17.3")}},
		{"Magic Keyboard Firmware Update 2.0.6", []ProductVersion{rel("Magic Keyboard Firmware", "2.0.6")}},
		// Advisory page titles.
		{"About the security content of iOS 17.5 and iPadOS 17.5", []ProductVersion{rel("iOS", "17.5"), rel("iPadOS", "17.5")}},
		{"About the security content of iOS 6.1 Software Update", []ProductVersion{rel("iOS", "6.1")}},
		// APPLE-SA mail subjects, with their IDs.
		{"APPLE-SA-2022-10-27-15 Additional information for APPLE-SA-2022-10-24-7 Safari 16.1", []ProductVersion{rel("Safari", "16.1")}},
		{"APPLE-SA-2022-10-27-8 Additional information for APPLE-SA-2022-10-24-4 macOS Big Sur 11.7.1", []ProductVersion{rel("macOS", "11.7.1")}},
		{"APPLE-SA-2022-11-09-2 macOS Ventura 13.0.1", []ProductVersion{rel("macOS", "13.0.1")}},
		{"APPLE-SA-2022-12-13-1 iOS 16.2 and iPadOS 16.2", []ProductVersion{rel("iOS", "16.2"), rel("iPadOS", "16.2")}},
		{"APPLE-SA-2022-12-13-6 macOS Big Sur 11.7.2", []ProductVersion{rel("macOS", "11.7.2")}},
		{"APPLE-SA-2023-01-23-3 iOS 12.5.7", []ProductVersion{rel("iOS", "12.5.7")}},
		{"APPLE-SA-2023-01-23-8 Safari 16.3", []ProductVersion{rel("Safari", "16.3")}},
		{"APPLE-SA-2023-01-24-1 tvOS 16.3", []ProductVersion{rel("tvOS", "16.3")}},
		{"APPLE-SA-2023-02-13-1 iOS 16.3.1 and iPadOS 16.3.1", []ProductVersion{rel("iOS", "16.3.1"), rel("iPadOS", "16.3.1")}},
		{"APPLE-SA-2023-02-13-3 Safari 16.3.1", []ProductVersion{rel("Safari", "16.3.1")}},
		{"APPLE-SA-2023-03-27-8 Safari 16.4", []ProductVersion{rel("Safari", "16.4")}},
		{"APPLE-SA-2023-03-27-9 Studio Display Firmware Update 16.4", []ProductVersion{rel("Studio Display Firmware", "16.4")}},
		{"APPLE-SA-2023-07-10-1 Safari 16.5.2", []ProductVersion{rel("Safari", "16.5.2")}},
		{"APPLE-SA-06-25-2024-1 AirPods Firmware Update 6A326, AirPods Firmware Update 6F8, and Beats Firmware Update 6F8", []ProductVersion{rel("AirPods Firmware", ""), rel("Beats Firmware", "")}},
		{"APPLE-SA-07-29-2024-1 Safari 17.6", []ProductVersion{rel("Safari", "17.6")}},
		{"APPLE-SA-09-16-2024-6 Safari 18", []ProductVersion{rel("Safari", "18")}},
		{"APPLE-SA-10-03-2024-1 iOS 18.0.1 and iPadOS 18.0.1", []ProductVersion{rel("iOS", "18.0.1"), rel("iPadOS", "18.0.1")}},
		{"APPLE-SA-10-29-2024-1 Safari 18.1", []ProductVersion{rel("Safari", "18.1")}},
		{"APPLE-SA-11-19-2024-2 visionOS 2.1.1", []ProductVersion{rel("visionOS", "2.1.1")}},
		{"APPLE-SA-11-19-2024-3 iOS 18.1.1 and iPadOS 18.1.1", []ProductVersion{rel("iOS", "18.1.1"), rel("iPadOS", "18.1.1")}},
		{"APPLE-SA-11-19-2024-5 macOS Sequoia 15.1.1", []ProductVersion{rel("macOS", "15.1.1")}},
		{"APPLE-SA-12-11-2024-4 macOS Sonoma 14.7.2", []ProductVersion{rel("macOS", "14.7.2")}},
		{"APPLE-SA-12-11-2024-9 Safari 18.2", []ProductVersion{rel("Safari", "18.2")}},
		{"APPLE-SA-01-27-2025-9 Safari 18.3", []ProductVersion{rel("Safari", "18.3")}},
		{"APPLE-SA-04-16-2025-2 macOS Sequoia 15.4.1", []ProductVersion{rel("macOS", "15.4.1")}},
		{"APPLE-SA-04-16-2025-3 tvOS 18.4.1", []ProductVersion{rel("tvOS", "18.4.1")}},
		{"APPLE-SA-04-16-2025-4 visionOS 2.4.1", []ProductVersion{rel("visionOS", "2.4.1")}},
		{"APPLE-SA-09-15-2025-4 iOS 15.8.5 and iPadOS 15.8.5", []ProductVersion{rel("iOS", "15.8.5"), rel("iPadOS", "15.8.5")}},
		{"APPLE-SA-11-03-2025-9 Xcode 26.1", []ProductVersion{rel("Xcode", "26.1")}},
		{"APPLE-SA-02-11-2026-1 iOS 26.3 and iPadOS 26.3", []ProductVersion{rel("iOS", "26.3"), rel("iPadOS", "26.3")}},
		{"APPLE-SA-02-11-2026-3 macOS Tahoe 26.3", []ProductVersion{rel("macOS", "26.3")}},
		{"APPLE-SA-02-11-2026-5 macOS Sonoma 14.8.4", []ProductVersion{rel("macOS", "14.8.4")}},
		{"APPLE-SA-02-11-2026-7 watchOS 26.3", []ProductVersion{rel("watchOS", "26.3")}},
		{"APPLE-SA-02-11-2026-8 visionOS 26.3", []ProductVersion{rel("visionOS", "26.3")}},
		{"APPLE-SA-02-11-2026-9 Safari 26.3", []ProductVersion{rel("Safari", "26.3")}},
		{"APPLE-SA-03-17-2026-1 Background Security Improvements for iOS 26.3.1, iPadOS 26.3.1, macOS 26.3.1, and macOS 26.3.2", []ProductVersion{rel("iOS", ""), rel("iPadOS", ""), rel("macOS", "")}},
		{"APPLE-SA-03-24-2026-10 Xcode 26.4", []ProductVersion{rel("Xcode", "26.4")}},
		{"APPLE-SA-03-24-2026-9 Safari 26.4", []ProductVersion{rel("Safari", "26.4")}},
		{"APPLE-SA-04-22-2026-1 iOS 26.4.2 and iPadOS 26.4.2", []ProductVersion{rel("iOS", "26.4.2"), rel("iPadOS", "26.4.2")}},
		{"APPLE-SA-04-22-2026-2 iOS 18.7.8 and iPadOS 18.7.8", []ProductVersion{rel("iOS", "18.7.8"), rel("iPadOS", "18.7.8")}},
		{"APPLE-SA-08-06-2026-2 macOS Sequoia 15.7.9", []ProductVersion{rel("macOS", "15.7.9")}},
		{"APPLE-SA-08-06-2026-3 macOS Sonoma 14.8.9", []ProductVersion{rel("macOS", "14.8.9")}},
		{"APPLE-SA-09-14-2026-9 Safari 27", []ProductVersion{rel("Safari", "27")}},
		{"APPLE-SA-09-28-2026-3 macOS Sequoia 15.8.1", []ProductVersion{rel("macOS", "15.8.1")}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, SplitReleaseName(tc.name))
		})
	}
}
