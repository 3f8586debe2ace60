// Package bigdoc composes large test documents from the reference texts
// (../shared/corpus/reference): paragraphs of one script drawn in a seeded
// random order and grouped into articles with a title line, until the
// document reaches the size asked for. With damage, some paragraphs are
// hard-wrapped as OCR output is and some sentences turned into mojibake
// (their UTF-8 read as GBK), so the repair stages have work to do. The
// same arguments always give the same bytes.
package bigdoc

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Kind names a kind of document.
type Kind struct {
	Script  string // "Hans" or "Hant"
	Damage  bool   // OCR wraps and mojibake
	OneLine bool   // no line breaks at all (a page without paragraph breaks)
}

func (k Kind) String() string {
	s := k.Script
	if k.Damage {
		s += "+damage"
	}
	if k.OneLine {
		s += " one line"
	}
	return s
}

// Paragraphs reads the reference texts of script: each file's paragraphs
// (its title line left out).
func Paragraphs(dir, script string) ([]string, error) {
	index, err := os.ReadFile(filepath.Join(dir, "index.tsv"))
	if err != nil {
		return nil, fmt.Errorf("bigdoc: %w", err)
	}
	var out []string
	for _, line := range strings.Split(string(index), "\n") {
		f := strings.Split(line, "\t")
		if len(f) < 2 || f[1] != script {
			continue
		}
		name := f[0]
		if !strings.HasSuffix(name, ".txt") {
			name += ".txt"
		}
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			continue // a header line, or a name the index gives another way
		}
		paras := strings.Split(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n\n")
		for _, p := range paras[1:] {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("bigdoc: no %s paragraphs in %s", script, dir)
	}
	return out, nil
}

// Compose returns a document of at most size bytes (and more than size
// less two paragraphs) from paras, so a document of the size limit itself
// is accepted.
func Compose(paras []string, size int, k Kind, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, uint64(size)))
	var b bytes.Buffer
	b.Grow(size + 8<<10)
	gbk := simplifiedchinese.GBK.NewDecoder()
	article := 0
	sep := "\n\n"
	if k.OneLine {
		sep = ""
	}
	for b.Len() < size {
		// an article: a title line (a paragraph's first clause) and 3–12
		// paragraphs
		article++
		title := paras[r.IntN(len(paras))]
		if i := strings.IndexAny(title, "，。；"); i > 0 {
			title = title[:i]
		}
		head := fmt.Sprintf("%s（%d）%s", title, article, sep)
		if b.Len()+len(head) > size {
			break
		}
		b.WriteString(head)
		for n := 3 + r.IntN(10); n > 0; n-- {
			p := paras[r.IntN(len(paras))]
			switch {
			case k.Damage && r.IntN(8) == 0: // OCR: hard-wrapped every 20–40 characters
				p = wrap(p, 20+r.IntN(20))
			case k.Damage && r.IntN(8) == 0: // one sentence as mojibake
				sents := strings.SplitAfter(p, "。")
				i := r.IntN(len(sents))
				if m, err := gbk.String(sents[i]); err == nil && utf8.ValidString(m) {
					sents[i] = m
				}
				p = strings.Join(sents, "")
			}
			if k.OneLine {
				p = strings.ReplaceAll(p, "\n", "")
			}
			if b.Len()+len(p)+len(sep) > size {
				return b.Bytes()
			}
			b.WriteString(p)
			b.WriteString(sep)
		}
	}
	return b.Bytes()
}

func wrap(p string, width int) string {
	var sb strings.Builder
	n := 0
	for _, c := range p {
		sb.WriteRune(c)
		if n++; n == width {
			sb.WriteByte('\n')
			n = 0
		}
	}
	return sb.String()
}
