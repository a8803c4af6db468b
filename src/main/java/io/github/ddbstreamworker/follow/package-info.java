/**
 * Which stream the worker consumes as a table's stream is disabled, re-enabled or its table
 * deleted: the stream the lease table is on, whether it is read to its end, and what comes next.
 *
 * <p>A re-enabled stream has a new ARN and no shard linked to the old one, and the adapter does not
 * follow it. With TABLE_NAME the worker reads the old stream to its end, then the new one from its
 * start; with STREAM_ARN it reads what remains and then stops with an error naming the cause.
 */
package io.github.ddbstreamworker.follow;
