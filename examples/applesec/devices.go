package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/applesec/applesec/internal/cli"
	"github.com/applesec/applesec/version"
)

func init() {
	commands["devices"] = command{summary: `list the device models an "Available for" phrase names`, run: runDevices}
}

// devicesOutput is the JSON form of a resolution.
type devicesOutput struct {
	Phrase     string        `json:"phrase"`
	Models     []deviceModel `json:"models"`
	Platforms  []string      `json:"platforms"`
	Releases   []string      `json:"releases"`
	Condition  string        `json:"condition,omitempty"`
	NonApple   []string      `json:"non_apple"`
	Unresolved []string      `json:"unresolved"`
}

// deviceModel is one model in the output.
type deviceModel struct {
	Name        string   `json:"name"`
	Identifiers []string `json:"identifiers"`
	BoardIDs    []string `json:"board_ids,omitempty"`
	Platform    string   `json:"platform"`
	MaxMajor    int      `json:"max_major"`
}

// runDevices implements "applesec devices PHRASE": the models, platforms
// and releases a phrase resolves to, and the parts it could not map. It
// exits 1 when nothing resolved.
func runDevices(args []string, stdout, stderr io.Writer) int {
	const prog = "applesec devices"
	fs := cli.NewFlagSet(prog, "applesec devices [-json] PHRASE",
		`PHRASE is an "Available for" text, e.g. "iPhone 11 and later, iPad Air 3rd generation and later".`,
		stdout, stderr)
	asJSON := fs.Bool("json", false, "print JSON instead of text")
	if code, ok := fs.Parse(args); !ok {
		return code
	}
	phrase := strings.TrimSpace(strings.Join(fs.Args(), " "))
	if phrase == "" {
		return fs.UsageError("no phrase given")
	}
	errs := cli.NewPrinter(prog, stderr)
	out, resolved := resolvePhrase(phrase)
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			errs.Errorf("writing: %v", err)
			return cli.ExitFailure
		}
	} else {
		writeDevicesText(stdout, out)
	}
	if !resolved {
		errs.Errorf("nothing in %q names a known model or system", phrase)
		return cli.ExitFailure
	}
	return cli.ExitOK
}

// resolvePhrase resolves phrase with the embedded catalog and reports
// whether anything resolved.
func resolvePhrase(phrase string) (devicesOutput, bool) {
	r := version.DefaultCatalog().Resolve(phrase)
	out := devicesOutput{
		Phrase: phrase, Condition: r.Condition,
		Models: []deviceModel{}, Platforms: []string{}, Releases: []string{},
		NonApple: append([]string{}, r.NonApple...), Unresolved: append([]string{}, r.Unresolved...),
	}
	for _, m := range r.Models {
		out.Models = append(out.Models, deviceModel{
			Name: m.Name, Identifiers: append([]string{}, m.Identifiers...), BoardIDs: m.BoardIDs,
			Platform: string(m.Platform), MaxMajor: m.MaxMajor,
		})
	}
	for _, p := range r.Platforms {
		out.Platforms = append(out.Platforms, string(p))
	}
	for _, rel := range r.Releases {
		out.Releases = append(out.Releases, rel.String())
	}
	return out, r.Resolved()
}

// writeDevicesText prints a resolution for a person.
func writeDevicesText(w io.Writer, out devicesOutput) {
	fmt.Fprintf(w, "%d models\n", len(out.Models))
	if len(out.Models) > 0 {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, m := range out.Models {
			ids := strings.Join(m.Identifiers, ", ")
			if ids == "" {
				ids = "-"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s %d\n", m.Name, ids, m.Platform, m.MaxMajor)
		}
		tw.Flush()
	}
	if len(out.Platforms) > 0 {
		fmt.Fprintf(w, "platforms: %s\n", strings.Join(out.Platforms, ", "))
	}
	if len(out.Releases) > 0 {
		fmt.Fprintf(w, "releases: %s\n", strings.Join(out.Releases, ", "))
	}
	if out.Condition != "" {
		fmt.Fprintf(w, "condition: %s\n", out.Condition)
	}
	if len(out.NonApple) > 0 {
		fmt.Fprintf(w, "other systems: %s\n", strings.Join(out.NonApple, "; "))
	}
	if len(out.Unresolved) > 0 {
		fmt.Fprintf(w, "unresolved: %s\n", strings.Join(out.Unresolved, "; "))
	}
}
