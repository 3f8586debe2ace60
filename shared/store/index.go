package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/index"
)

// Index items (all owned by pk = DOC#<id> unless noted):
//
//	item              sk                    gsi1pk                gsi1sk          attributes
//	facet posting     F#<field>#<value>     F#<field>#<value>     as LIST         id
//	term posting      T#<term>              T#<term>              <id>            id w pos snip dl title pub
//	sketch posting    H#<hash>              H#<hash>              <id>            id
//	facet counter     (pk FACET#<field>)    -                     -               sk=<value>, n
//	corpus counters   (pk STAT, sk CORPUS)  -                     -               docs, tokens
//
// Facet postings and their counters change together in one transaction,
// guarded by the posting's existence, so a retried or repeated write never
// counts twice. Document frequency needs no counter: it is the length of a
// term's posting list, read when ranking.
const (
	skFacetPrefix  = "F#"
	skTermPrefix   = "T#"
	skSketchPrefix = "H#"
	pkStat         = "STAT"
	skCorpus       = "CORPUS"
	pkFacetPrefix  = "FACET#"
)

func facetSK(field, value string) string { return skFacetPrefix + field + "#" + value }

func sketchSK(h uint32) string { return fmt.Sprintf("%s%08x", skSketchPrefix, h) }

// ownedItem is a key of an item a document owns, plus the META's length.
type ownedItem struct {
	SK string `dynamodbav:"sk"`
	DL int    `dynamodbav:"dl"`
}

func (s *Store) owned(ctx context.Context, id string) (items []ownedItem, metaDL int, hasMeta bool, err error) {
	var start map[string]types.AttributeValue
	for {
		out, err := s.db.Query(ctx, &dynamodb.QueryInput{
			TableName:                 &s.table,
			KeyConditionExpression:    aws.String("#pk = :pk"),
			ExpressionAttributeNames:  map[string]string{"#pk": AttrPK, "#sk": AttrSK, "#dl": "dl"},
			ExpressionAttributeValues: map[string]types.AttributeValue{":pk": str(docPK(id))},
			ProjectionExpression:      aws.String("#sk, #dl"),
			ExclusiveStartKey:         start,
			ConsistentRead:            aws.Bool(true),
		})
		if err != nil {
			return nil, 0, false, fmt.Errorf("list items of document %s: %w", id, err)
		}
		var page []ownedItem
		if err := attributevalue.UnmarshalListOfMaps(out.Items, &page); err != nil {
			return nil, 0, false, fmt.Errorf("decode items of document %s: %w", id, err)
		}
		for _, it := range page {
			if it.SK == skMeta {
				metaDL, hasMeta = it.DL, true
				continue
			}
			items = append(items, it)
		}
		if out.LastEvaluatedKey == nil {
			return items, metaDL, hasMeta, nil
		}
		start = out.LastEvaluatedKey
	}
}

// Put writes d and its index entries, replacing what the document
// owned before. It is idempotent: repeating it (a retried event) changes
// nothing and counts nothing twice. The record is written last, so a
// document appears in listings only once its index is complete.
func (s *Store) Put(ctx context.Context, d doc.Document, e index.Entries) error {
	old, oldDL, hadMeta, err := s.owned(ctx, d.ID)
	if err != nil {
		return err
	}
	oldSet := map[string]bool{}
	for _, it := range old {
		oldSet[it.SK] = true
	}
	lsk := listSK(d)

	// Facet postings, with counters.
	newFacets := map[string][2]string{} // sk → field, value
	for field, vals := range e.Facets {
		for _, v := range vals {
			newFacets[facetSK(field, v)] = [2]string{field, v}
		}
	}
	var added, removed []facetChange
	var puts []map[string]types.AttributeValue
	for sk, fv := range newFacets {
		item := map[string]types.AttributeValue{
			AttrPK: str(docPK(d.ID)), AttrSK: str(sk), AttrGSI1PK: str(sk), AttrGSI1SK: str(lsk), "id": str(d.ID),
		}
		if oldSet[sk] {
			puts = append(puts, item) // listing order may have changed
		} else {
			added = append(added, facetChange{field: fv[0], value: fv[1], item: item})
		}
	}
	// Every other item the document will own, by sort key.
	keep := map[string]bool{}
	for term := range e.Terms {
		keep[skTermPrefix+term] = true
	}
	for _, h := range e.Sketch {
		keep[sketchSK(h)] = true
	}
	var deletes []map[string]types.AttributeValue
	for _, it := range old {
		if strings.HasPrefix(it.SK, skFacetPrefix) {
			if _, ok := newFacets[it.SK]; !ok {
				field, value, _ := strings.Cut(strings.TrimPrefix(it.SK, skFacetPrefix), "#")
				removed = append(removed, facetChange{field: field, value: value, item: s.key(d.ID, it.SK)})
			}
			continue
		}
		if !keep[it.SK] {
			deletes = append(deletes, s.key(d.ID, it.SK))
		}
	}
	if err := s.applyFacets(ctx, added, +1); err != nil {
		return err
	}
	if err := s.applyFacets(ctx, removed, -1); err != nil {
		return err
	}

	// Term postings carry what ranking and result display need, so a search
	// reads postings only.
	for term, p := range e.Terms {
		item := map[string]types.AttributeValue{
			AttrPK: str(docPK(d.ID)), AttrSK: str(skTermPrefix + term),
			AttrGSI1PK: str(skTermPrefix + term), AttrGSI1SK: str(d.ID),
			"id": str(d.ID), "w": num(p.Weight), "dl": num(e.Length),
			"title": str(d.Title), "pub": str(d.Published),
		}
		if len(p.Positions) > 0 {
			item["pos"] = &types.AttributeValueMemberB{Value: encodePositions(p.Positions)}
		}
		if p.Snippet != "" {
			item["snip"] = str(p.Snippet)
		}
		puts = append(puts, item)
	}
	for _, h := range e.Sketch {
		sk := sketchSK(h)
		puts = append(puts, map[string]types.AttributeValue{
			AttrPK: str(docPK(d.ID)), AttrSK: str(sk), AttrGSI1PK: str(sk), AttrGSI1SK: str(d.ID), "id": str(d.ID),
		})
	}
	if err := s.putItems(ctx, puts); err != nil {
		return err
	}
	if err := s.deleteKeys(ctx, deletes); err != nil {
		return err
	}

	// The record and the corpus counters change together.
	meta, err := attributevalue.MarshalMap(d)
	if err != nil {
		return fmt.Errorf("marshal document %s: %w", d.ID, err)
	}
	meta[AttrPK], meta[AttrSK] = str(docPK(d.ID)), str(skMeta)
	meta[AttrGSI1PK], meta[AttrGSI1SK] = str(listPart), str(lsk)
	meta["dl"] = num(e.Length)
	put := &types.Put{TableName: &s.table, Item: meta}
	dDocs := 1
	if hadMeta {
		dDocs = 0
		put.ConditionExpression = aws.String("dl = :old")
		put.ExpressionAttributeValues = map[string]types.AttributeValue{":old": num(oldDL)}
	} else {
		put.ConditionExpression = aws.String("attribute_not_exists(pk)")
	}
	_, err = s.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Put: put},
		{Update: s.corpusUpdate(dDocs, e.Length-oldDL)},
	}})
	if err != nil {
		return fmt.Errorf("write document %s: %w", d.ID, err)
	}
	return nil
}

// Delete removes the document, its index entries and its counts.
func (s *Store) Delete(ctx context.Context, id string) error {
	old, oldDL, hadMeta, err := s.owned(ctx, id)
	if err != nil {
		return err
	}
	var removed []facetChange
	var deletes []map[string]types.AttributeValue
	for _, it := range old {
		if strings.HasPrefix(it.SK, skFacetPrefix) {
			field, value, _ := strings.Cut(strings.TrimPrefix(it.SK, skFacetPrefix), "#")
			removed = append(removed, facetChange{field: field, value: value, item: s.key(id, it.SK)})
			continue
		}
		deletes = append(deletes, s.key(id, it.SK))
	}
	if err := s.applyFacets(ctx, removed, -1); err != nil {
		return err
	}
	if err := s.deleteKeys(ctx, deletes); err != nil {
		return err
	}
	if !hadMeta {
		return nil
	}
	_, err = s.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Delete: &types.Delete{TableName: &s.table, Key: s.key(id, skMeta), ConditionExpression: aws.String("attribute_exists(pk)")}},
		{Update: s.corpusUpdate(-1, -oldDL)},
	}})
	if isConditionFailure(err) {
		return nil // someone else deleted it and counted it already
	}
	if err != nil {
		return fmt.Errorf("delete document %s: %w", id, err)
	}
	return nil
}

func (s *Store) key(id, sk string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{AttrPK: str(docPK(id)), AttrSK: str(sk)}
}

func (s *Store) corpusUpdate(dDocs, dTokens int) *types.Update {
	return &types.Update{
		TableName:                 &s.table,
		Key:                       map[string]types.AttributeValue{AttrPK: str(pkStat), AttrSK: str(skCorpus)},
		UpdateExpression:          aws.String("ADD docs :d, tokens :t"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":d": num(dDocs), ":t": num(dTokens)},
	}
}

type facetChange struct {
	field, value string
	item         map[string]types.AttributeValue // the posting (to put) or its key (to delete)
}

// applyFacets adds (delta +1) or removes (delta -1) facet postings, each in
// one transaction with its counter, guarded by the posting's existence.
func (s *Store) applyFacets(ctx context.Context, changes []facetChange, delta int) error {
	for len(changes) > 0 {
		n := min(50, len(changes)) // 2 actions each, 100 per transaction
		batch := changes[:n]
		changes = changes[n:]
		err := s.transactFacets(ctx, batch, delta)
		if !isConditionFailure(err) {
			if err != nil {
				return err
			}
			continue
		}
		// Some were applied before (a retry): apply the rest one by one.
		for _, c := range batch {
			if err := s.transactFacets(ctx, []facetChange{c}, delta); err != nil && !isConditionFailure(err) {
				return err
			}
		}
	}
	return nil
}

func (s *Store) transactFacets(ctx context.Context, batch []facetChange, delta int) error {
	items := make([]types.TransactWriteItem, 0, 2*len(batch))
	for _, c := range batch {
		if delta > 0 {
			items = append(items, types.TransactWriteItem{Put: &types.Put{
				TableName: &s.table, Item: c.item, ConditionExpression: aws.String("attribute_not_exists(pk)"),
			}})
		} else {
			items = append(items, types.TransactWriteItem{Delete: &types.Delete{
				TableName: &s.table, Key: c.item, ConditionExpression: aws.String("attribute_exists(pk)"),
			}})
		}
		items = append(items, types.TransactWriteItem{Update: &types.Update{
			TableName:                 &s.table,
			Key:                       map[string]types.AttributeValue{AttrPK: str(pkFacetPrefix + c.field), AttrSK: str(c.value)},
			UpdateExpression:          aws.String("ADD n :d"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":d": num(delta)},
		}})
	}
	_, err := s.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: items})
	if err != nil && !isConditionFailure(err) {
		return fmt.Errorf("facet transaction: %w", err)
	}
	return err
}

func isConditionFailure(err error) bool {
	var tc *types.TransactionCanceledException
	if errors.As(err, &tc) {
		for _, r := range tc.CancellationReasons {
			if aws.ToString(r.Code) == "ConditionalCheckFailed" {
				return true
			}
		}
	}
	var cc *types.ConditionalCheckFailedException
	return errors.As(err, &cc)
}

func (s *Store) putItems(ctx context.Context, items []map[string]types.AttributeValue) error {
	for len(items) > 0 {
		n := min(25, len(items))
		reqs := make([]types.WriteRequest, n)
		for i, it := range items[:n] {
			reqs[i] = types.WriteRequest{PutRequest: &types.PutRequest{Item: it}}
		}
		items = items[n:]
		if err := s.batchWrite(ctx, reqs); err != nil {
			return err
		}
	}
	return nil
}

func num(n int) types.AttributeValue { return &types.AttributeValueMemberN{Value: strconv.Itoa(n)} }

// encodePositions stores ascending positions as uvarint deltas.
func encodePositions(pos []int) []byte {
	buf := make([]byte, 0, len(pos)*2)
	prev := 0
	for _, p := range pos {
		buf = binary.AppendUvarint(buf, uint64(p-prev))
		prev = p
	}
	return buf
}

func decodePositions(b []byte) []int {
	var out []int
	prev := 0
	for len(b) > 0 {
		d, n := binary.Uvarint(b)
		if n <= 0 {
			break
		}
		prev += int(d)
		out = append(out, prev)
		b = b[n:]
	}
	return out
}

// Corpus holds the counters BM25 needs.
type Corpus struct {
	Docs   int `dynamodbav:"docs"`
	Tokens int `dynamodbav:"tokens"`
}

// CorpusStats reads the corpus counters.
func (s *Store) CorpusStats(ctx context.Context) (Corpus, error) {
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName: &s.table,
		Key:       map[string]types.AttributeValue{AttrPK: str(pkStat), AttrSK: str(skCorpus)},
	})
	if err != nil {
		return Corpus{}, fmt.Errorf("read corpus counters: %w", err)
	}
	var c Corpus
	if out.Item != nil {
		if err := attributevalue.UnmarshalMap(out.Item, &c); err != nil {
			return Corpus{}, fmt.Errorf("decode corpus counters: %w", err)
		}
	}
	return c, nil
}

// PostingRow is one document in a term's posting list. Postings fills ID,
// Weight, Length (and Pos on request); PostingDetails the rest.
type PostingRow struct {
	ID        string
	Weight    int
	Length    int
	Pos       []byte
	Title     string
	Published string
	Snippet   string
}

// Positions decodes the term's positions in the document body.
func (p PostingRow) Positions() []int { return decodePositions(p.Pos) }

// Postings reads up to max postings of term, only what ranking needs: the
// items also carry title and snippet, fetched for the shown page only. The
// second result says whether the list was cut.
func (s *Store) Postings(ctx context.Context, term string, max int, withPositions bool) ([]PostingRow, bool, error) {
	proj := "#i, #w, #d"
	names := map[string]string{"#p": AttrGSI1PK, "#i": "id", "#w": "w", "#d": "dl"}
	if withPositions {
		proj += ", #o"
		names["#o"] = "pos"
	}
	var rows []PostingRow
	var start map[string]types.AttributeValue
	for {
		out, err := s.db.Query(ctx, &dynamodb.QueryInput{
			TableName:                 &s.table,
			IndexName:                 aws.String(IndexGSI1),
			KeyConditionExpression:    aws.String("#p = :p"),
			ExpressionAttributeNames:  names,
			ExpressionAttributeValues: map[string]types.AttributeValue{":p": str(skTermPrefix + term)},
			ProjectionExpression:      aws.String(proj),
			ExclusiveStartKey:         start,
		})
		if err != nil {
			return nil, false, fmt.Errorf("postings of %q: %w", term, err)
		}
		for _, it := range out.Items {
			// Decoded by hand: this is the hot path of every search.
			r := PostingRow{ID: getS(it, "id"), Weight: getN(it, "w"), Length: getN(it, "dl")}
			if b, ok := it["pos"].(*types.AttributeValueMemberB); ok {
				r.Pos = b.Value
			}
			rows = append(rows, r)
		}
		if len(rows) >= max {
			return rows[:max], true, nil
		}
		if out.LastEvaluatedKey == nil {
			return rows, false, nil
		}
		start = out.LastEvaluatedKey
	}
}

// PostingKey names one posting.
type PostingKey struct{ ID, Term string }

// PostingDetails reads title, published date and snippet of postings.
func (s *Store) PostingDetails(ctx context.Context, keys []PostingKey) (map[PostingKey]PostingRow, error) {
	out := map[PostingKey]PostingRow{}
	reqKeys := make([]map[string]types.AttributeValue, len(keys))
	for i, k := range keys {
		reqKeys[i] = s.key(k.ID, skTermPrefix+k.Term)
	}
	proj := types.KeysAndAttributes{
		ProjectionExpression:     aws.String("#i, #k, #t, #u, #n"),
		ExpressionAttributeNames: map[string]string{"#i": "id", "#k": AttrSK, "#t": "title", "#u": "pub", "#n": "snip"},
	}
	err := s.batchGet(ctx, reqKeys, proj, func(it map[string]types.AttributeValue) error {
		k := PostingKey{ID: getS(it, "id"), Term: strings.TrimPrefix(getS(it, AttrSK), skTermPrefix)}
		out[k] = PostingRow{ID: k.ID, Title: getS(it, "title"), Published: getS(it, "pub"), Snippet: getS(it, "snip")}
		return nil
	})
	return out, err
}

func getS(it map[string]types.AttributeValue, name string) string {
	if v, ok := it[name].(*types.AttributeValueMemberS); ok {
		return v.Value
	}
	return ""
}

func getN(it map[string]types.AttributeValue, name string) int {
	if v, ok := it[name].(*types.AttributeValueMemberN); ok {
		n, _ := strconv.Atoi(v.Value)
		return n
	}
	return 0
}

// FacetCount is one value of a facet with the number of documents having it.
type FacetCount struct {
	Value string `json:"value" dynamodbav:"sk"`
	Count int    `json:"count" dynamodbav:"n"`
}

// FacetCounts returns the top values of field over the whole corpus.
func (s *Store) FacetCounts(ctx context.Context, field string, limit int) ([]FacetCount, error) {
	var all []FacetCount
	var start map[string]types.AttributeValue
	for {
		out, err := s.db.Query(ctx, &dynamodb.QueryInput{
			TableName:                 &s.table,
			KeyConditionExpression:    aws.String("#pk = :pk"),
			ExpressionAttributeNames:  map[string]string{"#pk": AttrPK},
			ExpressionAttributeValues: map[string]types.AttributeValue{":pk": str(pkFacetPrefix + field)},
			ExclusiveStartKey:         start,
		})
		if err != nil {
			return nil, fmt.Errorf("facet %s: %w", field, err)
		}
		var page []FacetCount
		if err := attributevalue.UnmarshalListOfMaps(out.Items, &page); err != nil {
			return nil, fmt.Errorf("decode facet %s: %w", field, err)
		}
		for _, fc := range page {
			if fc.Count > 0 {
				all = append(all, fc)
			}
		}
		if out.LastEvaluatedKey == nil {
			break
		}
		start = out.LastEvaluatedKey
	}
	return TopCounts(all, limit), nil
}

// TopCounts sorts by count (then value) and keeps the first limit.
func TopCounts(all []FacetCount, limit int) []FacetCount {
	sort.Slice(all, func(i, j int) bool {
		if all[i].Count != all[j].Count {
			return all[i].Count > all[j].Count
		}
		return all[i].Value < all[j].Value
	})
	if len(all) > limit {
		all = all[:limit]
	}
	return all
}
