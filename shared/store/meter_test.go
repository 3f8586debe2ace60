package store

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Item sizes and write units follow DynamoDB's billing rules: names plus
// values, a unit per started KB, twice for an item copied into gsi1.
func TestItemSizeAndUnits(t *testing.T) {
	for _, c := range []struct {
		name  string
		item  map[string]types.AttributeValue
		size  int
		units float64
	}{
		{"string", map[string]types.AttributeValue{"pk": str("DOC#1")}, 2 + 5, 1},
		{"number", map[string]types.AttributeValue{"n": num(12345)}, 1 + 4, 1},
		{"binary", map[string]types.AttributeValue{"pos": &types.AttributeValueMemberB{Value: []byte{1, 2, 3}}}, 3 + 3, 1},
		{"list", map[string]types.AttributeValue{"l": &types.AttributeValueMemberL{Value: []types.AttributeValue{str("ab"), str("c")}}}, 1 + 3 + 3 + 2, 1},
		{"over a KB", map[string]types.AttributeValue{"s": str(strings.Repeat("汉", 400))}, 1 + 1200, 2},
		{"with a gsi1 key", map[string]types.AttributeValue{AttrGSI1PK: str("T#上海"), "s": str(strings.Repeat("x", 1100))}, 6 + 8 + 1 + 1100, 4},
	} {
		if got := ItemSize(c.item); got != c.size {
			t.Errorf("%s: size %d, want %d", c.name, got, c.size)
		}
		if u, _ := putUnits(c.item); u != c.units {
			t.Errorf("%s: %v units, want %v", c.name, u, c.units)
		}
	}
}
