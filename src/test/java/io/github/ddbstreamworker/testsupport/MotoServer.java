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

/** moto_server, a CloudWatch-compatible endpoint, started on a loopback port for one test. */
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

  @Override
  public void close() {
    process.destroy();
  }
}
