package advisory

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// knownComponents are component headings as Apple spells them. A heading that
// differs from one of these only in case, spaces or hyphens ("Webkit",
// "WEBKIT", "Web Kit", "kernel", "DYLD") is given Apple's spelling. Apple
// writes some in lower case on purpose (dyld, libxml2, ppp).
var knownComponents = []string{
	"Accessibility", "Accounts", "Admin Framework", "AirPlay", "AirDrop",
	"App Store", "AppKit", "Apple Neural Engine", "Apple Software Restore",
	"AppleAVD", "AppleGraphicsControl", "AppleMobileFileIntegrity", "ATS",
	"Audio", "AVEVideoEncoder", "Bluetooth", "BOM", "Call History",
	"CFNetwork", "Compression", "Contacts", "Core Data", "CoreAudio",
	"CoreGraphics", "CoreHAP", "CoreMedia", "CoreServices", "CoreText",
	"Crash Reporter", "CUPS", "Dev Tools", "Disk Images", "Disk Utility",
	"DiskArbitration", "Display", "DriverKit", "dyld", "Face ID",
	"File Bookmark", "Find My", "FontParser", "Foundation", "Game Center",
	"GNU", "GPU Drivers", "Graphics Driver", "HearingCore",
	"Identity Services", "ImageIO", "International Components for Unicode",
	"IOHIDFamily", "IOMobileFrameBuffer", "IOSurface", "iTunes Store",
	"JavaScriptCore", "Kernel", "LaunchServices", "libarchive", "libexpat",
	"libiconv", "libnetcore", "libpthread", "Libsystem", "libxml2", "libxpc",
	"lldb", "Mail", "Managed Configuration", "Maps", "MarketplaceKit",
	"Media Session", "Messages", "Metal", "Model I/O", "Multi-Touch",
	"NetworkExtension", "Notes", "Notification Services", "otool",
	"PackageKit", "Passwords", "ppp", "Proximity", "RemoteViewServices",
	"Remote Management", "ReplayKit", "RPAC", "Ruby", "Safari",
	"Safari Downloads", "Safari Private Browsing", "Safari Tabs",
	"Safe Browsing", "Sandbox", "SceneKit", "Screen Sharing",
	"Screen Sharing Server", "Screenshots", "Security", "SharedFileList",
	"Shortcuts", "Simulator", "Siri", "Software Update", "Spotlight",
	"Status Bar", "StorageKit", "StoreKit", "Swift", "Symptom Framework",
	"Sync Services", "Transparency", "Voice Control", "Wallet", "Weather",
	"Web Extensions", "WebContentFilter", "WebKit", "WebKit Canvas",
	"WebKit JavaScript Bindings", "WebKit PDF", "WebKit Process Model",
	"WebKit Sandboxing", "WebKit Storage", "WebKit Web Inspector", "Wi-Fi",
	"xar", "zlib",
}

// knownByKey indexes knownComponents by componentKey.
var knownByKey = func() map[string]string {
	m := make(map[string]string, len(knownComponents))
	for _, c := range knownComponents {
		m[componentKey(c)] = c
	}
	return m
}()

// componentKey folds a heading for comparison: lower case, without spaces,
// hyphens and underscores ("Web Kit" and "WEBKIT" both give "webkit").
func componentKey(s string) string {
	return string(appendComponentKey(nil, s))
}

// appendComponentKey appends componentKey(s) to dst.
func appendComponentKey(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf { // the usual case: a byte, no rune decoded
			i++
			switch {
			case c == ' ' || c == '-' || c == '_':
				continue
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		dst = utf8.AppendRune(dst, unicode.ToLower(r))
	}
	return dst
}

// lookupKnown looks prefix+name up in knownByKey as componentKey folds it,
// without allocating for headings of ordinary length.
func lookupKnown(prefix, name string) (string, bool) {
	var buf [64]byte
	k := appendComponentKey(appendComponentKey(buf[:0], prefix), name)
	c, ok := knownByKey[string(k)] // no allocation: the conversion is only for the lookup
	return c, ok
}

// NormalizeComponent returns the canonical form of a component heading: white
// space folded, trailing colons and periods removed, and known aliases and
// case variants mapped to Apple's usual spelling ("Webkit", "WEBKIT" and "Web
// Kit" become "WebKit", "kernel" becomes "Kernel"). A WebKit sub-area keeps
// its own words after a corrected "WebKit" ("webkit Web Inspector" becomes
// "WebKit Web Inspector"). Unknown headings keep their spelling.
func NormalizeComponent(name string) string {
	name = cleanText(name)
	name = strings.TrimRightFunc(name, func(r rune) bool { return r == ':' || r == '.' || unicode.IsSpace(r) })
	name = strings.TrimLeftFunc(name, func(r rune) bool { return r == ':' || unicode.IsSpace(r) })
	if name == "" {
		return ""
	}
	if c, ok := lookupKnown("", name); ok {
		return c
	}
	if rest, ok := cutWebKitPrefix(name); ok {
		if rest == "" {
			return "WebKit"
		}
		if c, ok := lookupKnown("webkit", rest); ok {
			return c
		}
		return "WebKit " + rest
	}
	return name
}

// cutWebKitPrefix reports whether name starts with "WebKit" as a word, in any
// case or spelled "Web Kit", and returns the words after it.
func cutWebKitPrefix(name string) (string, bool) {
	for _, p := range []string{"webkit", "web kit"} {
		if len(name) < len(p) || !strings.EqualFold(name[:len(p)], p) {
			continue
		}
		rest := name[len(p):]
		if rest == "" {
			return "", true
		}
		if rest[0] == ' ' {
			return strings.TrimSpace(rest), true
		}
	}
	return "", false
}

// IsWebKit reports whether a component is WebKit: "WebKit" itself, one of its
// sub-areas written "WebKit <area>" ("WebKit Canvas", "WebKit Web Inspector",
// "WebKit Process Model", "WebKit Sandboxing", "WebKit Storage"), or
// JavaScriptCore, WebKit's JavaScript engine (Apple lists its fixes with WebKit
// Bugzilla IDs and ships them in Safari updates like any WebKit fix).
//
// Safari and its areas ("Safari Downloads"), "Web Extensions",
// WebContentFilter and a bare "Web Inspector" are not WebKit: Apple files
// WebKit's inspector as "WebKit Web Inspector", and the others are Safari or
// system features built on WebKit rather than parts of it.
func IsWebKit(component string) bool {
	c := NormalizeComponent(component)
	if c == "JavaScriptCore" {
		return true
	}
	_, ok := cutWebKitPrefix(c)
	return ok
}

// MatchComponent reports whether component is the query's component or one of
// its sub-areas, comparing normalized names without regard to case. A sub-area
// is the query followed by more words: "WebKit" matches "WebKit Canvas",
// "Safari" matches "Safari Downloads", "Kernel" matches "Kernel Extensions",
// but "Web" matches neither "WebKit" nor "WebContentFilter" (a word must end
// where the query ends). The query "WebKit" matches whatever IsWebKit accepts,
// so it also finds JavaScriptCore. An empty query matches nothing.
func MatchComponent(component, query string) bool {
	q := NormalizeComponent(query)
	if q == "" {
		return false
	}
	c := NormalizeComponent(component)
	if q == "WebKit" {
		return IsWebKit(c)
	}
	if strings.EqualFold(c, q) {
		return true
	}
	return len(c) > len(q) && strings.EqualFold(c[:len(q)], q) && c[len(q)] == ' '
}

// FilterEntries returns the entries of a whose component matches query as
// MatchComponent decides, in document order. The result is a new slice; a
// is not changed. It is empty, not nil, when nothing matches.
func FilterEntries(a *Advisory, query string) []Entry {
	out := []Entry{}
	if a == nil {
		return out
	}
	for _, e := range a.Entries {
		if MatchComponent(e.Component, query) {
			out = append(out, e)
		}
	}
	return out
}
