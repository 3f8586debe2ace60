// Command zhdoc runs the zhdoc text pipeline on local files, no AWS needed,
// and talks to a deployment (or the local stack): ingest uploads to its
// bucket, query reads its API.
//
//	zhdoc inspect FILE...        one JSON record per file (JSON Lines)
//	zhdoc inspect --jsonl        {"id","text"} lines on stdin → one record per line
//	zhdoc detect FILE...         encoding, script and variant per file
//	zhdoc convert -c CONFIG [FILE]  OpenCC-compatible script conversion
//	zhdoc normalize [--simplified] FILE
//	zhdoc ingest [--bucket B] [--prefix P] [--wait] DIR|FILE...
//	zhdoc query get|search|list|related|facets ...
package main

import (
	"fmt"
	"io"
	"os"
	"sort"
)

// command is one subcommand; it returns the process exit code.
type command struct {
	summary string
	run     func(args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

var commands = map[string]command{}

// register adds a subcommand; each lives in its own file and registers in init.
func register(name, summary string, run func(args []string, stdin io.Reader, stdout, stderr io.Writer) int) {
	commands[name] = command{summary: summary, run: run}
}

func main() {
	os.Exit(dispatch(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func dispatch(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "zhdoc: unknown command %q\n", args[0])
		usage(stderr)
		return 2
	}
	return c.run(args[1:], stdin, stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: zhdoc COMMAND [ARGS]")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
}
