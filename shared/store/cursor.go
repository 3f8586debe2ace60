package store

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// ErrBadCursor is returned for a cursor that was not issued by this store
// for the same query: malformed, tampered with, or from another listing.
var ErrBadCursor = errors.New("invalid cursor")

// Cursors turns DynamoDB's LastEvaluatedKey into opaque, signed tokens. The
// signature covers the query scope, so a cursor cannot be replayed against a
// different filter or forged to start anywhere in the table.
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
func (c *Cursors) Encode(key map[string]types.AttributeValue, scope string) (string, error) {
	body := cursorBody{Key: map[string]string{}}
	for name, v := range key {
		s, ok := v.(*types.AttributeValueMemberS)
		if !ok {
			return "", fmt.Errorf("encode cursor: key attribute %s is not a string", name)
		}
		body.Key[name] = s.Value
	}
	payload, err := json.Marshal(body)
	if err != nil {
		return "", fmt.Errorf("encode cursor: %w", err)
	}
	enc := base64.RawURLEncoding
	return enc.EncodeToString(payload) + "." + enc.EncodeToString(c.mac(scope, payload)), nil
}

// Decode verifies token for scope; the empty token means "first page".
func (c *Cursors) Decode(token, scope string) (map[string]types.AttributeValue, error) {
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
	key := make(map[string]types.AttributeValue, len(body.Key))
	for name, v := range body.Key {
		key[name] = str(v)
	}
	return key, nil
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

func sleepBackoff(ctx context.Context, attempt int) error {
	d := time.Duration(25<<attempt) * time.Millisecond
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
