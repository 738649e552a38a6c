package feed

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The crash and two-process tests re-run this test binary as a child
// process that opens a FileStore: storeHelperEnv selects what the child does
// and storeHelperPathEnv names the state file.
const (
	storeHelperEnv     = "APPLESEC_FEED_STORE_HELPER"
	storeHelperPathEnv = "APPLESEC_FEED_STORE_HELPER_PATH"
	// crashStateKeys makes each State large (about 600 KB of JSON), so that
	// a kill lands in the middle of a write most of the time.
	crashStateKeys = 20000
)

// crashState is generation gen of the writer child's State: every value
// names gen, so a State mixing two generations, or cut short, is detectable.
func crashState(gen int) State {
	s := State{
		Reported: make(map[string]string, crashStateKeys),
		Entries:  map[string]map[string]string{"gen": {"gen": strconv.Itoa(gen)}},
	}
	v := "generation-" + strconv.Itoa(gen)
	for i := range crashStateKeys {
		s.Reported[fmt.Sprintf("https://support.apple.com/en-us/%06d", i)] = v
	}
	return s
}

// startStoreHelper starts the child in mode, with pipes to its stdin and
// stdout.
func startStoreHelper(t *testing.T, mode, path string) (*exec.Cmd, io.WriteCloser, *bufio.Scanner) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestStoreHelperProcess$")
	cmd.Env = append(os.Environ(), storeHelperEnv+"="+mode, storeHelperPathEnv+"="+path)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	return cmd, stdin, bufio.NewScanner(stdout)
}

// TestStoreHelperProcess is the child process; it does nothing in a normal
// run.
func TestStoreHelperProcess(t *testing.T) {
	mode := os.Getenv(storeHelperEnv)
	if mode == "" {
		t.Skip("child process of the FileStore crash and lock tests")
	}
	ctx := context.Background()
	path := os.Getenv(storeHelperPathEnv)
	switch mode {
	case "writer":
		// Save generation after generation until killed, announcing each.
		s, err := OpenFileStore(ctx, path, FileStoreConfig{Wait: true})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		for gen := 1; ; gen++ {
			if err := s.Save(ctx, crashState(gen)); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(2)
			}
			fmt.Println(gen)
		}
	case "holder":
		// Hold the lock until stdin closes.
		s, err := OpenFileStore(ctx, path, FileStoreConfig{})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		fmt.Println("locked")
		_, _ = io.Copy(io.Discard, os.Stdin)
		if err := s.Close(); err != nil {
			os.Exit(2)
		}
		os.Exit(0)
	}
	t.Fatalf("unknown helper mode %q", mode)
}

func TestFileStoreSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	path := filepath.Join(t.TempDir(), "state.json")
	const rounds = 8
	lastSeen := 0 // the highest generation any child announced so far
	tornWrites := 0
	for round := range rounds {
		cmd, _, out := startStoreHelper(t, "writer", path)
		// Let the child complete a first save, then kill it: in odd rounds
		// as soon as its next temporary file appears (mid-write, the
		// dangerous moment), in even rounds at a random point.
		require.True(t, out.Scan(), "child stopped early: %v", out.Err())
		announced, _ := strconv.Atoi(strings.TrimSpace(out.Text()))
		if round%2 == 1 {
			waitForTemp(path, 10*time.Second)
		} else {
			time.Sleep(time.Duration(rand.IntN(20000)) * time.Microsecond)
		}
		require.NoError(t, cmd.Process.Kill())
		_ = cmd.Wait()
		for out.Scan() {
			if g, err := strconv.Atoi(strings.TrimSpace(out.Text())); err == nil {
				announced = g
			}
		}

		temps, _ := filepath.Glob(path + ".tmp-*")
		if len(temps) > 0 {
			tornWrites++
		}

		// The kernel released the dead child's lock; the state is one
		// complete generation, at least the last one announced.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		s, err := OpenFileStore(ctx, path, FileStoreConfig{Wait: true})
		cancel()
		require.NoError(t, err, "round %d", round)
		got, err := s.Load(context.Background())
		require.NoError(t, err, "round %d", round)
		require.NoError(t, s.Close())

		gen, err := strconv.Atoi(got.Entries["gen"]["gen"])
		require.NoError(t, err, "round %d: generation marker", round)
		assert.GreaterOrEqual(t, gen, announced, "round %d: an announced save was lost", round)
		assert.LessOrEqual(t, gen, announced+1, "round %d", round)
		require.Len(t, got.Reported, crashStateKeys, "round %d: partial state", round)
		want := "generation-" + strconv.Itoa(gen)
		for k, v := range got.Reported {
			if v != want {
				require.Failf(t, "mixed generations", "round %d: %s = %s, want %s", round, k, v, want)
			}
		}
		assert.Equal(t, StateVersion, got.Version)
		lastSeen = max(lastSeen, gen)
		// Reopening cleaned what the killed write left.
		temps, _ = filepath.Glob(path + ".tmp-*")
		assert.Empty(t, temps, "round %d", round)
	}
	t.Logf("%d rounds, %d killed mid-write (temporary file left), last generation %d", rounds, tornWrites, lastSeen)
}

// waitForTemp polls until a temporary file of the state file at path
// exists, or the timeout passes.
func waitForTemp(path string, timeout time.Duration) {
	for end := time.Now().Add(timeout); time.Now().Before(end); {
		if temps, _ := filepath.Glob(path + ".tmp-*"); len(temps) > 0 {
			return
		}
		time.Sleep(50 * time.Microsecond)
	}
}

func TestFileStoreLockAcrossProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	path := filepath.Join(t.TempDir(), "state.json")
	cmd, stdin, out := startStoreHelper(t, "holder", path)
	require.True(t, out.Scan(), "child did not lock: %v", out.Err())
	require.Equal(t, "locked", out.Text())
	ctx := context.Background()

	// While the child holds the store: fail fast, or wait until the deadline.
	_, err := OpenFileStore(ctx, path, FileStoreConfig{})
	require.ErrorIs(t, err, ErrLocked)
	dctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	_, err = OpenFileStore(dctx, path, FileStoreConfig{Wait: true})
	cancel()
	require.ErrorIs(t, err, ErrLocked)
	require.ErrorIs(t, err, context.DeadlineExceeded)

	// A waiter gets the store once the child closes it.
	type result struct {
		s   *FileStore
		err error
	}
	res := make(chan result, 1)
	go func() {
		wctx, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		s, err := OpenFileStore(wctx, path, FileStoreConfig{Wait: true})
		res <- result{s, err}
	}()
	require.NoError(t, stdin.Close())
	r := <-res
	require.NoError(t, r.err)
	require.NoError(t, r.s.Close())
	require.NoError(t, cmd.Wait())
}
