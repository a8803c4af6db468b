package io.github.ddbstreamworker.testsupport;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the test JVM's one moto_server for {@link MotoDynamoDb} before the first test class that
 * needs it, and leaves it to JUnit to stop when the JVM's tests end: the server is kept in the
 * launcher session's store, which closes what it holds when the session closes. Surefire opens one
 * session per test JVM; with several forks it runs each test class as an execution request of its
 * own, so the root context's store, closed after each request, would stop and start the server for
 * every class.
 */
public final class MotoDynamoDbExtension implements BeforeAllCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(MotoDynamoDbExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    context
        .getStore(ExtensionContext.StoreScope.LAUNCHER_SESSION, NAMESPACE)
        .getOrComputeIfAbsent(
            MotoDynamoDb.Running.class,
            key -> MotoDynamoDb.Running.start(),
            MotoDynamoDb.Running.class);
  }
}
