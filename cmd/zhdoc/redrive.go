package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"time"
)

func init() {
	register("redrive", "replay events parked in the local dead-letter folder", runRedrive)
}

// runRedrive posts each event parked in the local stack's dead-letter folder
// (one S3 notification per .json file, oldest first) back to the stack's
// event endpoint, the way MinIO delivers them, and removes each file once
// the endpoint accepted it: an event is never both redriven and kept, and a
// refused one stays parked. The event goes down the same path as a new one
// (direct invocation or the local queue), so it is retried and parked again
// if it still fails. Exit code 1 when any event could not be redriven.
func runRedrive(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("redrive", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("dir", os.Getenv("ZHDOC_DEAD_LETTERS"), "dead-letter folder (env ZHDOC_DEAD_LETTERS)")
	to := fs.String("to", os.Getenv("ZHDOC_EVENTS_URL"), "event endpoint of the local stack (env ZHDOC_EVENTS_URL)")
	dry := fs.Bool("dry-run", false, "list the parked events, send nothing")
	timeout := fs.Duration("timeout", 30*time.Second, "per-event request timeout")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: zhdoc redrive [--dir DIR] [--to URL] [--dry-run]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if *dir == "" || (*to == "" && !*dry) || fs.NArg() != 0 {
		fmt.Fprintln(stderr, "zhdoc redrive: --dir and --to are required (or ZHDOC_DEAD_LETTERS and ZHDOC_EVENTS_URL, which the local stack's env file sets)")
		fs.Usage()
		return 2
	}
	files, err := filepath.Glob(filepath.Join(*dir, "*.json"))
	if err != nil {
		fmt.Fprintln(stderr, "zhdoc redrive:", err)
		return 1
	}
	sort.Strings(files) // names start with the time parked
	client := &http.Client{Timeout: *timeout}
	sent, failed := 0, 0
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			fmt.Fprintf(stderr, "zhdoc redrive: %s: %v\n", f, err)
			failed++
			continue
		}
		if *dry {
			fmt.Fprintf(stdout, "%s\t%d bytes\n", filepath.Base(f), len(body))
			continue
		}
		if err := post(client, *to, body); err != nil {
			fmt.Fprintf(stderr, "zhdoc redrive: %s: %v (left parked)\n", filepath.Base(f), err)
			failed++
			continue
		}
		if err := os.Remove(f); err != nil {
			// Sent but still there: a second redrive would send it again,
			// which the processor's idempotent writes absorb.
			fmt.Fprintf(stderr, "zhdoc redrive: %s redriven but not removed: %v\n", filepath.Base(f), err)
			failed++
			continue
		}
		sent++
	}
	if *dry {
		fmt.Fprintf(stdout, "%d parked events in %s\n", len(files), *dir)
		return 0
	}
	fmt.Fprintf(stdout, "redriven %d of %d parked events to %s\n", sent, len(files), *to)
	if failed > 0 {
		return 1
	}
	return 0
}

func post(client *http.Client, url string, body []byte) error {
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("post: %w", err)
	}
	defer res.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(res.Body, 512))
	if res.StatusCode/100 != 2 {
		return fmt.Errorf("endpoint answered %s: %s", res.Status, bytes.TrimSpace(msg))
	}
	return nil
}
