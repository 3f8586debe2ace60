package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"html"
	"io"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/zhdoc/zhdoc/shared/doc"
)

func init() {
	register("query", "query the API: get, search, list, related, facets, text", runQuery)
}

const queryUsage = `usage: zhdoc query SUBCOMMAND [FLAGS] [ARGS]

  get ID                    one record
  search QUERY              full-text search, either script [--limit N] [--cursor C]
  list                      records newest first [FILTERS] [--limit N] [--cursor C]
  related ID                documents sharing text with ID [--limit N]
  text ID                   the text: --form normalized (default), simplified or original
  facets FIELD              top values of people, places, organizations, agencies,
                            keywords, script, variant or status [FILTERS] [--limit N]

FILTERS: --agency --script --variant --status --from --to --person --place --organization
Every subcommand takes --api URL (else $ZHDOC_API) and --json (print the API's JSON as is).
API errors print their detail on stderr and exit 1; usage errors exit 2.
`

// querySpec is a parsed `zhdoc query` command line: the API path and
// parameters it calls, and how to print the answer.
type querySpec struct {
	sub    string
	path   string
	params url.Values
	api    string
	json   bool
}

var filterNames = []string{"agency", "script", "variant", "status", "from", "to", "person", "place", "organization"}

// parseQuery turns the arguments after "query" into a querySpec.
func parseQuery(args []string) (querySpec, error) {
	if len(args) == 0 {
		return querySpec{}, errors.New("missing subcommand")
	}
	spec := querySpec{sub: args[0], params: url.Values{}}
	fs := flag.NewFlagSet("zhdoc query "+spec.sub, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&spec.api, "api", "", "query API base URL (default $"+envAPI+")")
	fs.BoolVar(&spec.json, "json", false, "print the API's JSON response as is")
	str := map[string]*string{}
	addStr := func(names ...string) {
		for _, n := range names {
			str[n] = fs.String(n, "", n)
		}
	}
	var limit int
	addLimit := func() { fs.IntVar(&limit, "limit", 0, "results per page, 1 to 100 (default: the API's)") }
	var npos int
	switch spec.sub {
	case "get":
		npos = 1
	case "search":
		npos = 1
		addLimit()
		addStr("cursor")
	case "list":
		addLimit()
		addStr("cursor")
		addStr(filterNames...)
	case "related":
		npos = 1
		addLimit()
	case "text":
		npos = 1
		addStr("form")
	case "facets":
		npos = 1
		addLimit()
		addStr(filterNames...)
	default:
		return spec, fmt.Errorf("unknown subcommand %q", spec.sub)
	}
	pos, err := parseInterspersed(fs, args[1:])
	if err != nil {
		return spec, err
	}
	if len(pos) != npos {
		return spec, fmt.Errorf("%s takes %d argument(s), got %d", spec.sub, npos, len(pos))
	}
	limitSet := false
	fs.Visit(func(f *flag.Flag) { limitSet = limitSet || f.Name == "limit" })
	if limitSet {
		if limit < 1 || limit > 100 {
			return spec, fmt.Errorf("--limit must be from 1 to 100, got %d", limit)
		}
		spec.params.Set("limit", strconv.Itoa(limit))
	}
	for name, v := range str {
		if *v != "" {
			spec.params.Set(name, *v)
		}
	}
	for _, name := range []string{"from", "to"} {
		if v := spec.params.Get(name); v != "" {
			if _, err := time.Parse(time.DateOnly, v); err != nil {
				return spec, fmt.Errorf("--%s must be a date YYYY-MM-DD, got %q", name, v)
			}
		}
	}
	switch spec.sub {
	case "get", "related", "text":
		if !idPattern.MatchString(pos[0]) {
			return spec, fmt.Errorf("%q is not a document id (20 hex digits)", pos[0])
		}
		spec.path = "/documents/" + pos[0]
		if spec.sub != "get" {
			spec.path += "/" + spec.sub
		}
	case "search":
		if strings.TrimSpace(pos[0]) == "" {
			return spec, errors.New("empty query")
		}
		spec.path = "/search"
		spec.params.Set("q", pos[0])
	case "list":
		spec.path = "/documents"
	case "facets":
		spec.path = "/facets"
		spec.params.Set("field", pos[0])
	}
	return spec, nil
}

var idPattern = regexp.MustCompile(`^[0-9a-f]{20}$`)

func runQuery(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stderr, queryUsage)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, a := range args[1:] {
		if a == "-h" || a == "--help" {
			fmt.Fprint(stderr, queryUsage)
			return 0
		}
	}
	spec, err := parseQuery(args)
	if err != nil {
		fmt.Fprintf(stderr, "zhdoc query: %v\n%s", err, queryUsage)
		return 2
	}
	base, err := fromEnv(spec.api, "api", envAPI)
	if err != nil {
		fmt.Fprintf(stderr, "zhdoc query: %v\n", err)
		return 2
	}
	client, err := newAPIClient(base)
	if err != nil {
		fmt.Fprintf(stderr, "zhdoc query: %v\n", err)
		return 2
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	body, err := client.get(ctx, spec.path, spec.params)
	if err != nil {
		fmt.Fprintf(stderr, "zhdoc query %s: %v\n", spec.sub, err)
		return 1
	}
	if spec.json || spec.sub == "text" {
		if _, err := stdout.Write(body); err != nil {
			fmt.Fprintf(stderr, "zhdoc query: %v\n", err)
			return 1
		}
		// A text is printed byte for byte, with a final newline only for
		// a terminal's sake.
		if len(body) > 0 && body[len(body)-1] != '\n' && (spec.json || isTerminal(stdout)) {
			fmt.Fprintln(stdout)
		}
		return 0
	}
	if err := printQuery(stdout, spec, body, termColumns(stdout)); err != nil {
		fmt.Fprintf(stderr, "zhdoc query %s: %v\n", spec.sub, err)
		return 1
	}
	return 0
}

// termColumns is the width of the terminal w is, or 0 when it is not one.
func termColumns(w io.Writer) int {
	if f, ok := w.(*os.File); ok && isTerminal(w) {
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil {
			return cols
		}
	}
	return 0
}

// printQuery prints the API's answer as a table.
func printQuery(w io.Writer, spec querySpec, body []byte, cols int) error {
	// On a terminal the widest column shrinks to fit; elsewhere it is capped.
	fit := func(t *table, col, others int) {
		if cols > 0 {
			t.max[col] = max(20, cols-others)
		} else {
			t.max[col] = 60
		}
	}
	switch spec.sub {
	case "get":
		var d doc.Document
		if err := json.Unmarshal(body, &d); err != nil {
			return fmt.Errorf("decode document: %w", err)
		}
		return printDocument(w, d, cols)
	case "list":
		var page struct {
			Documents []doc.Document `json:"documents"`
			Cursor    string         `json:"cursor"`
		}
		if err := json.Unmarshal(body, &page); err != nil {
			return fmt.Errorf("decode page: %w", err)
		}
		t := newTable("ID", "PUBLISHED", "STATUS", "SCRIPT", "AGENCY", "TITLE")
		t.max[4] = 12
		fit(t, 5, 20+2+10+2+9+2+8+2+12+2)
		for _, d := range page.Documents {
			title := d.Title
			if d.Status == doc.StatusFailed && d.Error != nil {
				title = d.Error.Code + ": " + d.Key
			}
			t.add(d.ID, d.Published, d.Status, strings.TrimSpace(d.Script+" "+d.Variant), strings.Join(d.Agencies, ","), title)
		}
		if err := t.write(w); err != nil {
			return err
		}
		return printMore(w, page.Cursor)
	case "search":
		var res struct {
			Total   int `json:"total"`
			Results []struct {
				ID        string  `json:"id"`
				Title     string  `json:"title"`
				Published string  `json:"published"`
				Score     float64 `json:"score"`
				Snippet   string  `json:"snippet"`
			} `json:"results"`
			Cursor string `json:"cursor"`
		}
		if err := json.Unmarshal(body, &res); err != nil {
			return fmt.Errorf("decode results: %w", err)
		}
		t := newTable("ID", "PUBLISHED", "SCORE", "TITLE", "SNIPPET")
		t.right[2] = true
		t.max[3] = 30
		fit(t, 4, 20+2+10+2+6+2+30+2)
		for _, r := range res.Results {
			t.add(r.ID, r.Published, strconv.FormatFloat(r.Score, 'f', 2, 64), r.Title, plainSnippet(r.Snippet))
		}
		if _, err := fmt.Fprintf(w, "%d found\n", res.Total); err != nil {
			return err
		}
		if err := t.write(w); err != nil {
			return err
		}
		return printMore(w, res.Cursor)
	case "related":
		var res struct {
			Related []doc.Related `json:"related"`
		}
		if err := json.Unmarshal(body, &res); err != nil {
			return fmt.Errorf("decode related: %w", err)
		}
		t := newTable("ID", "PUBLISHED", "SCRIPT", "CONTAINED", "CONTAINS", "TITLE")
		t.right[3], t.right[4] = true, true
		fit(t, 5, 20+2+10+2+6+2+9+2+8+2)
		for _, r := range res.Related {
			t.add(r.ID, r.Published, r.Script, percent(r.Containment), percent(r.ReverseContainment), r.Title)
		}
		if len(res.Related) == 0 {
			_, err := fmt.Fprintln(w, "no related documents")
			return err
		}
		return t.write(w)
	case "facets":
		var res struct {
			Field   string           `json:"field"`
			Values  []doc.FacetCount `json:"values"`
			Partial bool             `json:"partial"`
		}
		if err := json.Unmarshal(body, &res); err != nil {
			return fmt.Errorf("decode facets: %w", err)
		}
		t := newTable(strings.ToUpper(res.Field), "COUNT")
		t.right[1] = true
		fit(t, 0, 10)
		for _, v := range res.Values {
			t.add(v.Value, strconv.Itoa(v.Count))
		}
		if err := t.write(w); err != nil {
			return err
		}
		if res.Partial {
			_, err := fmt.Fprintln(w, "(partial: counted over part of the matching documents)")
			return err
		}
		return nil
	}
	return fmt.Errorf("unknown subcommand %q", spec.sub)
}

// printMore tells how to get the next page.
func printMore(w io.Writer, cursor string) error {
	if cursor == "" {
		return nil
	}
	_, err := fmt.Fprintf(w, "more: --cursor %s\n", cursor)
	return err
}

func percent(f float64) string { return strconv.Itoa(int(f*100+0.5)) + "%" }

var markTags = regexp.MustCompile(`</?mark>`)

// plainSnippet turns the API's HTML snippet (escaped, matches in <mark>)
// into plain text.
func plainSnippet(s string) string {
	return html.UnescapeString(markTags.ReplaceAllString(s, ""))
}

// printDocument prints one record as field/value lines.
func printDocument(w io.Writer, d doc.Document, cols int) error {
	t := newTable()
	t.max[1] = 100
	if cols > 0 {
		t.max[1] = max(20, cols-16)
	}
	add := func(k, v string) {
		if v != "" {
			t.add(k, v)
		}
	}
	list := func(s []string) string { return strings.Join(s, "、") }
	add("id", d.ID)
	add("key", d.Key)
	add("status", d.Status)
	if d.Error != nil {
		add("error", d.Error.Code+": "+d.Error.Message)
	}
	add("size", strconv.FormatInt(d.Size, 10))
	add("encoding", d.Encoding.Name)
	add("script", strings.TrimSpace(d.Script+" "+d.Variant))
	add("title", d.Title)
	if d.TitleOriginal != d.Title {
		add("title (original)", d.TitleOriginal)
	}
	add("published", d.Published)
	add("dateline", d.Dateline)
	add("agencies", list(d.Agencies))
	add("people", list(d.People))
	add("places", list(d.Places))
	add("organizations", list(d.Organizations))
	add("keywords", list(d.Keywords))
	add("summary", d.Summary)
	add("processed", d.ProcessedAt)
	return t.write(w)
}
