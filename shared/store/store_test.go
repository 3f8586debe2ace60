package store

import (
	"errors"
	"reflect"
	"testing"

	"github.com/aws/smithy-go"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/index"
)

// DynamoDB's refusal of an item becomes doc.ErrRefused with DynamoDB's own
// message (the failed record quotes it); other errors stay as they are.
func TestRefused(t *testing.T) {
	v := &smithy.GenericAPIError{Code: "ValidationException", Message: "Item size has exceeded the maximum allowed size"}
	err := refused(v)
	if !errors.Is(err, doc.ErrRefused) || err.Error() != v.Error() || !errors.As(err, new(*smithy.GenericAPIError)) {
		t.Errorf("refused(%v) = %v", v, err)
	}
	other := &smithy.GenericAPIError{Code: "ProvisionedThroughputExceededException"}
	if err := refused(other); errors.Is(err, doc.ErrRefused) || err != error(other) {
		t.Errorf("a retryable error became %v", err)
	}
}

// The sort keys a document's items have decode into what index.Replace
// compares; a key of no known kind is kept aside to be deleted.
func TestPriorFromSortKeys(t *testing.T) {
	var p prior
	for _, it := range []ownedItem{
		{SK: skMeta, DL: 12},
		{SK: facetSK(index.FieldPerson, "王毅"), Under: "script=Hant", LK: "2024-07-04#p#x"},
		{SK: facetSK(index.FieldOrganization, "上海合作组织#秘书处")},
		{SK: skTermPrefix + "上海"},
		{SK: sketchSK(0xdeadbeef)},
		{SK: "H#nothex"},
		{SK: "X#legacy"},
	} {
		p.add(it)
	}
	want := prior{
		Prior: index.Prior{
			Owned: index.Owned{
				Facets: []index.FacetValue{{Field: index.FieldPerson, Value: "王毅"}, {Field: index.FieldOrganization, Value: "上海合作组织#秘书处"}},
				Terms:  []string{"上海"},
				Sketch: []uint32{0xdeadbeef},
			},
			HasRecord: true, Length: 12,
			Under: map[index.FacetValue]string{
				{Field: index.FieldPerson, Value: "王毅"}: "script=Hant", {Field: index.FieldOrganization, Value: "上海合作组织#秘书处"}: "",
			},
		},
		listKey: map[string]string{facetSK(index.FieldPerson, "王毅"): "2024-07-04#p#x", facetSK(index.FieldOrganization, "上海合作组织#秘书处"): ""},
		unknown: []string{"H#nothex", "X#legacy"},
	}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("got  %+v\nwant %+v", p, want)
	}
}
