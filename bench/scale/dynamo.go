package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// startDynamoDB starts DynamoDB Local in memory on a free port of
// 127.0.0.1 and returns a client for it and a function that stops it.
func startDynamoDB(ctx context.Context, jar string) (*dynamodb.Client, func(), error) {
	if jar == "" {
		return nil, nil, fmt.Errorf("-jar is required (make tools installs DynamoDB Local)")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, nil, err
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	cmd := exec.Command("java", "-Xmx1g", "-Djava.library.path="+filepath.Join(filepath.Dir(jar), "DynamoDBLocal_lib"),
		"-jar", jar, "-inMemory", "-disableTelemetry", "-port", fmt.Sprint(port))
	cmd.Dir = os.TempDir()
	if err := cmd.Start(); err != nil {
		return nil, nil, fmt.Errorf("start DynamoDB Local: %w", err)
	}
	stop := func() { cmd.Process.Kill(); cmd.Wait() }
	db := dynamodb.New(dynamodb.Options{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("scale", "scalesecret", ""),
		BaseEndpoint: aws.String(fmt.Sprintf("http://127.0.0.1:%d", port)),
	})
	for deadline := time.Now().Add(time.Minute); ; {
		if _, err := db.ListTables(ctx, &dynamodb.ListTablesInput{}); err == nil {
			return db, stop, nil
		} else if time.Now().After(deadline) {
			stop()
			return nil, nil, fmt.Errorf("DynamoDB Local did not answer: %w", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// tableSize counts the table's items and their bytes with a scan (the
// harness's own table; DescribeTable's figures are updated only every few
// hours on AWS).
func tableSize(ctx context.Context, db *dynamodb.Client, table string) (items, bytes int64, err error) {
	out, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: &table})
	if err != nil {
		return 0, 0, fmt.Errorf("describe table: %w", err)
	}
	return aws.ToInt64(out.Table.ItemCount), aws.ToInt64(out.Table.TableSizeBytes), nil
}
