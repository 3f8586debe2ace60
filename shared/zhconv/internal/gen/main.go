// Command gen builds zhconv's embedded dictionaries from the npm package
// opencc@1.4.2: it fetches the tarball with `npm pack` (or takes -tarball),
// checks its sha256, derives the tables OpenCC builds at compile time
// (XRev, TSCharactersExt, STPhrases_GeneratedFromRegionalPhrases) and writes
// data/*.bin, data/config/*.json, the OpenCC LICENSE and embed_gen.go.
//
// Run it through `go generate` in shared/zhconv.
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"go/format"
	"io"
	"log"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/zhdoc/zhdoc/shared/zhconv/internal/engine"
)

const (
	pkgSpec   = "opencc@1.4.2"
	tarName   = "opencc-1.4.2.tgz"
	tarSHA256 = "5b5e89fb0aeb98963892203f3665611816b4c2e22b1131ee74ccba2976de4515"
)

func main() {
	tarball := flag.String("tarball", "", "use this opencc-1.4.2.tgz instead of running npm pack")
	out := flag.String("out", ".", "package directory to write data/ and embed_gen.go into")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("zhconv/gen: ")

	raw, err := fetch(*tarball)
	if err != nil {
		log.Fatal(err)
	}
	sum := sha256.Sum256(raw)
	if got := hex.EncodeToString(sum[:]); got != tarSHA256 {
		log.Fatalf("%s: sha256 %s, want %s", tarName, got, tarSHA256)
	}
	files, err := untar(raw)
	if err != nil {
		log.Fatal(err)
	}
	if err := generate(files, *out); err != nil {
		log.Fatal(err)
	}
}

func fetch(tarball string) ([]byte, error) {
	if tarball != "" {
		return os.ReadFile(tarball)
	}
	dir, err := os.MkdirTemp("", "zhconv-gen-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	cmd := exec.Command("npm", "pack", "--silent", pkgSpec)
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("npm pack %s: %w", pkgSpec, err)
	}
	return os.ReadFile(filepath.Join(dir, tarName))
}

func untar(raw []byte) (map[string][]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(zr)
	files := map[string][]byte{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return files, nil
		}
		if err != nil {
			return nil, err
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		name := strings.TrimPrefix(h.Name, "package/")
		if path.Dir(name) == "data/dictionary" && strings.HasSuffix(name, ".txt") ||
			path.Dir(name) == "data/config" && strings.HasSuffix(name, ".json") ||
			name == "LICENSE" || name == "NOTICE" {
			b, err := io.ReadAll(tr)
			if err != nil {
				return nil, err
			}
			files[name] = b
		}
	}
}

// line is one dictionary line, key and all values.
type line struct {
	key    string
	values []string
}

// parseText reads a dictionary the way OpenCC's Lexicon does: BOM skipped,
// "\r" stripped, empty lines and lines starting with '#' ignored, key before
// the tab, values separated by single spaces.
func parseText(name string, b []byte) ([]line, error) {
	b = bytes.TrimPrefix(b, []byte("\uFEFF"))
	var out []line
	for i, l := range strings.Split(string(b), "\n") {
		l = strings.TrimSuffix(l, "\r")
		if l == "" || l[0] == '#' {
			continue
		}
		k, v, ok := strings.Cut(l, "\t")
		if !ok || k == "" {
			return nil, fmt.Errorf("%s:%d: no tab", name, i+1)
		}
		if !utf8.ValidString(l) {
			return nil, fmt.Errorf("%s:%d: invalid UTF-8", name, i+1)
		}
		out = append(out, line{k, strings.Split(v, " ")})
	}
	return out, nil
}

func firstValues(ls []line) []engine.Entry {
	es := make([]engine.Entry, len(ls))
	for i, l := range ls {
		es[i] = engine.Entry{Key: l.key, Value: l.values[0]}
	}
	return es
}

// reverse mirrors data/scripts/common.py Dict.swap: every value maps back
// to its keys in order of appearance; "# @reverse-prefer: K [V]" moves V
// (or K) to the front of K's list.
func reverse(name string, raw []byte) ([]engine.Entry, error) {
	ls, err := parseText(name, raw)
	if err != nil {
		return nil, err
	}
	rev := map[string][]string{}
	var order []string
	for _, l := range ls {
		for _, v := range l.values {
			if _, ok := rev[v]; !ok {
				order = append(order, v)
			}
			rev[v] = append(rev[v], l.key)
		}
	}
	const prefix = "# @reverse-prefer:"
	for i, t := range strings.Split(string(raw), "\n") {
		t = strings.TrimRight(t, "\r\n")
		if !strings.HasPrefix(t, prefix) {
			continue
		}
		f := strings.Fields(t[len(prefix):])
		if len(f) != 1 && len(f) != 2 {
			return nil, fmt.Errorf("%s:%d: bad reverse preference", name, i+1)
		}
		k, want := f[0], f[len(f)-1]
		vs := rev[k]
		at := -1
		for j, v := range vs {
			if v == want {
				at = j
				break
			}
		}
		if at < 0 {
			return nil, fmt.Errorf("%s:%d: reverse preference %s -> %s has no mapping", name, i+1, k, want)
		}
		vs = append([]string{want}, append(vs[:at:at], vs[at+1:]...)...)
		rev[k] = vs
	}
	es := make([]engine.Entry, 0, len(order))
	for _, k := range order {
		es = append(es, engine.Entry{Key: k, Value: rev[k][0]})
	}
	return es, nil
}

// tofuRisk mirrors data/scripts/extract_tofu_risk.py: the mapping after each
// "# @tofu-risk:" line, minus a leading identity value.
func tofuRisk(name string, raw []byte) ([]engine.Entry, error) {
	lines := strings.SplitAfter(string(raw), "\n")
	var es []engine.Entry
	for i, l := range lines {
		if !strings.HasPrefix(l, "# @tofu-risk:") {
			continue
		}
		if i+1 >= len(lines) {
			return nil, fmt.Errorf("%s:%d: missing mapping", name, i+1)
		}
		m := lines[i+1]
		if strings.TrimSpace(m) == "" || strings.HasPrefix(m, "#") {
			return nil, fmt.Errorf("%s:%d: expected mapping", name, i+1)
		}
		k, v, ok := strings.Cut(strings.TrimSuffix(m, "\n"), "\t")
		if !ok {
			return nil, fmt.Errorf("%s:%d: no tab", name, i+2)
		}
		vs := strings.Fields(v)
		if len(vs) > 0 && vs[0] == k {
			vs = vs[1:]
		}
		if len(vs) == 0 {
			return nil, fmt.Errorf("%s:%d: no extension mapping", name, i+1)
		}
		es = append(es, engine.Entry{Key: k, Value: vs[0]})
	}
	return es, nil
}

func generate(files map[string][]byte, out string) error {
	leaves := map[string][]engine.Entry{}
	dict := func(n string) []byte { return files["data/dictionary/"+n+".txt"] }
	for name, b := range files {
		if !strings.HasPrefix(name, "data/dictionary/") {
			continue
		}
		n := strings.TrimSuffix(path.Base(name), ".txt")
		ls, err := parseText(n, b)
		if err != nil {
			return err
		}
		leaves[n] = firstValues(ls)
	}
	for _, n := range []string{"TWVariants", "HKVariants", "JPShinjitaiCharacters"} {
		es, err := reverse(n, dict(n))
		if err != nil {
			return err
		}
		leaves[n+"Rev"] = es
	}
	ext, err := tofuRisk("TSCharacters", dict("TSCharacters"))
	if err != nil {
		return err
	}
	leaves["TSCharactersExt"] = ext

	bins := map[string][]byte{}
	for n, es := range leaves {
		b, err := engine.EncodeLeaf(es)
		if err != nil {
			return fmt.Errorf("%s: %w", n, err)
		}
		bins[n] = b
	}
	gen, err := regionalPhrases(files, bins)
	if err != nil {
		return err
	}
	if bins["STPhrases_GeneratedFromRegionalPhrases"], err = engine.EncodeLeaf(gen); err != nil {
		return err
	}

	dataDir := filepath.Join(out, "data")
	cfgDir := filepath.Join(dataDir, "config")
	if err := os.MkdirAll(cfgDir, 0o755); err != nil {
		return err
	}
	old, _ := filepath.Glob(filepath.Join(dataDir, "*.bin"))
	for _, f := range old {
		os.Remove(f)
	}
	names := make([]string, 0, len(bins))
	for n := range bins {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(dataDir, n+".bin"), bins[n], 0o644); err != nil {
			return err
		}
	}
	var configs []string
	for name, b := range files {
		if strings.HasPrefix(name, "data/config/") && !strings.Contains(name, "schema") {
			configs = append(configs, strings.TrimSuffix(path.Base(name), ".json"))
			if err := os.WriteFile(filepath.Join(cfgDir, path.Base(name)), b, 0o644); err != nil {
				return err
			}
		}
	}
	sort.Strings(configs)
	for _, f := range []string{"LICENSE", "NOTICE"} {
		if b, ok := files[f]; ok {
			if err := os.WriteFile(filepath.Join(dataDir, f), b, 0o644); err != nil {
				return err
			}
		}
	}
	src := fmt.Sprintf("OpenCC dictionaries and configs from npm %s\nsha256 %s\nBuilt by internal/gen; do not edit.\n", pkgSpec, tarSHA256)
	if err := os.WriteFile(filepath.Join(dataDir, "SOURCE"), []byte(src), 0o644); err != nil {
		return err
	}
	return writeEmbed(filepath.Join(out, "embed_gen.go"), names, configs)
}

// regionalPhrases mirrors data/scripts/generate_st_phrases_from_regional_phrases.py:
// HKPhrases and TWPhrases keys converted by t2s; projections of at least
// three code points map back to the first original key.
func regionalPhrases(files map[string][]byte, bins map[string][]byte) ([]engine.Entry, error) {
	p, err := engine.ParseConfig(files["data/config/t2s.json"], func(n string) (*engine.Leaf, error) {
		b, ok := bins[n]
		if !ok {
			return nil, fmt.Errorf("no dictionary %s", n)
		}
		return engine.ParseLeaf(n, b)
	})
	if err != nil {
		return nil, err
	}
	var sc engine.Scratch
	first := map[string]string{}
	seen := map[string]map[string]bool{}
	var order []string
	for _, n := range []string{"HKPhrases", "TWPhrases"} {
		ls, err := parseText(n, files["data/dictionary/"+n+".txt"])
		if err != nil {
			return nil, err
		}
		for _, l := range ls {
			conv := string(p.Convert(nil, []byte(l.key), &sc))
			if utf8.RuneCountInString(conv) < 3 {
				continue
			}
			if _, ok := first[conv]; !ok {
				first[conv] = l.key
				seen[conv] = map[string]bool{}
				order = append(order, conv)
			}
			seen[conv][l.key] = true
		}
	}
	var es []engine.Entry
	for _, k := range order {
		if len(seen[k]) > 1 {
			return nil, fmt.Errorf("conflicting regional phrase projections for %s", k)
		}
		es = append(es, engine.Entry{Key: k, Value: first[k]})
	}
	return es, nil
}

func writeEmbed(file string, names, configs []string) error {
	var b strings.Builder
	b.WriteString("// Code generated by internal/gen from npm " + pkgSpec + "; DO NOT EDIT.\n\npackage zhconv\n\nimport _ \"embed\"\n\n")
	for i, n := range names {
		fmt.Fprintf(&b, "//go:embed data/%s.bin\nvar bin%d string\n\n", n, i)
	}
	for i, n := range configs {
		fmt.Fprintf(&b, "//go:embed data/config/%s.json\nvar cfg%d string\n\n", n, i)
	}
	b.WriteString("// dictData maps a dictionary name to its embedded table.\nvar dictData = map[string]string{\n")
	for i, n := range names {
		fmt.Fprintf(&b, "\t%q: bin%d,\n", n, i)
	}
	b.WriteString("}\n\n// configData maps a config name to its OpenCC JSON.\nvar configData = map[string]string{\n")
	for i, n := range configs {
		fmt.Fprintf(&b, "\t%q: cfg%d,\n", n, i)
	}
	b.WriteString("}\n")
	src, err := format.Source([]byte(b.String()))
	if err != nil {
		return err
	}
	return os.WriteFile(file, src, 0o644)
}
