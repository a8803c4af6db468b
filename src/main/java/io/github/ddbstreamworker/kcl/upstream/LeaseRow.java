package io.github.ddbstreamworker.kcl.upstream;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One row of the lease table as the KCL wrote it.
 *
 * @param leaseKey the shard id (a single-stream application's lease key)
 * @param owner the worker holding the lease; null while nobody does
 * @param counter raised by the owner at every renewal
 * @param checkpoint a sequence number, TRIM_HORIZON, LATEST or SHARD_END; null if absent
 * @param attributes the whole row, for attributes of the worker's own
 */
public record LeaseRow(
    String leaseKey,
    String owner,
    long counter,
    String checkpoint,
    Map<String, AttributeValue> attributes) {}
