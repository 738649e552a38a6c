package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// errFleet marks a fleet file that cannot be read at all.
var errFleet = errors.New("fleet-check: bad fleet file")

// maxRowBytes bounds one CSV line or JSON element of the fleet file, so
// that a hostile file cannot make one row hold all memory.
const maxRowBytes = 64 << 10

// fleetRow is one device of the fleet file, as written.
type fleetRow struct {
	Name   string `json:"name"`
	Model  string `json:"model"`
	OS     string `json:"os"`
	Safari string `json:"safari"`
}

// fleetReader streams the rows of a fleet file: CSV with a header naming
// the columns model, os and optionally safari and name (any order, any
// case), JSON Lines of {"model", "os", "safari", "name"} objects, or a
// JSON array of them. The format is detected from the first byte.
type fleetReader struct {
	source string
	// next returns the next row and its position (line for CSV, element
	// for JSON, from 1), io.EOF after the last.
	next func() (fleetRow, int, error)
}

// newFleetReader detects the format of r and reads a CSV header.
func newFleetReader(r io.Reader, source string) (*fleetReader, error) {
	lim := &rowLimiter{r: r}
	br := bufio.NewReaderSize(lim, 64<<10)
	first, err := firstByte(br)
	if err == io.EOF {
		return nil, fmt.Errorf("%w %s: empty, no devices", errFleet, source)
	}
	if err != nil {
		return nil, fmt.Errorf("%w %s: %v", errFleet, source, err)
	}
	fr := &fleetReader{source: source}
	switch first {
	case '{', '[':
		// A JSON array may well be written on one line.
		lim.off = first == '['
		next, err := jsonRows(br, first == '[')
		if err != nil {
			return nil, fmt.Errorf("%w %s: %v", errFleet, source, err)
		}
		fr.next = next
	default:
		next, err := csvRows(br)
		if err != nil {
			return nil, fmt.Errorf("%w %s: %v", errFleet, source, err)
		}
		fr.next = next
	}
	return fr, nil
}

// Next returns the next row and its position, io.EOF after the last, or an
// error naming the source and position when the file is malformed there.
func (fr *fleetReader) Next() (fleetRow, int, error) {
	row, pos, err := fr.next()
	if err != nil && err != io.EOF {
		return row, pos, fmt.Errorf("%w %s: %v", errFleet, fr.source, err)
	}
	return row, pos, err
}

// firstByte skips a byte order mark and white space and returns the first
// byte without consuming it.
func firstByte(br *bufio.Reader) (byte, error) {
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\ufeff")) {
		br.Discard(3)
	}
	for {
		b, err := br.Peek(1)
		if err != nil {
			return 0, err
		}
		switch b[0] {
		case ' ', '\t', '\r', '\n':
			br.Discard(1)
			continue
		}
		return b[0], nil
	}
}

// jsonRows streams JSON Lines (or any sequence of objects), or the
// elements of one JSON array.
func jsonRows(br *bufio.Reader, array bool) (func() (fleetRow, int, error), error) {
	dec := json.NewDecoder(br)
	dec.DisallowUnknownFields()
	if array {
		if _, err := dec.Token(); err != nil {
			return nil, fmt.Errorf("not a JSON array of {model, os, safari, name}: %v", err)
		}
	}
	n, done := 0, false
	return func() (fleetRow, int, error) {
		if done {
			return fleetRow{}, n, io.EOF
		}
		if array && !dec.More() {
			done = true
			if _, err := dec.Token(); err != nil {
				return fleetRow{}, n, fmt.Errorf("after element %d: %v", n, err)
			}
			return fleetRow{}, n, io.EOF
		}
		var row fleetRow
		err := dec.Decode(&row)
		if err == io.EOF && !array {
			done = true
			return fleetRow{}, n, io.EOF
		}
		n++
		if err != nil {
			done = true
			return fleetRow{}, n, fmt.Errorf("element %d: not a {model, os, safari, name} object: %v", n, err)
		}
		return row, n, nil
	}, nil
}

// csvRows reads the CSV header and streams the rows.
func csvRows(br *bufio.Reader) (func() (fleetRow, int, error), error) {
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("no CSV header: %v", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for _, need := range []string{"model", "os"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("CSV header %q has no %q column (want model,os[,safari][,name]; or JSON Lines)", strings.Join(header, ","), need)
		}
	}
	idx := func(name string) int {
		if i, ok := col[name]; ok {
			return i
		}
		return -1
	}
	iName, iModel, iOS, iSafari := idx("name"), idx("model"), idx("os"), idx("safari")
	field := func(rec []string, i int) string {
		if i >= 0 && i < len(rec) {
			return rec[i]
		}
		return ""
	}
	return func() (fleetRow, int, error) {
		for {
			rec, err := cr.Read()
			if err == io.EOF {
				return fleetRow{}, 0, io.EOF
			}
			if err != nil {
				line := 0
				var pe *csv.ParseError
				if errors.As(err, &pe) {
					line = pe.Line
				}
				return fleetRow{}, line, err
			}
			if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
				continue
			}
			line, _ := cr.FieldPos(0)
			return fleetRow{Name: field(rec, iName), Model: field(rec, iModel), OS: field(rec, iOS), Safari: field(rec, iSafari)}, line, nil
		}
	}, nil
}

// rowLimiter fails a read once maxRowBytes pass without a line break, so
// that no CSV or JSON Lines row can be larger than that.
type rowLimiter struct {
	r       io.Reader
	runSize int  // bytes since the last line break
	off     bool // no limit (a JSON array)
}

func (l *rowLimiter) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	if l.off {
		return n, err
	}
	for _, b := range p[:n] {
		if b == '\n' {
			l.runSize = 0
			continue
		}
		l.runSize++
		if l.runSize > maxRowBytes {
			return 0, fmt.Errorf("a line longer than %d bytes", maxRowBytes)
		}
	}
	return n, err
}
