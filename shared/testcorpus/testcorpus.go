// Package testcorpus locates test material outside the module: the
// ../shared folder that sits beside a checkout in CI (peer test suites,
// reference texts) and the repository's own testdata folder.
//
// A user's clone has no ../shared, so Shared skips the calling test with a
// clear message instead of failing.
package testcorpus

import (
	"os"
	"path/filepath"
	"testing"
)

// Root returns the repository root (the folder holding go.mod).
func Root(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatalf("getwd: %v", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("go.mod not found above the working directory")
		}
		dir = parent
	}
}

// Testdata returns the path of name inside the repository's testdata folder.
func Testdata(tb testing.TB, name ...string) string {
	tb.Helper()
	return filepath.Join(append([]string{Root(tb), "testdata"}, name...)...)
}

// Shared returns the path of name inside ../shared (ZHDOC_SHARED overrides the
// location). When that folder is absent the test is skipped with a message.
func Shared(tb testing.TB, name ...string) string {
	tb.Helper()
	p, err := LookShared(tb, name...)
	if err != nil {
		tb.Skipf("shared test material %s is absent (it exists beside the checkout in CI): %v", p, err)
	}
	return p
}

// LookShared is Shared for a test that goes on without the material: it
// returns the path and why it cannot be used, instead of skipping.
func LookShared(tb testing.TB, name ...string) (string, error) {
	tb.Helper()
	base := os.Getenv("ZHDOC_SHARED")
	if base == "" {
		base = filepath.Join(filepath.Dir(Root(tb)), "shared")
	}
	p := filepath.Join(append([]string{base}, name...)...)
	_, err := os.Stat(p)
	return p, err
}
