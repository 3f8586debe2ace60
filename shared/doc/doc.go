// Package doc defines the document record: what the processor writes, what
// the query API returns and what `zhdoc inspect` prints. Field names are fixed
// here so that all three agree.
//
// It is also the domain's root: the query types (filter, page, facet count,
// posting), cursor signing, the errors, and the interfaces of the stores its
// users read from (Records, Postings, Objects). It imports no AWS SDK; the
// adapters are store (DynamoDB) and textstore (S3).
package doc

import (
	"crypto/sha256"
	"encoding/hex"
)

// Status values of a record.
const (
	StatusProcessed = "processed"
	StatusFailed    = "failed"
)

// Error codes of failed records. They are permanent: retrying cannot help.
const (
	CodeNotText  = "not_text"
	CodeTooLarge = "too_large"
	CodeEmpty    = "empty"
	// CodeUnsupported: text in an encoding zhdoc does not decode (EUC-TW, UTF-32).
	CodeUnsupported = "unsupported_encoding"
	// CodeRecordRefused: the store refused the full record (e.g. over the
	// item size limit); this smaller record says so.
	CodeRecordRefused = "record_refused"
	// CodeUnsupportedFormat: a document format zhdoc detects but does not
	// read yet (PDF).
	CodeUnsupportedFormat = "unsupported_format"
	// CodeNoTextLayer: a PDF of images only (scanned pages); OCR is not done.
	CodeNoTextLayer = "no_text_layer"
	// CodeMalformed: a broken file of a format zhdoc reads (a DOCX whose zip
	// or XML is broken or nests without bound).
	CodeMalformed = "malformed"
	// CodeInternal: a bug; the record says so rather than losing the object.
	CodeInternal = "internal"
)

// Document is the metadata record of one uploaded object.
type Document struct {
	ID            string   `json:"id" dynamodbav:"id"`
	Bucket        string   `json:"bucket" dynamodbav:"bucket"`
	Key           string   `json:"key" dynamodbav:"key"`
	Size          int64    `json:"size" dynamodbav:"size"`
	ETag          string   `json:"etag" dynamodbav:"etag"`
	Status        string   `json:"status" dynamodbav:"status"`
	Error         *Error   `json:"error,omitempty" dynamodbav:"error,omitempty"`
	Encoding      Encoding `json:"encoding" dynamodbav:"encoding"`
	Script        string   `json:"script" dynamodbav:"script"`
	Variant       string   `json:"variant" dynamodbav:"variant"`
	Title         string   `json:"title" dynamodbav:"title"`
	TitleOriginal string   `json:"titleOriginal" dynamodbav:"titleOriginal"`
	Published     string   `json:"published" dynamodbav:"published"`
	Dates         []string `json:"dates" dynamodbav:"dates"`
	Dateline      string   `json:"dateline" dynamodbav:"dateline"`
	Agencies      []string `json:"agencies" dynamodbav:"agencies"`
	// What the page says about itself in its metadata lines (来源, 作者,
	// 责任编辑), read before those lines are removed as boilerplate.
	Source string `json:"source" dynamodbav:"source"`
	Author string `json:"author" dynamodbav:"author"`
	Editor string `json:"editor" dynamodbav:"editor"`

	People        []string `json:"people" dynamodbav:"people"`
	Places        []string `json:"places" dynamodbav:"places"`
	Organizations []string `json:"organizations" dynamodbav:"organizations"`
	Keywords      []string `json:"keywords" dynamodbav:"keywords"`
	Summary       string   `json:"summary" dynamodbav:"summary"`
	Stats         Stats    `json:"stats" dynamodbav:"stats"`
	Repairs       Repairs  `json:"repairs" dynamodbav:"repairs"`
	Fingerprint   []uint32 `json:"fingerprint" dynamodbav:"fingerprint"`
	TextKey       string   `json:"textKey" dynamodbav:"textKey"`
	ProcessedAt   string   `json:"processedAt" dynamodbav:"processedAt"`

	// What the change that produced the record said of the object (set by
	// ingest, not the pipeline; see sequencer.go). Stores order the writes
	// of one document by Sequencer.
	Sequencer string `json:"sequencer,omitempty" dynamodbav:"sequencer,omitempty"`
	VersionID string `json:"versionId,omitempty" dynamodbav:"versionId,omitempty"`

	// Entities: each person, place and organization named in the text with
	// where it occurs (the facet lists above keep the names only).
	Entities []Entity `json:"entities" dynamodbav:"entities"`

	// Format of the original object ("text", "html", "docx", "pdf"; "" when
	// not a document) and what the document said about itself (HTML head,
	// DOCX core properties), omitted for plain text.
	Format     string      `json:"format" dynamodbav:"format"`
	FormatMeta *FormatMeta `json:"formatMeta,omitempty" dynamodbav:"formatMeta,omitempty"`
}

// FormatMeta is the metadata a page or a Word file gives itself, as given
// (the record's title and published are these when present).
type FormatMeta struct {
	Title     string   `json:"title,omitempty" dynamodbav:"title,omitempty"`
	Published string   `json:"published,omitempty" dynamodbav:"published,omitempty"`
	Created   string   `json:"created,omitempty" dynamodbav:"created,omitempty"`
	Author    string   `json:"author,omitempty" dynamodbav:"author,omitempty"`
	Source    string   `json:"source,omitempty" dynamodbav:"source,omitempty"`
	Publisher string   `json:"publisher,omitempty" dynamodbav:"publisher,omitempty"`
	SiteName  string   `json:"siteName,omitempty" dynamodbav:"siteName,omitempty"`
	Charset   string   `json:"charset,omitempty" dynamodbav:"charset,omitempty"`
	Headers   []string `json:"headers,omitempty" dynamodbav:"headers,omitempty"`
	Footers   []string `json:"footers,omitempty" dynamodbav:"footers,omitempty"`
	Notes     int      `json:"notes,omitempty" dynamodbav:"notes,omitempty"`
}

// Entity is one named entity of a document: its type (PER, LOC, ORG), its
// canonical Simplified name (as in People/Places/Organizations), how often
// it is mentioned and its first mentions (at most MaxMentions; Count says
// how many there are in all).
type Entity struct {
	Type     string          `json:"type" dynamodbav:"type"`
	Name     string          `json:"name" dynamodbav:"name"`
	Count    int             `json:"count" dynamodbav:"count"`
	Mentions []EntityMention `json:"mentions" dynamodbav:"mentions"`
}

// EntityMention is one occurrence of an entity: the surface form as written
// (上合组织 for 上海合作组织), its rune offsets [Start, End) into the
// canonical Simplified text (the pipeline's Simplified form, stored as
// TextKey(prefix, id, FormSimplified); lines end in "\n"), and the
// extractor's confidence in [0, 1] (a guide for ranking, not a calibrated
// probability).
type EntityMention struct {
	Text  string  `json:"text" dynamodbav:"text"`
	Start int     `json:"start" dynamodbav:"start"`
	End   int     `json:"end" dynamodbav:"end"`
	Score float64 `json:"score" dynamodbav:"score"`
}

// Caps on Entities: a DynamoDB item holds at most 400 KB, and a long text
// could otherwise name thousands; the most mentioned entities come first.
const (
	MaxEntities = 100
	MaxMentions = 10
)

// Error explains a failed record.
type Error struct {
	Code    string `json:"code" dynamodbav:"code"`
	Message string `json:"message" dynamodbav:"message"`
}

// Encoding is what detection found in the raw bytes.
type Encoding struct {
	Name       string  `json:"name" dynamodbav:"name"`
	Confidence float64 `json:"confidence" dynamodbav:"confidence"`
	BOM        bool    `json:"bom" dynamodbav:"bom"`
}

// Stats counts what the text contains after normalization.
type Stats struct {
	Chars      int `json:"chars" dynamodbav:"chars"`
	HanChars   int `json:"hanChars" dynamodbav:"hanChars"`
	Paragraphs int `json:"paragraphs" dynamodbav:"paragraphs"`
	Sentences  int `json:"sentences" dynamodbav:"sentences"`
	Articles   int `json:"articles" dynamodbav:"articles"`
	Tokens     int `json:"tokens" dynamodbav:"tokens"`
}

// Repairs counts each repair the normalizer applied, by name, and keeps the
// lines it removed as boilerplate so that nothing is silently lost.
type Repairs struct {
	Counts           map[string]int `json:"counts" dynamodbav:"counts"`
	BoilerplateLines []string       `json:"boilerplateLines" dynamodbav:"boilerplateLines"`
	// Unrepaired lists, with a little context, the improbable spans the
	// normalizer kept as they were and the repairs that rebuilt lost bytes
	// by the word model's guess (counts.mojibakeGuessedBytes): what a reader
	// should check against the original.
	Unrepaired []string `json:"unrepaired" dynamodbav:"unrepaired"`
}

// ID derives a document's id from its location: stable across re-uploads of
// the same key, so re-processing replaces the record instead of adding one.
func ID(bucket, key string) string {
	sum := sha256.Sum256([]byte(bucket + "/" + key))
	return hex.EncodeToString(sum[:10])
}

// Fail turns d into a failed record with the given permanent error.
func (d *Document) Fail(code, message string) {
	d.Status = StatusFailed
	d.Error = &Error{Code: code, Message: message}
}
