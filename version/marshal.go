package version

// Text forms of Platform and Line, so that they read and write as strings in
// JSON ("iOS", "macOS 15") and in any encoding that uses
// encoding.TextMarshaler. Version and Build marshal in their own files.

// MarshalText returns the platform's name ("iOS"); the empty Platform gives "".
func (p Platform) MarshalText() ([]byte, error) { return []byte(p), nil }

// UnmarshalText reads a platform name as ParsePlatform does ("ios", "Mac OS
// X" and "macOS" are accepted and normalized); empty text gives the empty
// Platform. Unknown names fail with a *ParseError wrapping ErrUnknownPlatform.
func (p *Platform) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*p = ""
		return nil
	}
	if len(text) > maxInputLen {
		return &ParseError{Document: string(text[:maxInputLen]) + "...", Format: "platform", Detail: "too long", Err: ErrUnknownPlatform}
	}
	q, ok := ParsePlatform(string(text))
	if !ok {
		return &ParseError{Document: string(text), Format: "platform", Detail: "not a known platform", Err: ErrUnknownPlatform}
	}
	*p = q
	return nil
}

// ParseLine reads a release line as Line.String writes it: a platform and a
// major ("iOS 26", "Safari 18", "macOS 15"), or for macOS 10 a major and
// minor ("macOS 10.15"). Marketing names are accepted as Parse accepts
// them ("macOS Sequoia 15"). A patch component, a letter or a build is an
// error: they name a version, not a line.
func ParseLine(s string) (Line, error) {
	v, err := Parse(s)
	if err != nil {
		return Line{}, err
	}
	want := 1
	if v.platform == MacOS && v.nums[0] == 10 {
		want = 2
	}
	switch {
	case v.letter != 0 || !v.build.IsZero():
		return Line{}, &ParseError{Document: s, Format: "line", Detail: "a line has no letter or build"}
	case int(v.n) != want:
		return Line{}, &ParseError{Document: s, Format: "line", Detail: lineShape(v.platform, int(v.nums[0]))}
	}
	return v.Line(), nil
}

// lineShape says how a line of platform p and major is written.
func lineShape(p Platform, major int) string {
	if p == MacOS && major == 10 {
		return `a macOS 10 line is written with its minor, as "macOS 10.15"`
	}
	return `a line is written with its major only, as "iOS 26"`
}

// MarshalText returns l.String(): "iOS 26", "macOS 10.15"; the zero Line
// gives "".
func (l Line) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// UnmarshalText reads a line with ParseLine; empty text gives the zero Line.
func (l *Line) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*l = Line{}
		return nil
	}
	m, err := ParseLine(string(text))
	if err != nil {
		return err
	}
	*l = m
	return nil
}
