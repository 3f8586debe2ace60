//go:build integration

package localstack

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/zhdoc/zhdoc/shared/doc"
)

// TestIntegrationHostileInput uploads hostile objects and keys to MinIO and
// lets the whole stack (webhook, Runtime API host, processor bootstrap,
// DynamoDB Local) handle them: every one ends as a record with a clear
// status and, when failed, a code; nothing is parked (the processor never
// crashed or returned an error on them). The limit is the template's
// MaxObjectBytes default (16 MiB). The table is logged.
func TestIntegrationHostileInput(t *testing.T) {
	st, _ := startStackWith(t, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 6*time.Minute)
	defer cancel()
	news := "新华社北京7月4日电 国家主席习近平4日在人民大会堂出席上海合作组织峰会并发表讲话。\n"
	p := st.UploadPrefix
	// MinIO stores a key's segments as file names (255 bytes at most), so
	// the 1,000 bytes come in four segments; S3 would take them flat.
	seg := strings.Repeat("中", 83) + "/"
	longKey := p + seg + seg + seg
	longKey += strings.Repeat("中", (1000-len(longKey)-7)/3)
	longKey += strings.Repeat("a", 1000-len(longKey)-7) + "123.txt"
	if len(longKey) != 1000 {
		t.Fatalf("long key is %d bytes", len(longKey))
	}
	cases := []struct {
		name, key    string
		body         []byte
		status, code string
	}{
		{"empty", p + "empty.txt", nil, doc.StatusFailed, doc.CodeEmpty},
		{"1 byte", p + "one.txt", []byte("a"), doc.StatusProcessed, ""},
		{"whitespace only", p + "blank.txt", []byte(" \n\t\r\n\u3000\u00a0\n"), doc.StatusFailed, doc.CodeEmpty},
		{"PNG", p + "image.png", append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{0, 0x10, 0xff, 0x08}, 64)...), doc.StatusFailed, doc.CodeNotText},
		{"ZIP", p + "archive.zip", zipBytes(t, map[string][]byte{"a.bin": bytes.Repeat([]byte{0x8b, 0x1f, 0, 0xe3}, 64)}), doc.StatusFailed, doc.CodeNotText},
		{"PDF without text", p + "scan.pdf", []byte("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /XObject /Subtype /Image /Length 64 >>\nstream\n" + strings.Repeat("\x00\xff\x13\x9c", 16) + "\nendstream\nendobj\n%%EOF\n"), doc.StatusFailed, doc.CodeNoTextLayer},
		{"ELF", p + "program", append([]byte("\x7fELF\x02\x01\x01\x00"), make([]byte, 248)...), doc.StatusFailed, doc.CodeNotText},
		{"50 MB text", p + "huge.txt", bytes.Repeat([]byte(news), 50<<20/len(news)+1), doc.StatusFailed, doc.CodeTooLarge},
		{"NULs in text", p + "nuls.txt", []byte(strings.Repeat("新华社\x00\x00北京电\x00", 20)), doc.StatusFailed, doc.CodeNotText},
		{"invalid UTF-8 mid-file", p + "broken.txt", []byte(strings.Repeat(news, 5) + "\xff\xfe\xc3\x28\xa0" + strings.Repeat(news, 5)), doc.StatusFailed, doc.CodeNotText},
		// a line longer than the pipeline's window is cut at sentence ends
		// (shared/pipeline/window.go), so it costs what its sentences cost
		{"5 MB single line", p + "line.txt", []byte(strings.Repeat(strings.TrimSuffix(news, "\n"), 5<<20/len(news)+1)), doc.StatusProcessed, ""},
		{"Latin-only English", p + "english.txt", []byte("Leaders meet in Shanghai\n\nBEIJING, July 4 (Xinhua) -- Officials from ten countries met on Thursday.\n\nThe talks covered trade, energy and security, a spokesman said.\n"), doc.StatusProcessed, ""},
		{"100,000 nested brackets", p + "brackets.txt", []byte(strings.Repeat("（", 100000) + news + strings.Repeat("）", 100000)), doc.StatusProcessed, ""},
		{"key with spaces", p + "with  two spaces .txt", []byte(news), doc.StatusProcessed, ""},
		{"key with +", p + "a+b++c.txt", []byte(news), doc.StatusProcessed, ""},
		{"key with %", p + "100% 真%20的.txt", []byte(news), doc.StatusProcessed, ""},
		{"Chinese key", p + "新聞/上海合作組織峰會.txt", []byte(news), doc.StatusProcessed, ""},
		{"emoji key", p + "😀 峰会 🇨🇳.txt", []byte(news), doc.StatusProcessed, ""},
		{"1,000-byte key", longKey, []byte(news), doc.StatusProcessed, ""},
		{"DOCX zip bomb", p + "bomb.docx", docxBomb(t), doc.StatusFailed, doc.CodeTooLarge},
	}
	etags := map[string]string{}
	for _, c := range cases {
		out, err := st.S3.PutObject(ctx, &s3.PutObjectInput{Bucket: &st.Bucket, Key: aws.String(c.key), Body: bytes.NewReader(c.body)})
		if err != nil {
			t.Fatalf("%s: put: %v", c.name, err)
		}
		etags[c.key] = strings.Trim(aws.ToString(out.ETag), `"`)
	}
	recs, err := st.WaitRecords(ctx, etags)
	if err != nil {
		t.Fatalf("records: %v", err)
	}
	if err := st.Idle(ctx); err != nil {
		t.Fatal(err)
	}
	if dl := st.DeadLetters(); len(dl) != 0 {
		t.Errorf("%d events parked: the processor failed on a hostile input", len(dl))
	}
	var table strings.Builder
	table.WriteString("\n| input | bytes | status | code |\n|---|---|---|---|\n")
	for _, c := range cases {
		d := recs[c.key]
		code := ""
		if d.Error != nil {
			code = d.Error.Code
		}
		fmt.Fprintf(&table, "| %s | %d | %s | %s |\n", c.name, len(c.body), d.Status, code)
		if d.Key != c.key {
			t.Errorf("%s: record key %q", c.name, d.Key)
		}
		if d.Status != c.status || code != c.code {
			t.Errorf("%s: %s/%s, want %s/%s (%+v)", c.name, d.Status, code, c.status, c.code, d.Error)
		}
		if d.Status == doc.StatusFailed && (d.Error == nil || d.Error.Message == "") {
			t.Errorf("%s: failed without a message", c.name)
		}
	}
	t.Log(table.String())
}

func zipBytes(t *testing.T, files map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for n, b := range files {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// docxBomb is a Word file whose document part inflates to 256 MiB (about
// 300 KB compressed) against a 16 MiB limit, written in chunks.
func docxBomb(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	ct, _ := zw.Create("[Content_Types].xml")
	ct.Write([]byte(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`))
	w, err := zw.Create("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte(`<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>`))
	chunk := bytes.Repeat([]byte("中"), 1<<20/3)
	for n := 0; n < 1<<28; n += len(chunk) {
		w.Write(chunk)
	}
	w.Write([]byte(`</w:t></w:r></w:p></w:body></w:document>`))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
