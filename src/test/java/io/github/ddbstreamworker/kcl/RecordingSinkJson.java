package io.github.ddbstreamworker.kcl;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ddbstreamworker.testsupport.RecordingSink;

final class RecordingSinkJson {
  private RecordingSinkJson() {}

  static JsonNode object(String json) {
    return RecordingSink.parse(json);
  }
}
