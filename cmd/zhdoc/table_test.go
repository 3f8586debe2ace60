package main

import (
	"strings"
	"testing"
)

func TestDisplayWidth(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"", 0},
		{"abc", 3},
		{"上海", 4},
		{"上海合作組織", 12},
		{"，（）", 6},         // fullwidth punctuation
		{"ＡＢ", 4},          // fullwidth Latin
		{"ｶﾀｶﾅ", 4},        // halfwidth katakana
		{"e\u0301", 1},     // e + combining acute
		{"a\u200bb", 2},    // zero-width space is a format character
		{"新华社 Xinhua", 13}, // mixed
		{"「峰會」", 8},
		{"한국", 4},
		{"·", 1}, // ambiguous: counted narrow
		{"\t", 0},
	} {
		if got := displayWidth(tc.in); got != tc.want {
			t.Errorf("displayWidth(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

func TestClipWidth(t *testing.T) {
	for _, tc := range []struct {
		in   string
		max  int
		want string
	}{
		{"上海合作組織", 12, "上海合作組織"},
		{"上海合作組織", 11, "上海合作組…"},
		{"上海合作組織", 10, "上海合作…"}, // 8 + 1: no half of 組
		{"abcdef", 4, "abc…"},
		{"abc", 0, ""},
		{"上海", 1, "…"},
	} {
		got := clipWidth(tc.in, tc.max)
		if got != tc.want {
			t.Errorf("clipWidth(%q, %d) = %q, want %q", tc.in, tc.max, got, tc.want)
		}
		if tc.max > 0 && displayWidth(got) > tc.max {
			t.Errorf("clipWidth(%q, %d) is %d columns", tc.in, tc.max, displayWidth(got))
		}
	}
}

func TestTableAlignsByDisplayWidth(t *testing.T) {
	tb := newTable("ID", "N", "TITLE", "END")
	tb.right[1] = true
	tb.max[2] = 10
	tb.add("a1", "7", "上海合作組織峰會", "x")
	tb.add("b22", "123", "Astana\nsummit", "中")
	tb.add("c", "", "王毅", "")
	var b strings.Builder
	if err := tb.write(&b); err != nil {
		t.Fatal(err)
	}
	want := "" +
		"ID     N  TITLE       END\n" +
		"a1     7  上海合作…   x\n" +
		"b22  123  Astana su…  中\n" +
		"c         王毅\n"
	if b.String() != want {
		t.Errorf("table:\n%s\nwant:\n%s", b.String(), want)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines:\n%s", len(lines), b.String())
	}
	// Every column starts at the same display column on every line.
	col := func(line, cell string) int {
		i := strings.Index(line, cell)
		if i < 0 {
			t.Fatalf("%q not in %q", cell, line)
		}
		return displayWidth(line[:i])
	}
	if a, b := col(lines[0], "TITLE"), col(lines[1], "上海合作"); a != b {
		t.Errorf("TITLE at %d, first title at %d:\n%s", a, b, strings.Join(lines, "\n"))
	}
	if a, b := col(lines[0], "END"), col(lines[1], "x"); a != b {
		t.Errorf("END at %d, x at %d", a, b)
	}
	if a, b := col(lines[0], "END"), col(lines[2], "中"); a != b {
		t.Errorf("END at %d, 中 at %d", a, b)
	}
	// Right-aligned numbers end in the same column.
	if a, b := col(lines[1], "7")+1, col(lines[2], "123")+3; a != b {
		t.Errorf("numbers end at %d and %d", a, b)
	}
	if !strings.Contains(lines[2], "Astana su…") || strings.Contains(b.String(), "\nsummit") {
		t.Errorf("long cell not clipped to one line: %q", lines[2])
	}
	for _, l := range lines {
		if strings.HasSuffix(l, " ") {
			t.Errorf("trailing blank: %q", l)
		}
	}
	if got := lines[3]; got != "c         王毅" {
		t.Errorf("last row %q", got)
	}
}
