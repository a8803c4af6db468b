package io.github.ddbstreamworker.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy the outage tests cut: forwards both ways, and when cut, nothing gets through. */
class CuttableTcpProxyTest {

  private final ExecutorService echoThreads = Executors.newCachedThreadPool();
  private ServerSocket echo;
  private CuttableTcpProxy proxy;

  @BeforeEach
  void startEchoServerBehindTheProxy() throws IOException {
    echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    echoThreads.execute(
        () -> {
          while (!echo.isClosed()) {
            try {
              Socket connection = echo.accept();
              echoThreads.execute(() -> echoBack(connection));
            } catch (IOException closed) {
              return;
            }
          }
        });
    proxy = CuttableTcpProxy.to(URI.create("http://127.0.0.1:" + echo.getLocalPort()));
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    echo.close();
    echoThreads.shutdownNow();
  }

  @Test
  void forwardsBytesBothWaysAndPassesTheEndOfTheStreamOn() throws IOException {
    try (Socket client = connect()) {
      assertThat(roundTrip(client, "hello")).isEqualTo("hello");
      assertThat(roundTrip(client, "again")).isEqualTo("again");

      client.shutdownOutput();
      assertThat(client.getInputStream().read())
          .as("the echo server closed its side")
          .isEqualTo(-1);
    }
  }

  @Test
  void aCutResetsOpenConnectionsAndRefusesNewOnes() throws IOException {
    try (Socket client = connect()) {
      assertThat(roundTrip(client, "before")).isEqualTo("before");

      proxy.cut();

      assertThatThrownBy(() -> client.getInputStream().read())
          .isInstanceOf(SocketException.class)
          .hasMessageContaining("reset");
    }
    assertThatThrownBy(this::connect).isInstanceOf(ConnectException.class);
  }

  @Test
  void afterARestoreItForwardsAgainOnTheSamePort() throws IOException {
    int port = proxy.port();
    proxy.cut();
    proxy.restore();

    try (Socket client = connect()) {
      assertThat(client.getPort()).isEqualTo(port);
      assertThat(roundTrip(client, "after")).isEqualTo("after");
    }
  }

  private Socket connect() throws IOException {
    return new Socket(InetAddress.getLoopbackAddress(), proxy.port());
  }

  private static String roundTrip(Socket client, String message) throws IOException {
    byte[] sent = message.getBytes(StandardCharsets.UTF_8);
    client.getOutputStream().write(sent);
    client.getOutputStream().flush();
    byte[] received = client.getInputStream().readNBytes(sent.length);
    return new String(received, StandardCharsets.UTF_8);
  }

  private static void echoBack(Socket connection) {
    try (connection;
        InputStream in = connection.getInputStream();
        OutputStream out = connection.getOutputStream()) {
      byte[] buffer = new byte[1024];
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        out.write(buffer, 0, read);
        out.flush();
      }
    } catch (IOException ignored) {
      // the client went away
    }
  }
}
