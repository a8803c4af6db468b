/**
 * A DynamoDB Streams simulator: an HTTP endpoint that speaks the DynamoDB Streams JSON protocol,
 * with records written through a Java API, shards that roll over and split, retention, iterator
 * expiry, read throttling and fault switches.
 *
 * <p>It knows nothing of the worker and imports no other package of this project; only the command
 * line ({@code cli}) uses it, so tests and benchmarks can aim any DynamoDB Streams client at
 * behaviour that moto_server cannot show.
 */
package io.github.ddbstreamworker.simulator;
