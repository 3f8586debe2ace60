package store

import (
	"context"
	"errors"
	"fmt"
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
//	facet posting     F#<field>#<value>     F#<field>#<value>     as LIST         id cw
//	term posting      T#<term>              T#<term>              <impact>#<id>   id w imp pos snip dl
//	sketch posting    H#<hash>              H#<hash>              <id>            id
//	facet counter     (pk FACET#<field>)    -                     -               sk=<value>, n
//	filtered counter  (pk FACET#<field>#<filter>=<v>)  -          -               sk=<value>, n
//	corpus counters   (pk STAT, sk CORPUS)  -                     -               docs, tokens
//	tombstone         TOMB                  -                     -               sequencer
//
// A tombstone is what a removal leaves: the sequencer of the S3 event that
// removed the object, so that an older creation delivered later is refused
// (doc.Supersedes). Readers never see it: Get reads META, listings read gsi1.
// The record's own sequencer is its META's "sequencer" attribute.
//
// Facet postings and their counters change together in one transaction,
// guarded by the posting being as read (absent, or counted under the same
// filter values, its cw attribute), so a retried or repeated write never
// counts twice. A posting counts in its field's whole-corpus counter and in
// one filtered counter per filter value of its document (index.CounterFields:
// script, variant, status, agency), so /facets under one such filter reads
// counters only and is exact at any size. Document frequency needs no counter: it is the length of a
// term's posting list, read when ranking.
const (
	skFacetPrefix  = "F#"
	skTermPrefix   = "T#"
	skSketchPrefix = "H#"
	pkStat         = "STAT"
	skCorpus       = "CORPUS"
	pkFacetPrefix  = "FACET#"
	skTomb         = "TOMB"
	attrSeq        = "sequencer"
	attrUnder      = "cw"
)

// counterPK is the partition of field's counters among the documents with
// filter value under (index.CounterFields), or over all documents.
func counterPK(field string, under index.FacetValue) string {
	if under == (index.FacetValue{}) {
		return pkFacetPrefix + field
	}
	return pkFacetPrefix + field + "#" + under.Field + "=" + under.Value
}

// impactKey sorts a term's postings by descending impact, then id.
func impactKey(imp int, id string) string { return fmt.Sprintf("%04x#%s", 0xffff-imp, id) }

func facetSK(field, value string) string { return skFacetPrefix + field + "#" + value }

func sketchSK(h uint32) string { return fmt.Sprintf("%s%08x", skSketchPrefix, h) }

// ownedItem is a key of an item a document owns, plus the META's length.
type ownedItem struct {
	SK    string `dynamodbav:"sk"`
	DL    int    `dynamodbav:"dl"`
	Seq   string `dynamodbav:"sequencer"`
	Under string `dynamodbav:"cw"`     // a facet posting's filter values
	LK    string `dynamodbav:"gsi1sk"` // a facet posting's list key
}

// prior is what the table holds of a document, decoded from its sort keys.
type prior struct {
	index.Prior
	unknown []string // sort keys of no known kind: deleted with the document
	seq     string   // the record's sequencer
	hasTomb bool
	tomb    string            // the tombstone's sequencer
	listKey map[string]string // facet posting sort key → its list key
}

// latest is the latest sequencer the table has seen for the document.
func (p prior) latest() string { return doc.LaterSequencer(p.seq, p.tomb) }

// metaGuard is the condition that the record is as prior read it: the
// length it was counted with and its sequencer.
func (p prior) metaGuard() (string, map[string]types.AttributeValue) {
	if !p.HasRecord {
		return "attribute_not_exists(pk)", nil
	}
	vals := map[string]types.AttributeValue{":old": num(p.Length)}
	if p.seq == "" {
		return "dl = :old AND attribute_not_exists(sequencer)", vals
	}
	vals[":oldseq"] = str(p.seq)
	return "dl = :old AND sequencer = :oldseq", vals
}

// tombGuard is the condition that the tombstone is as prior read it.
func (p prior) tombGuard() (string, map[string]types.AttributeValue) {
	if !p.hasTomb {
		return "attribute_not_exists(pk)", nil
	}
	return "sequencer = :tombseq", map[string]types.AttributeValue{":tombseq": str(p.tomb)}
}

func (s *Store) prior(ctx context.Context, id string) (prior, error) {
	var p prior
	var start map[string]types.AttributeValue
	for {
		out, err := s.db.Query(ctx, &dynamodb.QueryInput{
			TableName:                 &s.table,
			KeyConditionExpression:    aws.String("#pk = :pk"),
			ExpressionAttributeNames:  map[string]string{"#pk": AttrPK, "#sk": AttrSK, "#dl": "dl", "#q": attrSeq, "#cw": attrUnder, "#lk": AttrGSI1SK},
			ExpressionAttributeValues: map[string]types.AttributeValue{":pk": str(docPK(id))},
			ProjectionExpression:      aws.String("#sk, #dl, #q, #cw, #lk"),
			ExclusiveStartKey:         start,
			ConsistentRead:            aws.Bool(true),
		})
		if err != nil {
			return prior{}, fmt.Errorf("list items of document %s: %w", id, err)
		}
		var page []ownedItem
		if err := attributevalue.UnmarshalListOfMaps(out.Items, &page); err != nil {
			return prior{}, fmt.Errorf("decode items of document %s: %w", id, err)
		}
		for _, it := range page {
			p.add(it)
		}
		if out.LastEvaluatedKey == nil {
			return p, nil
		}
		start = out.LastEvaluatedKey
	}
}

func (p *prior) add(it ownedItem) {
	switch {
	case it.SK == skMeta:
		p.HasRecord, p.Length, p.seq = true, it.DL, it.Seq
	case it.SK == skTomb:
		p.hasTomb, p.tomb = true, it.Seq
	case it.SK == skLock: // the writer's own claim
	case strings.HasPrefix(it.SK, skFacetPrefix):
		field, value, _ := strings.Cut(strings.TrimPrefix(it.SK, skFacetPrefix), "#")
		fv := index.FacetValue{Field: field, Value: value}
		p.Facets = append(p.Facets, fv)
		if p.Under == nil {
			p.Under, p.listKey = map[index.FacetValue]string{}, map[string]string{}
		}
		p.Under[fv] = it.Under
		p.listKey[it.SK] = it.LK
	case strings.HasPrefix(it.SK, skTermPrefix):
		p.Terms = append(p.Terms, strings.TrimPrefix(it.SK, skTermPrefix))
	case strings.HasPrefix(it.SK, skSketchPrefix):
		h, err := strconv.ParseUint(strings.TrimPrefix(it.SK, skSketchPrefix), 16, 32)
		if err != nil || sketchSK(uint32(h)) != it.SK {
			p.unknown = append(p.unknown, it.SK)
			return
		}
		p.Sketch = append(p.Sketch, uint32(h))
	default:
		p.unknown = append(p.unknown, it.SK)
	}
}

// Put writes d and its index entries, replacing what the document
// owned before. It is idempotent: repeating it (a retried event) changes
// nothing and counts nothing twice. The record is written last, so a
// document appears in listings only once its index is complete. What
// changes is decided by index.Replace; this only turns it into requests.
//
// Writes are ordered by d.Sequencer (doc.Supersedes): a d older than the
// record or tombstone writes nothing and returns doc.ErrStale; a d without
// one inherits the latest. The record's write is conditional on the record
// and tombstone being as read, so a concurrent change makes it fail (and
// the event is retried) rather than be overwritten.
func (s *Store) Put(ctx context.Context, d doc.Document, e index.Entries) error {
	l, err := s.claim(ctx, d.ID)
	if err != nil {
		return err
	}
	if err := s.put(ctx, d, e, l); err != nil {
		s.release(l)
		return err
	}
	return nil
}

// put is Put under the document's lock l, released by its commit.
func (s *Store) put(ctx context.Context, d doc.Document, e index.Entries, l lock) error {
	old, err := s.prior(ctx, d.ID)
	if err != nil {
		return err
	}
	last := old.latest()
	if !doc.Supersedes(d.Sequencer, last) {
		return fmt.Errorf("put document %s at %s (latest %s): %w", d.ID, d.Sequencer, last, doc.ErrStale)
	}
	if d.Sequencer == "" {
		d.Sequencer = last
	}
	diff := index.Replace(old.Prior, e)
	lsk := doc.ListKey(d)
	facetItem := func(fv index.FacetValue) map[string]types.AttributeValue {
		sk := facetSK(fv.Field, fv.Value)
		it := map[string]types.AttributeValue{
			AttrPK: str(docPK(d.ID)), AttrSK: str(sk), AttrGSI1PK: str(sk), AttrGSI1SK: str(lsk), "id": str(d.ID),
		}
		if diff.Under != "" {
			it[attrUnder] = str(diff.Under)
		}
		return it
	}
	var puts []map[string]types.AttributeValue
	moved := map[index.FacetValue]bool{}
	for _, m := range diff.Moves {
		moved[m.FacetValue] = true
	}
	for _, fv := range diff.KeepFacets {
		// Counted as before: rewritten only when the listing order moved.
		if !moved[fv] && old.listKey[facetSK(fv.Field, fv.Value)] != lsk {
			puts = append(puts, facetItem(fv))
		}
	}
	if err := s.applyMoves(ctx, d.ID, diff.Moves, facetItem); err != nil {
		return err
	}

	// Term postings carry what ranking and result display need, so a search
	// reads postings only.
	for term, p := range e.Terms {
		imp := index.Impact(p.Weight, e.Length)
		item := map[string]types.AttributeValue{
			AttrPK: str(docPK(d.ID)), AttrSK: str(skTermPrefix + term),
			AttrGSI1PK: str(skTermPrefix + term), AttrGSI1SK: str(impactKey(imp, d.ID)),
			"id": str(d.ID), "w": num(p.Weight), "dl": num(e.Length), "imp": num(imp),
		}
		if len(p.Positions) > 0 {
			item["pos"] = &types.AttributeValueMemberB{Value: doc.EncodePositions(p.Positions)}
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
	if err := s.deleteKeys(ctx, s.dropKeys(d.ID, diff, old.unknown)); err != nil {
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
	// Guarded by the length it was counted with, so two writers cannot
	// both move the token counter from the same starting point, and by its
	// sequencer, so an ordering decided on what prior read still holds.
	cond, vals := old.metaGuard()
	put := &types.Put{TableName: &s.table, Item: meta, ConditionExpression: aws.String(cond), ExpressionAttributeValues: vals}
	items := []types.TransactWriteItem{
		{Put: put},
		{Update: s.corpusUpdate(diff.DeltaDocs, diff.DeltaTokens)},
		s.releaseItem(l),
	}
	if old.hasTomb {
		tc, tv := old.tombGuard()
		items = append(items, types.TransactWriteItem{Delete: &types.Delete{
			TableName: &s.table, Key: s.key(d.ID, skTomb), ConditionExpression: aws.String(tc), ExpressionAttributeValues: tv,
		}})
	}
	_, err = s.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: items})
	if err != nil {
		return fmt.Errorf("write document %s: %w", d.ID, refused(err))
	}
	return nil
}

// Delete removes the document, its index entries and its counts. It is
// Remove without a sequencer.
func (s *Store) Delete(ctx context.Context, id string) error { return s.Remove(ctx, id, "") }

// Remove deletes the document as Delete does and leaves a tombstone with
// sequencer seq (when there is one), so that an older write delivered later
// is refused. A removal older than the record or tombstone changes nothing
// and returns doc.ErrStale.
func (s *Store) Remove(ctx context.Context, id, seq string) error {
	l, err := s.claim(ctx, id)
	if err != nil {
		return err
	}
	if err := s.remove(ctx, id, seq, l); err != nil {
		s.release(l)
		return err
	}
	return nil
}

// remove is Remove under the document's lock l, released by its commit.
func (s *Store) remove(ctx context.Context, id, seq string, l lock) error {
	old, err := s.prior(ctx, id)
	if err != nil {
		return err
	}
	if last := old.latest(); !doc.Supersedes(seq, last) {
		return fmt.Errorf("remove document %s at %s (latest %s): %w", id, seq, last, doc.ErrStale)
	}
	diff := index.Remove(old.Prior)
	if err := s.applyMoves(ctx, id, diff.Moves, nil); err != nil {
		return err
	}
	if err := s.deleteKeys(ctx, s.dropKeys(id, diff, old.unknown)); err != nil {
		return err
	}
	var items []types.TransactWriteItem
	if old.HasRecord {
		cond, vals := old.metaGuard()
		if seq == "" {
			cond, vals = "attribute_exists(pk)", nil
		}
		items = append(items,
			types.TransactWriteItem{Delete: &types.Delete{
				TableName: &s.table, Key: s.key(id, skMeta), ConditionExpression: aws.String(cond), ExpressionAttributeValues: vals,
			}},
			types.TransactWriteItem{Update: s.corpusUpdate(diff.DeltaDocs, diff.DeltaTokens)},
		)
	}
	if seq != "" {
		tc, tv := old.tombGuard()
		items = append(items, types.TransactWriteItem{Put: &types.Put{
			TableName: &s.table, ConditionExpression: aws.String(tc), ExpressionAttributeValues: tv,
			Item: map[string]types.AttributeValue{AttrPK: str(docPK(id)), AttrSK: str(skTomb), attrSeq: str(seq)},
		}})
	}
	items = append(items, s.releaseItem(l))
	_, err = s.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: items})
	if seq == "" && isConditionFailure(err) {
		s.release(l)
		return nil // someone else deleted it and counted it already
	}
	if err != nil {
		// A concurrent change: the retried event reads the new state.
		return fmt.Errorf("delete document %s: %w", id, err)
	}
	return nil
}

// dropKeys are the keys of the term and sketch postings diff drops.
func (s *Store) dropKeys(id string, diff index.Diff, unknown []string) []map[string]types.AttributeValue {
	var keys []map[string]types.AttributeValue
	for _, t := range diff.DropTerms {
		keys = append(keys, s.key(id, skTermPrefix+t))
	}
	for _, h := range diff.DropSketch {
		keys = append(keys, s.key(id, sketchSK(h)))
	}
	for _, sk := range unknown {
		keys = append(keys, s.key(id, sk))
	}
	return keys
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

// applyMoves writes or deletes the facet postings of moves, each in one
// transaction with its counter deltas, guarded by the posting being as the
// diff found it (absent, or counted under the same filter values), so a
// retried write moves no counter twice. item builds a posting to put.
func (s *Store) applyMoves(ctx context.Context, id string, moves []index.FacetMove, item func(index.FacetValue) map[string]types.AttributeValue) error {
	for len(moves) > 0 {
		// Up to 100 actions per transaction, a move's actions together.
		n, actions := 0, 0
		for n < len(moves) && actions+1+len(moves[n].Deltas) <= 100 {
			actions += 1 + len(moves[n].Deltas)
			n++
		}
		batch := moves[:n]
		moves = moves[n:]
		err := s.transactMoves(ctx, id, batch, item)
		if !isConditionFailure(err) {
			if err != nil {
				return err
			}
			continue
		}
		// Some were applied before (a retry): apply the rest one by one.
		for _, m := range batch {
			if err := s.transactMoves(ctx, id, []index.FacetMove{m}, item); err != nil && !isConditionFailure(err) {
				return err
			}
		}
	}
	return nil
}

func (s *Store) transactMoves(ctx context.Context, id string, batch []index.FacetMove, item func(index.FacetValue) map[string]types.AttributeValue) error {
	var items []types.TransactWriteItem
	for _, m := range batch {
		var cond string
		var vals map[string]types.AttributeValue
		switch {
		case !m.Had:
			cond = "attribute_not_exists(pk)"
		case m.OldUnder == "":
			cond = "attribute_exists(pk) AND attribute_not_exists(cw)"
		default:
			cond, vals = "cw = :cw", map[string]types.AttributeValue{":cw": str(m.OldUnder)}
		}
		if m.Has {
			items = append(items, types.TransactWriteItem{Put: &types.Put{
				TableName: &s.table, Item: item(m.FacetValue), ConditionExpression: aws.String(cond), ExpressionAttributeValues: vals,
			}})
		} else {
			items = append(items, types.TransactWriteItem{Delete: &types.Delete{
				TableName: &s.table, Key: s.key(id, facetSK(m.Field, m.Value)), ConditionExpression: aws.String(cond), ExpressionAttributeValues: vals,
			}})
		}
		for _, d := range m.Deltas {
			items = append(items, types.TransactWriteItem{Update: &types.Update{
				TableName:                 &s.table,
				Key:                       map[string]types.AttributeValue{AttrPK: str(counterPK(m.Field, d.Under)), AttrSK: str(m.Value)},
				UpdateExpression:          aws.String("ADD n :d"),
				ExpressionAttributeValues: map[string]types.AttributeValue{":d": num(d.N)},
			}})
		}
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

// corpusItem is the corpus counters' item.
type corpusItem struct {
	Docs   int `dynamodbav:"docs"`
	Tokens int `dynamodbav:"tokens"`
}

// CorpusStats reads the corpus counters.
func (s *Store) CorpusStats(ctx context.Context) (doc.Corpus, error) {
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName: &s.table,
		Key:       map[string]types.AttributeValue{AttrPK: str(pkStat), AttrSK: str(skCorpus)},
	})
	if err != nil {
		return doc.Corpus{}, fmt.Errorf("read corpus counters: %w", err)
	}
	var c corpusItem
	if out.Item != nil {
		if err := attributevalue.UnmarshalMap(out.Item, &c); err != nil {
			return doc.Corpus{}, fmt.Errorf("decode corpus counters: %w", err)
		}
	}
	return doc.Corpus{Docs: c.Docs, Tokens: c.Tokens}, nil
}

// Postings reads the top max postings of term (descending impact, the
// gsi1 sort key), only what ranking needs: the items also carry title and
// snippet, fetched for the shown page only. The second result says whether
// the list goes on.
func (s *Store) Postings(ctx context.Context, term string, max int, withPositions bool) ([]doc.PostingRow, bool, error) {
	proj, names := postingProjection(withPositions)
	names["#p"] = AttrGSI1PK
	var rows []doc.PostingRow
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
			// One more than asked says whether the list goes on.
			Limit: aws.Int32(int32(max + 1 - len(rows))),
		})
		if err != nil {
			return nil, false, fmt.Errorf("postings of %q: %w", term, err)
		}
		for _, it := range out.Items {
			rows = append(rows, postingRow(it))
		}
		if len(rows) > max {
			return rows[:max], true, nil
		}
		if out.LastEvaluatedKey == nil {
			return rows, false, nil
		}
		start = out.LastEvaluatedKey
	}
}

func postingProjection(withPositions bool) (string, map[string]string) {
	proj := "#i, #w, #d, #m"
	names := map[string]string{"#i": "id", "#w": "w", "#d": "dl", "#m": "imp"}
	if withPositions {
		proj += ", #o"
		names["#o"] = "pos"
	}
	return proj, names
}

// postingRow decodes a posting by hand: this is the hot path of every search.
func postingRow(it map[string]types.AttributeValue) doc.PostingRow {
	r := doc.PostingRow{ID: getS(it, "id"), Weight: getN(it, "w"), Length: getN(it, "dl"), Impact: getN(it, "imp")}
	if b, ok := it["pos"].(*types.AttributeValueMemberB); ok {
		r.Pos = b.Value
	}
	return r
}

// Lookup reads the postings of keys from the documents' partitions.
func (s *Store) Lookup(ctx context.Context, keys []doc.PostingKey, withPositions bool) (map[doc.PostingKey]doc.PostingRow, error) {
	out := map[doc.PostingKey]doc.PostingRow{}
	var reqKeys []map[string]types.AttributeValue
	seen := map[doc.PostingKey]bool{}
	for _, k := range keys {
		if !seen[k] { // BatchGetItem refuses duplicates
			seen[k] = true
			reqKeys = append(reqKeys, s.key(k.ID, skTermPrefix+k.Term))
		}
	}
	proj, names := postingProjection(withPositions)
	proj += ", #k"
	names["#k"] = AttrSK
	err := s.batchGet(ctx, reqKeys, types.KeysAndAttributes{ProjectionExpression: aws.String(proj), ExpressionAttributeNames: names}, func(it map[string]types.AttributeValue) error {
		r := postingRow(it)
		out[doc.PostingKey{ID: r.ID, Term: strings.TrimPrefix(getS(it, AttrSK), skTermPrefix)}] = r
		return nil
	})
	return out, err
}

// PostingDetails reads the snippets of postings and the title and date of
// their documents, in one batch: postings no longer repeat the title (it was
// a fifth of a document's bytes), the page's records carry it.
func (s *Store) PostingDetails(ctx context.Context, keys []doc.PostingKey) (map[doc.PostingKey]doc.PostingRow, error) {
	snips := map[doc.PostingKey]string{}
	metas := map[string]doc.PostingRow{}
	var reqKeys []map[string]types.AttributeValue
	seen := map[string]bool{}
	for _, k := range keys {
		sk := skTermPrefix + k.Term
		if !seen[k.ID+"\x00"+sk] {
			seen[k.ID+"\x00"+sk] = true
			reqKeys = append(reqKeys, s.key(k.ID, sk))
		}
		if !seen[k.ID] {
			seen[k.ID] = true
			reqKeys = append(reqKeys, s.key(k.ID, skMeta))
		}
	}
	proj := types.KeysAndAttributes{
		ProjectionExpression: aws.String("#i, #k, #t, #u, #n, #s, #v"),
		ExpressionAttributeNames: map[string]string{"#i": "id", "#k": AttrSK, "#t": "title", "#u": "published", "#n": "snip",
			"#s": "script", "#v": "variant"},
	}
	err := s.batchGet(ctx, reqKeys, proj, func(it map[string]types.AttributeValue) error {
		id, sk := getS(it, "id"), getS(it, AttrSK)
		if sk == skMeta {
			metas[id] = doc.PostingRow{Title: getS(it, "title"), Published: getS(it, "published"), Script: getS(it, "script"), Variant: getS(it, "variant")}
		} else {
			snips[doc.PostingKey{ID: id, Term: strings.TrimPrefix(sk, skTermPrefix)}] = getS(it, "snip")
		}
		return nil
	})
	out := map[doc.PostingKey]doc.PostingRow{}
	for k, snip := range snips {
		m := metas[k.ID]
		out[k] = doc.PostingRow{ID: k.ID, Title: m.Title, Published: m.Published, Snippet: snip, Script: m.Script, Variant: m.Variant}
	}
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

// counterItem is a facet counter's item.
type counterItem struct {
	Value string `dynamodbav:"sk"`
	Count int    `dynamodbav:"n"`
}

// FacetCounts returns the top values of field among the documents f
// selects, from the counters (doc.ErrNotCounted when none are kept). gsi2
// orders a counter partition by count, so this reads the top values (and
// any tied with the last), not every value the field has.
func (s *Store) FacetCounts(ctx context.Context, field string, f doc.Filter, limit int) ([]doc.FacetCount, error) {
	under, ok := index.CounterFilter(f)
	if !ok {
		return nil, doc.ErrNotCounted
	}
	var all []doc.FacetCount
	var start map[string]types.AttributeValue
	for {
		out, err := s.db.Query(ctx, &dynamodb.QueryInput{
			TableName:                 &s.table,
			IndexName:                 aws.String(IndexGSI2),
			KeyConditionExpression:    aws.String("#pk = :pk AND #n > :zero"),
			ExpressionAttributeNames:  map[string]string{"#pk": AttrPK, "#n": "n"},
			ExpressionAttributeValues: map[string]types.AttributeValue{":pk": str(counterPK(field, under)), ":zero": num(0)},
			ScanIndexForward:          aws.Bool(false),
			Limit:                     aws.Int32(int32(limit + 1)),
			ExclusiveStartKey:         start,
		})
		if err != nil {
			return nil, fmt.Errorf("facet %s: %w", field, err)
		}
		var page []counterItem
		if err := attributevalue.UnmarshalListOfMaps(out.Items, &page); err != nil {
			return nil, fmt.Errorf("decode facet %s: %w", field, err)
		}
		for _, fc := range page {
			all = append(all, doc.FacetCount{Value: fc.Value, Count: fc.Count})
		}
		// Done when the list ends or has gone past the limit-th count:
		// values tied with it are ordered by value, so all are needed.
		if out.LastEvaluatedKey == nil || len(all) > limit && all[len(all)-1].Count < all[limit-1].Count {
			break
		}
		start = out.LastEvaluatedKey
	}
	return doc.TopCounts(all, limit), nil
}
