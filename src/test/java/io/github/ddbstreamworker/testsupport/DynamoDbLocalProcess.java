package io.github.ddbstreamworker.testsupport;

import io.github.ddbstreamworker.aws.AwsClients;
import io.github.ddbstreamworker.aws.AwsConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * DynamoDB Local in its own process, on disk, so a test can take it away and bring it back with its
 * tables and streams: the worker sees DynamoDB become unreachable and return.
 */
public final class DynamoDbLocalProcess implements AutoCloseable {

  private final Path dataDirectory;
  private final int port;
  private Process process;

  private DynamoDbLocalProcess(Path dataDirectory, int port) {
    this.dataDirectory = dataDirectory;
    this.port = port;
  }

  public static DynamoDbLocalProcess start(Path dataDirectory) {
    DynamoDbLocalProcess local = new DynamoDbLocalProcess(dataDirectory, freePort());
    local.startProcess();
    return local;
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Clients for this server; the caller closes them. */
  public AwsClients newClients() {
    return new AwsClients(AwsConnection.local(endpoint()));
  }

  /** Kills the server: connections are refused until {@link #restart()}. */
  public void stop() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** Starts it again on the same port and data. */
  public void restart() {
    startProcess();
  }

  private void startProcess() {
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            "com.amazonaws.services.dynamodbv2.local.main.ServerRunner",
            "-port",
            Integer.toString(port),
            "-dbPath",
            dataDirectory.toString(),
            "-disableTelemetry");
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(this::accepts);
  }

  private boolean accepts() {
    try (java.net.Socket socket = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
