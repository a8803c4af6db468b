package io.github.ddbstreamworker.simulator;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;

/** One item change as a table write would make it: the item before and after. */
record Change(
    OperationType operation,
    Map<String, AttributeValue> oldItem,
    Map<String, AttributeValue> newItem) {

  static Change insert(Map<String, AttributeValue> item) {
    return new Change(OperationType.INSERT, null, item);
  }

  static Change modify(Map<String, AttributeValue> oldItem, Map<String, AttributeValue> newItem) {
    return new Change(OperationType.MODIFY, oldItem, newItem);
  }

  static Change remove(Map<String, AttributeValue> oldItem) {
    return new Change(OperationType.REMOVE, oldItem, null);
  }

  /** The item the keys are read from: the new one, or the removed one. */
  Map<String, AttributeValue> keySource() {
    return newItem != null ? newItem : oldItem;
  }
}
