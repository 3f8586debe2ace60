package textstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/zhdoc/zhdoc/shared/doc"
)

// S3API is the subset of the S3 client the adapter uses.
type S3API interface {
	GetObject(ctx context.Context, in *s3.GetObjectInput, opts ...func(*s3.Options)) (*s3.GetObjectOutput, error)
	PutObject(ctx context.Context, in *s3.PutObjectInput, opts ...func(*s3.Options)) (*s3.PutObjectOutput, error)
	DeleteObject(ctx context.Context, in *s3.DeleteObjectInput, opts ...func(*s3.Options)) (*s3.DeleteObjectOutput, error)
	HeadObject(ctx context.Context, in *s3.HeadObjectInput, opts ...func(*s3.Options)) (*s3.HeadObjectOutput, error)
}

// S3 is doc.Objects on S3 (or MinIO).
type S3 struct{ Client S3API }

var _ doc.Objects = S3{}

// Get opens an object; doc.ErrNotFound when the key holds none.
func (s S3) Get(ctx context.Context, bucket, key string) (doc.Object, error) {
	out, err := s.Client.GetObject(ctx, &s3.GetObjectInput{Bucket: &bucket, Key: &key})
	if err != nil {
		return doc.Object{}, notFound(err)
	}
	return doc.Object{Body: out.Body, Size: aws.ToInt64(out.ContentLength), ETag: strings.Trim(aws.ToString(out.ETag), `"`),
		ContentType: aws.ToString(out.ContentType)}, nil
}

// Exists reports whether key holds an object.
func (s S3) Exists(ctx context.Context, bucket, key string) (bool, error) {
	_, err := s.Client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &bucket, Key: &key})
	if err == nil {
		return true, nil
	}
	if err = notFound(err); errors.Is(err, doc.ErrNotFound) {
		return false, nil
	}
	return false, err
}

// PutText writes text as a UTF-8 text object.
func (s S3) PutText(ctx context.Context, bucket, key, text string) error {
	_, err := s.Client.PutObject(ctx, &s3.PutObjectInput{
		Bucket:      &bucket,
		Key:         &key,
		Body:        bytes.NewReader([]byte(text)),
		ContentType: aws.String("text/plain; charset=utf-8"),
	})
	return err
}

// Delete removes an object; a missing one is not an error.
func (s S3) Delete(ctx context.Context, bucket, key string) error {
	_, err := s.Client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: &bucket, Key: &key})
	if err = notFound(err); errors.Is(err, doc.ErrNotFound) {
		return nil
	}
	return err
}

// notFound marks S3's "no such key" (GetObject) and "not found" (HeadObject,
// which has no body to name the code) as doc.ErrNotFound.
func notFound(err error) error {
	var apiErr interface{ ErrorCode() string }
	if errors.As(err, &apiErr) {
		switch apiErr.ErrorCode() {
		case "NoSuchKey", "NotFound":
			return fmt.Errorf("%w: %w", doc.ErrNotFound, err)
		}
	}
	return err
}
