package doc

import (
	"errors"
	"strings"
	"testing"
)

func TestCursorRoundTripAndTampering(t *testing.T) {
	c := NewCursors([]byte("secret-one"))
	key := map[string]string{"pk": "DOC#1", "sk": "META", "gsi1pk": "LIST", "gsi1sk": "2024-07-04#x#1"}
	tok, err := c.Encode(key, "list")
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.Decode(tok, "list")
	if err != nil || len(got) != 4 || got["gsi1sk"] != "2024-07-04#x#1" {
		t.Fatalf("round trip: %v %v", got, err)
	}
	if k, err := c.Decode("", "list"); k != nil || err != nil {
		t.Fatalf("empty cursor: %v %v", k, err)
	}
	flipped := []byte(tok)
	flipped[3] ^= 1
	bad := map[string]string{
		"other scope":  tok,
		"flipped byte": string(flipped),
		"no signature": strings.Split(tok, ".")[0],
		"garbage":      "!!!.???",
	}
	for name, b := range bad {
		scope := "list"
		if name == "other scope" {
			scope = "agency=新华社"
		}
		if _, err := c.Decode(b, scope); !errors.Is(err, ErrBadCursor) {
			t.Errorf("%s: err %v, want ErrBadCursor", name, err)
		}
	}
	if _, err := NewCursors([]byte("secret-two")).Decode(tok, "list"); !errors.Is(err, ErrBadCursor) {
		t.Error("a cursor signed with another secret was accepted")
	}
}
