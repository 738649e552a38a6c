package store

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec/advisory"
)

// The crash tests re-run this test binary as a child process that writes to
// a database: crashHelperEnv names the database directory.
const crashHelperEnv = "APPLESEC_STORE_CRASH_HELPER_DIR"

// crashKeys is how many documents the writer child cycles through.
const crashKeys = 8

// generatedAdvisory is a page of n entries whose every text names gen, so
// that a document mixing two generations is detectable.
func generatedAdvisory(id, gen, n int) *advisory.Advisory {
	g := strconv.Itoa(gen)
	a := &advisory.Advisory{
		Kind: "advisory", Origin: advisory.OriginPage,
		Title:    "About the security content of iOS 26." + strconv.Itoa(id%10) + " generation " + g,
		URL:      fmt.Sprintf("https://support.apple.com/en-us/%d", 200000+id),
		Released: advisory.NewDate(2020+id%7, time.Month(1+id%12), 1+id%28),
		Releases: []advisory.ProductVersion{{Platform: "iOS", Version: "26." + strconv.Itoa(id%10)}, {Platform: "iPadOS", Version: "26." + strconv.Itoa(id%10)}},
		Entries:  make([]advisory.Entry, n),
	}
	components := []string{"WebKit", "Kernel", "ImageIO", "WebKit Canvas", "Safari", "Messages"}
	for i := range a.Entries {
		a.Entries[i] = advisory.Entry{
			Component:     components[i%len(components)],
			AvailableFor:  "iPhone 11 and later",
			Impact:        "Processing maliciously crafted web content may lead to memory corruption (generation " + g + ")",
			Description:   "A use-after-free issue was addressed with improved memory management.",
			Exploited:     i%50 == 0,
			CVEs:          []advisory.CVE{{ID: fmt.Sprintf("CVE-%d-%05d", 2020+id%7, id*100+i), Credit: "Researcher " + g}},
			MentionedCVEs: []string{},
		}
	}
	return a
}

// TestCrashHelperProcess is the writer child; it does nothing in a normal
// run. It writes generation after generation until killed, announcing each.
func TestCrashHelperProcess(t *testing.T) {
	dir := os.Getenv(crashHelperEnv)
	if dir == "" {
		t.Skip("child process of the crash test")
	}
	ctx := context.Background()
	db, err := Open(ctx, dir, Options{Wait: true})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	for gen := 1; ; gen++ {
		a := generatedAdvisory(gen%crashKeys, gen, 300)
		if _, err := db.PutAdvisory(ctx, a, Fetch{URL: a.URL, ETag: strconv.Itoa(gen)}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		if err := db.PutPollState(ctx, []byte(`{"gen":`+strconv.Itoa(gen)+`}`)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		fmt.Println(gen)
	}
}

func TestSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	dir := filepath.Join(t.TempDir(), "db")
	const rounds = 6
	for round := range rounds {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashHelperProcess$")
		cmd.Env = append(os.Environ(), crashHelperEnv+"="+dir)
		cmd.Stderr = os.Stderr
		stdout, err := cmd.StdoutPipe()
		require.NoError(t, err)
		require.NoError(t, cmd.Start())
		out := bufio.NewScanner(stdout)
		require.True(t, out.Scan(), "child stopped early")

		// While the child writes, readers open and see complete files.
		deadline := time.Now().Add(time.Duration(20+rand.IntN(80)) * time.Millisecond)
		for time.Now().Before(deadline) {
			ro, err := OpenReadOnly(context.Background(), dir)
			require.NoError(t, err, "round %d: reader during writes", round)
			checkGenerations(t, ro)
		}
		require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
		_ = cmd.Wait()
		announced := 0
		for out.Scan() {
			if g, err := strconv.Atoi(strings.TrimSpace(out.Text())); err == nil {
				announced = g
			}
		}

		// The kernel dropped the dead child's lock; every file decodes.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		db, err := Open(ctx, dir, Options{Wait: true})
		cancel()
		require.NoError(t, err, "round %d", round)
		checkGenerations(t, db)
		st, err := db.PollState(context.Background())
		require.NoError(t, err)
		var gen int
		_, err = fmt.Sscanf(string(st), `{"gen":%d}`, &gen)
		require.NoError(t, err, "round %d: poll state %q", round, st)
		assert.GreaterOrEqual(t, gen, announced, "round %d: an announced write was lost", round)
		require.NoError(t, db.Close())
		temps, _ := filepath.Glob(filepath.Join(dir, "*", "*"+tempMarker+"*"))
		assert.Empty(t, temps, "round %d: the writer removes leftovers", round)
	}
}

// checkGenerations checks that each record is one generation throughout.
func checkGenerations(t *testing.T, db *DB) {
	t.Helper()
	for _, r := range db.Records() {
		require.NotNil(t, r.Page)
		gen := r.Page.Fetch.ETag
		assert.True(t, strings.HasSuffix(r.Merged.Title, " generation "+gen), "%s: title %q, etag %s", r.Key, r.Merged.Title, gen)
		for _, e := range r.Merged.Entries {
			require.Equal(t, "Researcher "+gen, e.CVEs[0].Credit)
		}
	}
}
