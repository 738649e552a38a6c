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

	"github.com/applesec/applesec/advisory"
)

// maxFleetBytes bounds the fleet file read.
const maxFleetBytes = 256 << 20

// errFleet marks a fleet file that cannot be read at all.
var errFleet = errors.New("fleet-check: bad fleet file")

// fleetRow is one device of the fleet file, as written.
type fleetRow struct {
	Name   string `json:"name"`
	Model  string `json:"model"`
	OS     string `json:"os"`
	Safari string `json:"safari"`
}

// member is one device of the fleet, checked or not.
type member struct {
	line   int    // line (CSV) or element number (JSON), from 1
	name   string // the row's name, or "row N"
	device advisory.Device
	err    error // why the row could not be read as a device
}

// readFleet reads a fleet file: CSV with a header naming the columns
// model, os and optionally safari and name (any order, any case), or a
// JSON array of {"model", "os", "safari", "name"} objects. Rows that do
// not name a known model and a valid version come back with err set.
func readFleet(r io.Reader, source string) ([]member, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFleetBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%w %s: %v", errFleet, source, err)
	}
	if len(data) > maxFleetBytes {
		return nil, fmt.Errorf("%w %s: larger than %d bytes", errFleet, source, maxFleetBytes)
	}
	var rows []fleetRow
	var lines []int
	if t := bytes.TrimSpace(data); len(t) > 0 && t[0] == '[' {
		rows, lines, err = readFleetJSON(t)
	} else {
		rows, lines, err = readFleetCSV(data)
	}
	if err != nil {
		return nil, fmt.Errorf("%w %s: %v", errFleet, source, err)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%w %s: no devices", errFleet, source)
	}
	out := make([]member, len(rows))
	for i, row := range rows {
		m := member{line: lines[i], name: strings.TrimSpace(row.Name)}
		if m.name == "" {
			m.name = fmt.Sprintf("row %d", lines[i])
		}
		m.device, m.err = advisory.ParseDevice(nil, strings.TrimSpace(row.Model), row.OS, row.Safari)
		out[i] = m
	}
	return out, nil
}

// readFleetJSON reads a JSON array of rows; lines are element numbers.
func readFleetJSON(data []byte) ([]fleetRow, []int, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var rows []fleetRow
	if err := dec.Decode(&rows); err != nil {
		return nil, nil, fmt.Errorf("not a JSON array of {model, os, safari, name}: %v", err)
	}
	lines := make([]int, len(rows))
	for i := range lines {
		lines[i] = i + 1
	}
	return rows, lines, nil
}

// readFleetCSV reads CSV with a header; lines are file line numbers.
func readFleetCSV(data []byte) ([]fleetRow, []int, error) {
	cr := csv.NewReader(bufio.NewReader(bytes.NewReader(data)))
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("no CSV header: %v", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	for _, need := range []string{"model", "os"} {
		if _, ok := col[need]; !ok {
			return nil, nil, fmt.Errorf("CSV header %q has no %q column", strings.Join(header, ","), need)
		}
	}
	field := func(rec []string, name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return rec[i]
		}
		return ""
	}
	var rows []fleetRow
	var lines []int
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		line, _ := cr.FieldPos(0)
		rows = append(rows, fleetRow{Name: field(rec, "name"), Model: field(rec, "model"), OS: field(rec, "os"), Safari: field(rec, "safari")})
		lines = append(lines, line)
	}
	return rows, lines, nil
}
