package io.github.ddbstreamworker.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.awaitility.Awaitility;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * moto_server, a CloudWatch- and SQS-compatible endpoint, started on a loopback port for one test.
 */
public final class MotoServer implements AutoCloseable {

  private final Process process;
  private final int port;

  private MotoServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts moto_server, or returns empty when it is not installed. */
  public static Optional<MotoServer> start() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    return start(port);
  }

  /** On a given port, for a test that stops the server and brings it back at the same address. */
  public static Optional<MotoServer> start(int port) throws IOException {
    Process process;
    try {
      process =
          new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException notInstalled) {
      return Optional.empty();
    }
    MotoServer server = new MotoServer(process, port);
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(server::answers);
    return Optional.of(server);
  }

  public int port() {
    return port;
  }

  /** An SQS client for this server (moto accepts any credentials; its account is 123456789012). */
  public SqsClient sqs() {
    return SqsClient.builder()
        .endpointOverride(endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClientBuilder(ApacheHttpClient.builder())
        .build();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  private boolean answers() throws Exception {
    return HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(endpoint()).build(), HttpResponse.BodyHandlers.discarding())
            .statusCode()
        < 500;
  }

  /** Stops the server and waits until the port is closed. */
  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
