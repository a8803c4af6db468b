package io.github.ddbstreamworker.testsupport;

import io.github.ddbstreamworker.local.MotoServerProcess;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * moto_server on a loopback port, started as {@code local} starts it: the DynamoDB, DynamoDB
 * Streams, SQS and CloudWatch endpoint of the tests. Its state lives in the process's memory only.
 */
public final class MotoServer implements AutoCloseable {

  static final String INSTALL_HINT =
      "moto_server is required by the tests: install it with pip install \"moto[server]\""
          + " (moto 5.x) so that moto_server is on the PATH";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final MotoServerProcess process;

  private MotoServer(MotoServerProcess process) {
    this.process = process;
  }

  /**
   * Starts moto_server on a free loopback port and waits until it answers.
   *
   * @throws IllegalStateException naming how to install it, when moto_server is not installed
   */
  public static MotoServer start() {
    IllegalStateException lastFailure = null;
    // The port is free when chosen, but another socket may take it before moto_server binds it.
    for (int attempt = 0; attempt < 5; attempt++) {
      try {
        return start(0);
      } catch (IllegalStateException e) {
        if (!e.getMessage().contains("in use")) {
          throw e;
        }
        lastFailure = e;
      }
    }
    throw lastFailure;
  }

  /** On a given port, for a test that stops the server and brings it back at the same address. */
  public static MotoServer start(int port) {
    try {
      return new MotoServer(MotoServerProcess.start(port, START_TIMEOUT));
    } catch (MotoServerProcess.MotoServerNotFoundException e) {
      throw new IllegalStateException(INSTALL_HINT, e);
    }
  }

  public int port() {
    return process.endpoint().getPort();
  }

  public URI endpoint() {
    return process.endpoint();
  }

  /** An SQS client for this server (moto accepts any credentials; its account is 123456789012). */
  public SqsClient sqs() {
    return SqsClient.builder()
        .endpointOverride(endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClientBuilder(Apache5HttpClient.builder())
        .build();
  }

  /** Stops the server and waits until the process has ended, so its port is free again. */
  @Override
  public void close() {
    process.close();
  }
}
