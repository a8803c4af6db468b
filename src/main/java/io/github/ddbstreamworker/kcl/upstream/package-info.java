/**
 * The one place that relies on behaviour of the KCL 3.3.0 and the DynamoDB Streams Kinesis Adapter
 * 2.0.1 that is not their public API: lease and worker-metrics row attributes, table names, adapter
 * constructors and methods overridden for speed, the shard-sync factory used at start-up, and the
 * KCL's metrics-scope internals. {@code UpstreamContractTest} pins each against the real libraries;
 * docs/design.md lists them. Nothing outside this package touches those details.
 */
package io.github.ddbstreamworker.kcl.upstream;
