package zhconv

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/zhdoc/zhdoc/shared/testcorpus"
)

func TestTricky(t *testing.T) {
	tests := []struct {
		cfg, in, want string
	}{
		{"t2s", "乾隆", "乾隆"},
		{"t2s", "乾淨", "干净"},
		{"t2s", "藉口", "借口"},
		{"t2s", "乾隆年間，他的衣服很乾淨", "乾隆年间，他的衣服很干净"},
		{"tw2s", "甚鉅著", "甚钜着"},
		{"t2s", "二噁英", "二𫫇英"}, // non-BMP output
		{"s2t", "二𫫇英", "二噁英"}, // non-BMP input
		{"tw2sp", "B肝", "乙肝"},
		{"t2s", "B肝", "B肝"},
		{"t2s", "第一行\r\n第二條\r\n", "第一行\r\n第二条\r\n"},
		{"t2s", "\uFEFF體育", "\uFEFF体育"},
		{"t2s", "沒有換行", "没有换行"},
		{"t2s", "發(fā)表", "发(fā)表"},
		{"t2s", "並發(fā)表講話", "并发(fā)表讲话"},
		{"t2s", "", ""},
		{"t2s", "ascii only\n", "ascii only\n"},
		{"t2s", "\x00漢\x00", "\x00汉\x00"},
		// CJK compatibility ideograph U+F900 (豈) normalized to U+8C48.
		{"s2t", "\uF900", "\u8C48"},
		{"t2s", "\uF900", "岂"},
		// A complete IDS is copied unconverted, compatibility ideographs too;
		// an incomplete one is an ordinary operator followed by text.
		{"t2s", "⿰訁語", "⿰訁語"},
		{"t2s", "⿰\uF900語", "⿰\uF900語"},
		{"t2s", "⿰訁", "⿰讠"},
		{"s2t", "头发", "頭髮"},
		{"s2t", "发展", "發展"},
		{"s2tw", "鼠标", "鼠標"},
		{"s2twp", "鼠标", "滑鼠"},
		{"tw2sp", "滑鼠", "鼠标"},
		{"hk2s", "衞生", "卫生"},
		{"s2hk", "为什么", "為什麼"},
		{"t2tw", "着", "著"},
		{"t2jp", "廣國", "広国"},
	}
	for _, tc := range tests {
		c, err := New(tc.cfg)
		if err != nil {
			t.Fatal(err)
		}
		got, err := c.Convert(tc.in)
		if err != nil {
			t.Errorf("%s(%q): %v", tc.cfg, tc.in, err)
			continue
		}
		if got != tc.want {
			t.Errorf("%s(%q) = %q, want %q", tc.cfg, tc.in, got, tc.want)
		}
		b, err := c.ConvertBytes([]byte("前"), []byte(tc.in))
		if err != nil || string(b) != "前"+tc.want {
			t.Errorf("%s ConvertBytes(%q) = %q, %v", tc.cfg, tc.in, b, err)
		}
	}
}

func TestInvalidUTF8(t *testing.T) {
	c, err := New("t2s")
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Convert("漢字\xff後")
	var iu *InvalidUTF8Error
	if !errors.As(err, &iu) || iu.Offset != 6 {
		t.Fatalf("err = %v, want invalid UTF-8 at offset 6", err)
	}
	if !strings.Contains(err.Error(), "offset 6") {
		t.Errorf("message %q lacks the offset", err)
	}
	dst, err := c.ConvertBytes([]byte("x"), []byte("\xe6\xbc"))
	if err == nil || string(dst) != "x" {
		t.Errorf("truncated rune: %q, %v", dst, err)
	}
}

func TestNewCachedAndConfigs(t *testing.T) {
	for _, cfg := range []string{"t2s", "hk2s", "tw2s", "tw2sp", "s2t", "t2tw", "s2hk", "s2tw", "t2hk", "s2twp", "hk2t", "tw2t"} {
		a, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := New(cfg)
		if a != b {
			t.Errorf("%s: New not cached", cfg)
		}
	}
	if _, err := New("x2y"); err == nil {
		t.Error("unknown config accepted")
	}
	if n := len(Configs()); n != 16 {
		t.Errorf("Configs() has %d entries: %v", n, Configs())
	}
}

// TestSeeds checks that whole seed documents keep their line structure and
// that converting Simplified output again with t2s is a fixed point.
func TestSeeds(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(testcorpus.Testdata(t, "seeds"), "*.txt"))
	if len(files) == 0 {
		t.Skip("no seeds")
	}
	c, _ := New("t2s")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		got, err := c.Convert(string(b))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Count(got, "\n") != strings.Count(string(b), "\n") || strings.Count(got, "\r") != strings.Count(string(b), "\r") {
			t.Errorf("%s: line structure changed", f)
		}
		again, _ := c.Convert(got)
		if again != got {
			t.Errorf("%s: t2s not idempotent", f)
		}
	}
}

func TestConcurrent(t *testing.T) {
	c, _ := New("tw2sp")
	want, _ := c.Convert("滑鼠和軟體，B肝與乾淨的記憶體")
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 200 {
				if got, _ := c.Convert("滑鼠和軟體，B肝與乾淨的記憶體"); got != want {
					t.Errorf("got %q", got)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// TestLoadCost measures loading the t2s dictionaries from the embedded data
// (targets: < 20 ms, < 10 MB heap). It bypasses the cache.
func TestLoadCost(t *testing.T) {
	for _, cfg := range []string{"t2s", "s2t", "tw2sp", "s2twp"} {
		runtime.GC()
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		start := time.Now()
		p, err := load(cfg, map[string]*leafT{})
		el := time.Since(start)
		runtime.ReadMemStats(&m1)
		if err != nil {
			t.Fatal(err)
		}
		heap := m1.TotalAlloc - m0.TotalAlloc
		t.Logf("load %-5s %v, %.2f MB allocated", cfg, el, float64(heap)/1e6)
		if cfg == "t2s" && (heap > 10<<20 || el > 200*time.Millisecond) {
			t.Errorf("t2s load too costly: %v, %d bytes", el, heap)
		}
		runtime.KeepAlive(p)
	}
}

func FuzzConvert(f *testing.F) {
	for _, s := range []string{"乾隆乾淨", "⿰訁語⿱", "\uF900二噁英", "B肝\r\n", "\xff", "滑鼠"} {
		f.Add(s)
	}
	cfgs := []string{"t2s", "tw2sp", "s2twp", "hk2s", "s2t"}
	f.Fuzz(func(t *testing.T, s string) {
		for _, cfg := range cfgs {
			c, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			out, err := c.Convert(s)
			if utf8.ValidString(s) != (err == nil) {
				t.Fatalf("%s(%q): err %v", cfg, s, err)
			}
			if err == nil && !utf8.ValidString(out) {
				t.Fatalf("%s(%q) = %q: invalid UTF-8", cfg, s, out)
			}
		}
	})
}
