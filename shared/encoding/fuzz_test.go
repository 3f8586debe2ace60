package encoding

import (
	"bytes"
	"errors"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
)

// FuzzDetectDecode: detection and decoding never panic; what decodes is
// valid UTF-8, is what Decode gives under the detected name, and is the
// input itself when the input was valid UTF-8 without a byte order mark;
// what does not decode says why (ErrNotText or ErrUnsupported).
// `go test` runs the seeds; `go test -fuzz FuzzDetectDecode ./shared/encoding`
// explores.
func FuzzDetectDecode(f *testing.F) {
	zh := "新华社北京7月4日电 國家主席习近平出席上海合作组织峰会。\n"
	gb, _ := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte("新华社北京7月4日电 国家主席习近平出席会议。\n"))
	big5, _ := traditionalchinese.Big5.NewEncoder().Bytes([]byte("中央社台北4日電 行政院長出席會議。\n"))
	u16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(zh))
	u16be, _ := unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewEncoder().Bytes([]byte(zh))
	for _, seed := range [][]byte{
		nil, []byte("a"), []byte(zh), append([]byte("\xef\xbb\xbf"), zh...), gb, big5, u16, u16be,
		[]byte("HZ mail: ~{VPND~} and ~{<rLe~} text ~~ tilde\n"),
		[]byte("\x89PNG\r\n\x1a\n\x00\x00"), []byte("PK\x03\x04"), []byte("\x7fELF\x02\x01"),
		[]byte(zh + "\xff\xfe\xc3\x28\xa0\xa1" + zh), []byte("新华社\x00\x00电"),
		[]byte("\xff\xfe\x00\x00"), []byte("\x8e\xa2\xa1\xa1\xc4\xe3"),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		s, r, err := DecodeAuto(b)
		if err != nil {
			if !errors.Is(err, ErrNotText) && !errors.Is(err, ErrUnsupported) {
				t.Fatalf("error %v is neither ErrNotText nor ErrUnsupported", err)
			}
			return
		}
		if !utf8.ValidString(s) {
			t.Fatalf("%s decoding is not valid UTF-8: %q", r.Name, s)
		}
		if r.Confidence <= 0 || r.Confidence > 1 {
			t.Fatalf("confidence %v", r.Confidence)
		}
		if d := Detect(b); d != r {
			t.Fatalf("Detect %+v, DecodeAuto %+v", d, r)
		}
		again, err := Decode(b, r.Name)
		if err != nil || again != s {
			t.Fatalf("Decode(%s) = %q, %v; DecodeAuto gave %q", r.Name, again, err, s)
		}
		if utf8.Valid(b) && !bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) && r.Name == UTF8 && s != string(b) {
			t.Fatalf("valid UTF-8 changed by decoding: %q → %q", b, s)
		}
	})
}
