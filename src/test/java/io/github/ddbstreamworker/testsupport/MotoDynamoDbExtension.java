package io.github.ddbstreamworker.testsupport;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the test run's one moto_server for {@link MotoDynamoDb} before the first test class that
 * needs it, and leaves it to JUnit to stop when the run ends: the server is kept in the root
 * context's store, which closes what it holds after the last test.
 */
public final class MotoDynamoDbExtension implements BeforeAllCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(MotoDynamoDbExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            MotoDynamoDb.Running.class,
            key -> MotoDynamoDb.Running.start(),
            MotoDynamoDb.Running.class);
  }
}
