// Package pipeline turns the bytes of one uploaded object into a document
// record and its derived texts. It is one straight path that reads top to
// bottom: bytes → decode → repair → normalize → canonical → segment →
// extract → record. It knows nothing about AWS.
package pipeline

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/zhdoc/zhdoc/shared/analyze"
	"github.com/zhdoc/zhdoc/shared/canonical"
	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/encoding"
	"github.com/zhdoc/zhdoc/shared/extract"
	"github.com/zhdoc/zhdoc/shared/format"
	"github.com/zhdoc/zhdoc/shared/format/docx"
	"github.com/zhdoc/zhdoc/shared/format/htmldoc"
	"github.com/zhdoc/zhdoc/shared/format/pdf"
	"github.com/zhdoc/zhdoc/shared/index"
	"github.com/zhdoc/zhdoc/shared/normalize"
	"github.com/zhdoc/zhdoc/shared/script"
	"github.com/zhdoc/zhdoc/shared/segment"
)

// DefaultMaxBytes bounds the size of an object the pipeline accepts; larger
// objects become failed records (too_large) instead of exhausting memory.
const DefaultMaxBytes = 16 << 20

// Source says where the bytes came from.
type Source struct {
	Bucket string
	Key    string
	ETag   string
	Size   int64
	// ContentType is the object's Content-Type when the caller has it (a
	// charset there is one of the HTML reader's declarations); may be "".
	ContentType string
}

// Result is the record plus the texts the processor stores beside it.
type Result struct {
	Doc        doc.Document
	Normalized string // repaired text in its original script
	Simplified string // canonical Simplified form, what search indexes
	Index      index.Entries
	// Stages is how long each stage took (for the processor's log and
	// metrics; not part of the output).
	Stages Stages `json:"-"`
}

// Stages are the durations of the pipeline's stages; a stage not reached
// (the document failed before it) is zero.
type Stages struct {
	Read, Normalize, Convert, Segment, Extract, Index time.Duration
}

// lap returns the time since *t and moves *t to now.
func lap(t *time.Time) time.Duration {
	now := time.Now()
	d := now.Sub(*t)
	*t = now
	return d
}

// Pipeline holds what is loaded once per process (dictionaries).
type Pipeline struct {
	// MaxBytes bounds the object size; larger objects fail with too_large.
	MaxBytes int64
	// WindowBytes bounds the canonical text segmented, extracted and
	// indexed at once (DefaultWindowBytes); a longer text is processed
	// window by window, its memory that of one window.
	WindowBytes int
	// alwaysWindow takes the windowed path for every text (tests: one
	// window must give what the whole-text path gives).
	alwaysWindow bool
	extract      *extract.Extractor
	analyze      *analyze.Analyzer // over the extractor's cut, as search's
	now          func() time.Time
}

// New loads the dictionaries the pipeline needs.
func New() (*Pipeline, error) {
	// The extractor owns the cut: the shared segmenter with its gazetteers.
	ext, err := extract.New()
	if err != nil {
		return nil, err
	}
	return NewWith(ext)
}

// NewWith is New over an extractor of the caller's (bench builds one over
// a baseline segmenter to compare with).
func NewWith(ext *extract.Extractor) (*Pipeline, error) {
	simplify, err := canonical.New()
	if err != nil {
		return nil, err
	}
	an := analyze.With(simplify, ext)
	return &Pipeline{extract: ext, analyze: an, MaxBytes: DefaultMaxBytes, WindowBytes: DefaultWindowBytes, now: time.Now}, nil
}

// Process runs every stage on body. Permanent problems with the input (not
// text, too large) give a record with status "failed"; they are not errors.
func (p *Pipeline) Process(src Source, body []byte) Result {
	d := doc.Document{
		ID:          doc.ID(src.Bucket, src.Key),
		Bucket:      src.Bucket,
		Key:         src.Key,
		Size:        src.Size,
		ETag:        src.ETag,
		Status:      doc.StatusProcessed,
		ProcessedAt: p.now().UTC().Format(time.RFC3339),
	}
	if d.Size == 0 {
		d.Size = int64(len(body))
	}
	if d.Size > p.MaxBytes || int64(len(body)) > p.MaxBytes {
		d.Fail(doc.CodeTooLarge, fmt.Sprintf("object is %d bytes; the limit is %d", max(d.Size, int64(len(body))), p.MaxBytes))
		return failed(d, Stages{})
	}

	// Format, from the bytes; then decode (a page and a Word file through
	// their readers, which give the article's text and their metadata).
	var st Stages
	clock := time.Now()
	text, fm, err := p.read(&d, src, body)
	st.Read = lap(&clock)
	if err != nil {
		return failed(d, st)
	}

	// Repair and normalize (original script).
	norm := normalizeDoc(text, fm)
	st.Normalize = lap(&clock)
	normalized := norm.Text
	d.Repairs = doc.Repairs{Counts: norm.Counts, BoilerplateLines: norm.Boilerplate, Unrepaired: norm.Unrepaired}
	capRepairs(&d.Repairs)
	// What is kept of the normalizer's result besides its text are copies:
	// its lines and titles may be slices of an intermediate form of the
	// whole document, which would otherwise stay alive to the end.
	d.Repairs.BoilerplateLines = cloned(d.Repairs.BoilerplateLines)
	d.Repairs.Unrepaired = cloned(d.Repairs.Unrepaired)
	meta := normalize.Meta{Published: strings.Clone(norm.Meta.Published), Source: strings.Clone(norm.Meta.Source),
		Author: strings.Clone(norm.Meta.Author), Editor: strings.Clone(norm.Meta.Editor)}
	normArticles := slices.Clone(norm.Articles)
	norm = normalize.Result{}
	if strings.TrimSpace(normalized) == "" {
		d.Fail(doc.CodeEmpty, "the object holds no text")
		return failed(d, st)
	}

	// Script, then the canonical Simplified form through the chain that fits
	// the variant (Hong Kong and Taiwan forms differ from generic Traditional),
	// by the analyzer search reads queries with.
	sc := script.Classify(normalized)
	d.Script, d.Variant = sc.Script, sc.Variant
	simplified, err := p.analyze.Simplified(normalized, sc.Variant)
	if err != nil {
		// Decoding produced valid UTF-8, so this is a bug, not bad input.
		d.Fail(doc.CodeInternal, err.Error())
		return failed(d, st)
	}
	// the normalizer's articles, their titles in the canonical form too
	articles := normArticles
	for i, a := range articles {
		articles[i].Title, _ = p.analyze.Simplified(a.Title, sc.Variant)
	}

	// A page's or Word file's own title is the lead article's headline, so
	// that extraction reads its line as the title (not as the first
	// sentence of the summary) even where its own rules would not.
	if fm != nil && fm.Title != "" {
		if t, err := p.analyze.Simplified(fm.Title, sc.Variant); err == nil {
			if len(articles) == 0 {
				articles = []extract.Article{{StartLine: 0, EndLine: strings.Count(simplified, "\n") + 1}}
			}
			if articles[0].Title == "" {
				articles[0].Title = t
			}
		}
	}

	// Segment, once, line by line: extraction and the index share the
	// tokens. A text longer than a window is segmented, extracted and
	// indexed window by window (window.go), so that only one window's
	// tokens are alive at a time.
	st.Convert = lap(&clock)
	var (
		m          extract.Metadata
		lineTokens [][]segment.Token
		acc        *index.Accumulator
		ok         bool
	)
	if p.WindowBytes > 0 && len(simplified) > p.WindowBytes || p.alwaysWindow {
		m, acc, ok = p.windowed(simplified, normalized, articles, &st, &clock)
	}
	if !ok {
		lineTokens = p.analyze.Lines(simplified)
		st.Segment = lap(&clock)
		m = p.extract.Extract(extract.Input{Text: simplified, Original: normalized, Articles: articles, Lines: lineTokens})
		st.Extract = lap(&clock)
	}
	d.Title, d.TitleOriginal, d.Published, d.Dates = m.Title, m.TitleOriginal, m.Published, m.Dates
	d.Dateline, d.Agencies = m.Dateline, m.Agencies
	// what the page's metadata lines say outranks what extraction guesses
	if meta.Published != "" {
		d.Published = meta.Published
	}
	d.Source, d.Author, d.Editor = meta.Source, meta.Author, meta.Editor
	d.People, d.Places, d.Organizations = m.People, m.Places, m.Organizations
	d.Entities = m.Entities
	d.Keywords, d.Summary, d.Stats, d.Fingerprint = m.Keywords, m.Summary, m.Stats, m.Fingerprint
	// What a page or a Word file states about itself wins over what is
	// inferred from its text: the title (a page's <title> without the site,
	// its h1, og:title, JSON-LD headline) and the publication date (meta,
	// JSON-LD, <time>, the byline). The text still begins with the title
	// line, so extraction reads it the same way as a plain-text upload.
	if fm != nil {
		if fm.Title != "" {
			d.TitleOriginal = fm.Title
			d.Title, _ = p.analyze.Simplified(fm.Title, sc.Variant)
		}
		if fm.Published != "" {
			d.Published = fm.Published
		}
		d.FormatMeta = &doc.FormatMeta{
			Title: fm.Title, Published: fm.Published, Created: fm.Created, Author: fm.Author,
			Source: fm.Source, Publisher: fm.Publisher, SiteName: fm.SiteName, Charset: fm.Charset,
			Headers: fm.Headers, Footers: fm.Footers, Notes: fm.Notes,
		}
	}

	// Index entries, from the same tokens.
	var entries index.Entries
	if acc != nil {
		entries = acc.Finish(d, p.analyze.Tokens(d.Title))
	} else {
		entries = index.Build(d, lineTokens, simplified, p.analyze.Tokens(d.Title))
	}
	st.Index += lap(&clock)
	return Result{Doc: d, Normalized: normalized, Simplified: simplified, Index: entries, Stages: st}
}

// read detects the format and returns the text to process, with the
// document's own metadata for HTML and DOCX (nil for text). A failure is
// recorded in d and returned.
func (p *Pipeline) read(d *doc.Document, src Source, body []byte) (string, *format.Meta, error) {
	d.Format = format.Detect(body)
	var (
		fd  format.Document
		err error
	)
	switch d.Format {
	case format.PDF:
		fd, err = pdf.Extract(body, pdf.LimitsFromEnv())
		if errors.Is(err, pdf.ErrNoText) {
			err = fmt.Errorf("pipeline: the PDF has no text layer (scanned pages; OCR is not done): %w", err)
			d.Fail(doc.CodeNoTextLayer, err.Error())
			return "", nil, err
		}
		if errors.Is(err, pdf.ErrUnsupported) {
			err = fmt.Errorf("pipeline: %w", err)
			d.Fail(doc.CodeUnsupportedFormat, err.Error())
			return "", nil, err
		}
		d.Encoding = doc.Encoding{Name: encoding.UTF8, Confidence: 1}
	case format.HTML:
		fd, err = htmldoc.Extract(body, src.ContentType)
		d.Encoding = doc.Encoding{Name: fd.Meta.Encoding, Confidence: fd.Meta.EncodingConfidence, BOM: fd.Meta.BOM}
	case format.DOCX:
		fd, err = docx.Extract(body, p.MaxBytes)
		d.Encoding = doc.Encoding{Name: encoding.UTF8, Confidence: 1}
	default: // text, or bytes no reader knows (the decoder says not_text)
		text, enc, err := encoding.DecodeAuto(body)
		if err != nil {
			code := doc.CodeNotText
			if errors.Is(err, encoding.ErrUnsupported) {
				code = doc.CodeUnsupported
			} else {
				d.Format = format.Unknown // binary: not a document at all
			}
			d.Fail(code, err.Error())
			return "", nil, err
		}
		d.Encoding = doc.Encoding{Name: enc.Name, Confidence: enc.Confidence, BOM: enc.BOM}
		return text, nil, nil
	}
	if err != nil {
		code := doc.CodeMalformed
		switch {
		case errors.Is(err, format.ErrTooLarge):
			code = doc.CodeTooLarge
		case errors.Is(err, encoding.ErrUnsupported):
			code = doc.CodeUnsupported
		case errors.Is(err, encoding.ErrNotText):
			code = doc.CodeNotText
		}
		d.Encoding = doc.Encoding{}
		d.Fail(code, err.Error())
		return "", nil, err
	}
	return fd.Text, &fd.Meta, nil
}

// normalizeDoc normalizes text; for a page or a Word file whose title is
// known, the title line apart from the body: the normalizer joins a line
// without final punctuation to the next one (a repair for hard-wrapped
// and OCR text), and a title is such a line, but a reader's paragraphs are
// paragraphs.
func normalizeDoc(text string, fm *format.Meta) normalize.Result {
	title, body, ok := strings.Cut(text, "\n\n")
	if fm == nil || fm.Title == "" || !ok || strings.TrimSpace(title) != fm.Title {
		return normalize.Normalize(text)
	}
	t, b := normalize.Normalize(title), normalize.Normalize(body)
	if t.Text == "" || b.Text == "" || strings.Contains(t.Text, "\n") {
		return normalize.Normalize(text)
	}
	out := normalize.Result{Text: t.Text + "\n" + b.Text, Counts: t.Counts,
		Boilerplate: append(t.Boilerplate, b.Boilerplate...), Unrepaired: append(t.Unrepaired, b.Unrepaired...)}
	for k, v := range b.Counts {
		if out.Counts == nil {
			out.Counts = map[string]int{}
		}
		out.Counts[k] += v
	}
	for i, a := range b.Articles {
		a.StartLine, a.EndLine = a.StartLine+1, a.EndLine+1
		if i == 0 {
			a.StartLine, a.Title = 0, t.Text // the title line opens the lead article
		}
		out.Articles = append(out.Articles, a)
	}
	return out
}

// maxRepairBytes bounds the removed and unrepaired lines kept in the record:
// a DynamoDB item holds at most 400 KB, and the original stays in S3.
const maxRepairBytes = 64 << 10

// capRepairs keeps the first lines up to maxRepairBytes and counts the rest,
// so what is left out is said, not silently lost.
func capRepairs(r *doc.Repairs) {
	budget := maxRepairBytes
	keep := func(lines []string, counter string) []string {
		for i, l := range lines {
			if budget -= len(l); budget < 0 {
				if r.Counts == nil {
					r.Counts = map[string]int{}
				}
				r.Counts[counter] = len(lines) - i
				return lines[:i]
			}
		}
		return lines
	}
	r.BoilerplateLines = keep(r.BoilerplateLines, "boilerplateLinesNotKept")
	r.Unrepaired = keep(r.Unrepaired, "unrepairedSpansNotKept")
}

// cloned returns copies of ss in a new slice (capRepairs keeps a prefix of
// the normalizer's slice, whose array still holds the lines left out).
func cloned(ss []string) []string {
	if ss == nil {
		return nil
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.Clone(s)
	}
	return out
}

// failed is the result for a document that could not be processed: only
// its record, findable by status.
func failed(d doc.Document, st Stages) Result {
	return Result{Doc: d, Index: index.Entries{Facets: index.Facets(d)}, Stages: st}
}
