package localstack

// EnvVar is one environment variable.
type EnvVar struct{ Name, Value string }

// ClientEnv is the environment under which AWS tools (the AWS CLI, SDKs)
// and the zhdoc CLI reach this stack as they would reach AWS: endpoint
// overrides, the stack's credentials and region, path-style S3 addressing,
// the bucket, table and API URL, and the dead-letter folder and event
// endpoint `zhdoc redrive` uses. `make run` writes it to
// .build/local/env.
func (st *Stack) ClientEnv() []EnvVar {
	return []EnvVar{
		{"AWS_ENDPOINT_URL_S3", st.S3Endpoint},
		{"AWS_ENDPOINT_URL_DYNAMODB", st.DynamoDBEndpoint},
		{"AWS_ACCESS_KEY_ID", accessKey},
		{"AWS_SECRET_ACCESS_KEY", secretKey},
		{"AWS_REGION", region},
		{"AWS_DEFAULT_REGION", region},
		{"AWS_EC2_METADATA_DISABLED", "true"},
		{"S3_FORCE_PATH_STYLE", "true"},
		{"ZHDOC_BUCKET", st.Bucket},
		{"ZHDOC_TABLE", st.Table},
		{"ZHDOC_API", st.APIURL},
		// Where parked events are and where `zhdoc redrive` sends them back.
		{"ZHDOC_DEAD_LETTERS", st.DeadLetterDir},
		{"ZHDOC_EVENTS_URL", st.EventsURL},
	}
}
