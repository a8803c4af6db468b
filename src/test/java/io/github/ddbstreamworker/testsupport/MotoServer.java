package io.github.ddbstreamworker.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * moto_server on a loopback port: the DynamoDB, DynamoDB Streams, SQS and CloudWatch endpoint of
 * the tests. Its state lives in the process's memory only.
 */
public final class MotoServer implements AutoCloseable {

  static final String INSTALL_HINT =
      "moto_server is required by the tests: install it with pip install \"moto[server]\""
          + " (moto 5.x) so that moto_server is on the PATH";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final Path log;
  private final int port;

  private MotoServer(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /**
   * Starts moto_server on a free loopback port and waits until it answers.
   *
   * @throws IllegalStateException naming how to install it, when moto_server is not installed
   */
  public static MotoServer start() {
    PortInUseException lastInUse = null;
    // The port is free when chosen, but another socket may take it before moto_server binds it.
    for (int attempt = 0; attempt < 5; attempt++) {
      try {
        return start(freePort());
      } catch (PortInUseException e) {
        lastInUse = e;
      }
    }
    throw lastInUse;
  }

  /** On a given port, for a test that stops the server and brings it back at the same address. */
  public static MotoServer start(int port) {
    Path log;
    try {
      log = Files.createTempFile("moto-server-" + port + "-", ".log");
      log.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Process process;
    try {
      process =
          new ProcessBuilder(
                  List.of("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port)))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException notInstalled) {
      throw new IllegalStateException(INSTALL_HINT, notInstalled);
    }
    MotoServer server = new MotoServer(process, log, port);
    try {
      Awaitility.await()
          .atMost(START_TIMEOUT)
          .pollInterval(Duration.ofMillis(200))
          .until(() -> !process.isAlive() || server.answers());
    } catch (ConditionTimeoutException e) {
      server.close();
      throw new IllegalStateException(
          "moto_server did not answer within "
              + START_TIMEOUT
              + "; its output:\n"
              + server.output(),
          e);
    }
    if (!process.isAlive()) {
      String output = server.output();
      if (output.contains("in use")) {
        throw new PortInUseException(port, output);
      }
      throw new IllegalStateException("moto_server exited at start; its output:\n" + output);
    }
    return server;
  }

  /** moto_server could not listen on its port. */
  private static final class PortInUseException extends IllegalStateException {
    PortInUseException(int port, String output) {
      super("moto_server could not listen on port " + port + ": " + output);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port for moto_server", e);
    }
  }

  public int port() {
    return port;
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
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

  private boolean answers() throws InterruptedException {
    try {
      return HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(endpoint()).build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          < 500;
    } catch (IOException notYet) {
      return false;
    }
  }

  private String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  /** Stops the server and waits until the process has ended, so its port is free again. */
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
