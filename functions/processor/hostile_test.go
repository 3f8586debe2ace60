package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/zhdoc/zhdoc/functions/processor/boot"
	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/doc/doctest"
	"github.com/zhdoc/zhdoc/shared/ingest"
	"github.com/zhdoc/zhdoc/shared/pipeline"
	"github.com/zhdoc/zhdoc/shared/store/memstore"
)

// s3Put is the direct S3 notification of an upload of key, encoded as S3
// encodes keys.
func s3Put(bucket, key string, size int) []byte {
	ev := map[string]any{"Records": []any{map[string]any{
		"eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "us-east-1",
		"eventTime": "2026-11-22T01:00:00.000Z", "eventName": "ObjectCreated:Put",
		"s3": map[string]any{
			"s3SchemaVersion": "1.0", "bucket": map[string]any{"name": bucket, "arn": "arn:aws:s3:::" + bucket},
			"object": map[string]any{"key": url.QueryEscape(key), "size": size, "sequencer": "0055AED6DCD90281E5"},
		},
	}}}
	b, _ := json.Marshal(ev)
	return b
}

// Hostile objects and keys, each through the processor's Lambda handler
// with the in-memory fakes: every one ends as a record with a clear status
// (and a code when failed), and the handler neither panics nor returns an
// error (an error would have Lambda retry an object that cannot succeed).
func TestHostileInput(t *testing.T) {
	p, err := pipeline.New()
	if err != nil {
		t.Fatal(err)
	}
	// The limit comes from MAX_BYTES, as template.yaml's MaxObjectBytes sets it.
	const maxBytes = 6 << 20
	t.Setenv("MAX_BYTES", fmt.Sprint(maxBytes))
	if err := boot.Configure(p); err != nil {
		t.Fatal(err)
	}
	if p.MaxBytes != maxBytes {
		t.Fatalf("MAX_BYTES not applied: %d", p.MaxBytes)
	}
	const bucket = "b"
	news := "新华社北京7月4日电 国家主席习近平4日在人民大会堂出席上海合作组织峰会并发表讲话。\n"
	longKey := "incoming/" + strings.Repeat("中", 328) + "123.txt"
	if len(longKey) != 1000 {
		t.Fatalf("long key is %d bytes", len(longKey))
	}
	cases := []struct {
		name, key string
		body      []byte
		status    string
		code      string // "" when processed
	}{
		{"empty", "incoming/empty.txt", nil, doc.StatusFailed, doc.CodeEmpty},
		// One letter is text: a one-character document.
		{"1 byte", "incoming/one.txt", []byte("a"), doc.StatusProcessed, ""},
		{"whitespace only", "incoming/blank.txt", []byte(" \n\t\r\n\u3000\u00a0\n"), doc.StatusFailed, doc.CodeEmpty},
		{"PNG header", "incoming/image.txt", append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{0, 0x10, 0xff, 0x08}, 64)...), doc.StatusFailed, doc.CodeNotText},
		{"ZIP header", "incoming/archive.txt", append([]byte("PK\x03\x04\x14\x00\x00\x00\x08\x00"), bytes.Repeat([]byte{0x8b, 0x1f, 0x00, 0xe3}, 64)...), doc.StatusFailed, doc.CodeNotText},
		{"PDF without text", "incoming/scan.pdf", []byte("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /XObject /Subtype /Image /Length 64 >>\nstream\n" + strings.Repeat("\x00\xff\x13\x9c", 16) + "\nendstream\nendobj\n%%EOF\n"), doc.StatusFailed, doc.CodeNoTextLayer},
		{"ELF header", "incoming/program.txt", append([]byte("\x7fELF\x02\x01\x01\x00"), make([]byte, 248)...), doc.StatusFailed, doc.CodeNotText},
		{"NULs in text", "incoming/nuls.txt", []byte(strings.Repeat("新华社\x00\x00北京电\x00", 20)), doc.StatusFailed, doc.CodeNotText},
		{"only NULs", "incoming/zeros.txt", make([]byte, 4096), doc.StatusFailed, doc.CodeNotText},
		// Invalid bytes are never replaced (shared/encoding): with no valid
		// UTF-8 reading the object is not text, whatever its length (an
		// even length once let a UTF-16BE reading of it win as gibberish;
		// BOM-less UTF-16 must now read as text).
		{"invalid UTF-8 in the middle, odd length", "incoming/broken-odd.txt", []byte(strings.Repeat(news, 5) + "\xff\xfe\xc3\x28\xa0" + strings.Repeat(news, 5)), doc.StatusFailed, doc.CodeNotText},
		{"invalid UTF-8 in the middle, even length", "incoming/broken-even.txt", []byte(strings.Repeat(news, 5) + "\xff\xfe\xc3\x28\xa0\xa1" + strings.Repeat(news, 5)), doc.StatusFailed, doc.CodeNotText},
		{"5 MB single line", "incoming/line.txt", []byte(strings.Repeat(strings.TrimSuffix(news, "\n"), 5<<20/len(news)+1)), doc.StatusProcessed, ""},
		{"Latin-only English", "incoming/english.txt", []byte("Leaders meet in Shanghai\n\nBEIJING, July 4 (Xinhua) -- Officials from ten countries met on Thursday.\n\nThe talks covered trade, energy and security, a spokesman said.\n\nA joint statement is expected on Friday.\n"), doc.StatusProcessed, ""},
		{"100,000 nested brackets", "incoming/brackets.txt", []byte(strings.Repeat("（", 100000) + news + strings.Repeat("）", 100000)), doc.StatusProcessed, ""},
		{"100,000 nested ASCII brackets", "incoming/ascii-brackets.txt", []byte(strings.Repeat("[(", 50000) + news + strings.Repeat(")]", 50000)), doc.StatusProcessed, ""},
		{"key with spaces", "incoming/with  two spaces .txt", []byte(news), doc.StatusProcessed, ""},
		{"key with +", "incoming/a+b++c.txt", []byte(news), doc.StatusProcessed, ""},
		{"key with %", "incoming/100% 真%20的.txt", []byte(news), doc.StatusProcessed, ""},
		{"Chinese key", "incoming/新聞/上海合作組織峰會.txt", []byte(news), doc.StatusProcessed, ""},
		{"emoji key", "incoming/😀 峰会 🇨🇳.txt", []byte(news), doc.StatusProcessed, ""},
		{"1,000-byte key", longKey, []byte(news), doc.StatusProcessed, ""},
		{"too large", "incoming/huge.txt", bytes.Repeat([]byte(news), maxBytes/len(news)+1), doc.StatusFailed, doc.CodeTooLarge},
	}
	var table strings.Builder
	fmt.Fprintf(&table, "\n| input | bytes | status | code | encoding | script | chars |\n|---|---|---|---|---|---|---|\n")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			objs := doctest.NewObjects()
			objs.Add(bucket, c.key, c.body)
			recs := memstore.New(nil)
			proc := &ingest.Processor{Objects: objs, Records: recs, Pipeline: p, TextPrefix: "derived/",
				UploadPrefix: "incoming/", Log: slog.New(slog.DiscardHandler)}
			if _, err := lambda.NewHandler(proc.Handle).Invoke(context.Background(), s3Put(bucket, c.key, len(c.body))); err != nil {
				t.Fatalf("handler error (Lambda would retry): %v", err)
			}
			d, err := recs.Get(context.Background(), doc.ID(bucket, c.key))
			if err != nil {
				t.Fatalf("no record: %v", err)
			}
			code := ""
			if d.Error != nil {
				code = d.Error.Code
			}
			fmt.Fprintf(&table, "| %s | %d | %s | %s | %s | %s | %d |\n", c.name, len(c.body), d.Status, code, d.Encoding.Name, d.Script, d.Stats.Chars)
			if d.Key != c.key {
				t.Errorf("record key %q, want %q", d.Key, c.key)
			}
			if d.Status != c.status || code != c.code {
				t.Errorf("status %s/%s, want %s/%s (error %+v)", d.Status, code, c.status, c.code, d.Error)
			}
			if d.Status == doc.StatusFailed && (d.Error == nil || d.Error.Code == "" || d.Error.Message == "") {
				t.Errorf("failed record without a code and message: %+v", d.Error)
			}
			if d.Status == doc.StatusProcessed {
				if _, ok := objs.Body(bucket, d.TextKey); !ok {
					t.Errorf("processed, but no normalized text at %q", d.TextKey)
				}
			}
		})
	}
	t.Log(table.String())
}

// MAX_BYTES must be a positive number: a typo fails start-up instead of
// silently keeping the default.
func TestConfigureRejectsBadMaxBytes(t *testing.T) {
	for _, v := range []string{"0", "-1", "16MB", "1e6"} {
		p := &pipeline.Pipeline{MaxBytes: pipeline.DefaultMaxBytes}
		t.Setenv("MAX_BYTES", v)
		if err := boot.Configure(p); err == nil {
			t.Errorf("MAX_BYTES=%s accepted (limit %d)", v, p.MaxBytes)
		}
	}
}
