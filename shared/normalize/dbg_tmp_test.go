package normalize

import "testing"

func TestDbg(t *testing.T) {
	for _, l := range []string{"维护产业链供应链稳定通畅，激发地区经济内生动力", "政經文全覆蓋，既有老友暢敘，也有新朋相識"} {
		rs := []rune(l)
		for i := range rs {
			if suspicious(rs, i) {
				t.Log(i, string(rs[i]), runeCost(rs[i]))
			}
		}
		var un []string
		t.Log(repairMojibake(l, counter{}, &un))
	}
}
