package doc

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// ErrBadCursor is returned for a cursor that was not issued by this store
// for the same query: malformed, tampered with, or from another listing.
var ErrBadCursor = errors.New("invalid cursor")

// Cursors turns a store's resume position (DynamoDB's LastEvaluatedKey, the
// in-memory store's sort key) into opaque, signed tokens. The signature
// covers the query scope, so a cursor cannot be replayed against a different
// filter or forged to start anywhere in the table. It lives here, not in a
// store, because the API signs its search offsets with the same secret.
type Cursors struct{ secret []byte }

// NewCursors signs with secret.
func NewCursors(secret []byte) *Cursors { return &Cursors{secret: secret} }

type cursorBody struct {
	Key map[string]string `json:"k"`
}

func (c *Cursors) mac(scope string, payload []byte) []byte {
	m := hmac.New(sha256.New, c.secret)
	m.Write([]byte(scope))
	m.Write([]byte{0})
	m.Write(payload)
	return m.Sum(nil)[:16]
}

// Encode signs key for scope.
func (c *Cursors) Encode(key map[string]string, scope string) (string, error) {
	payload, err := json.Marshal(cursorBody{Key: key})
	if err != nil {
		return "", fmt.Errorf("encode cursor: %w", err)
	}
	enc := base64.RawURLEncoding
	return enc.EncodeToString(payload) + "." + enc.EncodeToString(c.mac(scope, payload)), nil
}

// Decode verifies token for scope; the empty token means "first page".
func (c *Cursors) Decode(token, scope string) (map[string]string, error) {
	if token == "" {
		return nil, nil
	}
	enc := base64.RawURLEncoding
	p, s, ok := strings.Cut(token, ".")
	if !ok || len(token) > 4096 {
		return nil, ErrBadCursor
	}
	payload, err1 := enc.DecodeString(p)
	sig, err2 := enc.DecodeString(s)
	if err1 != nil || err2 != nil || !hmac.Equal(sig, c.mac(scope, payload)) {
		return nil, ErrBadCursor
	}
	var body cursorBody
	if err := json.Unmarshal(payload, &body); err != nil || len(body.Key) == 0 {
		return nil, ErrBadCursor
	}
	return body.Key, nil
}

// EncodeString signs an arbitrary position (such as a ranking offset).
func (c *Cursors) EncodeString(v, scope string) (string, error) {
	enc := base64.RawURLEncoding
	payload := []byte("s:" + v)
	return enc.EncodeToString(payload) + "." + enc.EncodeToString(c.mac(scope, payload)), nil
}

// DecodeString verifies a token made by EncodeString for scope.
func (c *Cursors) DecodeString(token, scope string) (string, error) {
	enc := base64.RawURLEncoding
	p, s, ok := strings.Cut(token, ".")
	if !ok || len(token) > 4096 {
		return "", ErrBadCursor
	}
	payload, err1 := enc.DecodeString(p)
	sig, err2 := enc.DecodeString(s)
	if err1 != nil || err2 != nil || !hmac.Equal(sig, c.mac(scope, payload)) || !strings.HasPrefix(string(payload), "s:") {
		return "", ErrBadCursor
	}
	return string(payload[2:]), nil
}
