package io.github.ddbstreamworker.local;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** DynamoDB Local running inside this JVM on a loopback port, in memory or on disk. */
public final class EmbeddedDynamoDb implements AutoCloseable {

  private final DynamoDBProxyServer server;
  private final int port;

  private EmbeddedDynamoDb(DynamoDBProxyServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /**
   * Starts DynamoDB Local.
   *
   * @param port the port to listen on; 0 picks a free one
   * @param dataDirectory where to keep the database; empty keeps it in memory
   */
  public static EmbeddedDynamoDb start(int port, Optional<Path> dataDirectory) {
    int chosenPort = port == 0 ? freePort() : port;
    List<String> args = new ArrayList<>(List.of("-port", Integer.toString(chosenPort)));
    if (dataDirectory.isPresent()) {
      createDirectories(dataDirectory.get());
      args.addAll(List.of("-dbPath", dataDirectory.get().toAbsolutePath().toString()));
    } else {
      args.add("-inMemory");
    }
    args.add("-disableTelemetry");
    PrintStream stdout = System.out;
    // DynamoDB Local prints a plain-text banner on stdout, where only JSON lines belong.
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    try {
      DynamoDBProxyServer server =
          ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
      server.start();
      return new EmbeddedDynamoDb(server, chosenPort);
    } catch (Exception e) {
      throw new IllegalStateException(
          "DynamoDB Local could not start on port " + chosenPort + ": " + e.getMessage(), e);
    } finally {
      System.setOut(stdout);
    }
  }

  public static EmbeddedDynamoDb startInMemory() {
    return start(0, Optional.empty());
  }

  public URI endpoint() {
    return URI.create("http://localhost:" + port);
  }

  /** The server itself, for tests that drive DynamoDB Local's internals (shard rollover). */
  public DynamoDBProxyServer proxyServer() {
    return server;
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("DynamoDB Local did not stop cleanly", e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port for DynamoDB Local", e);
    }
  }

  private static void createDirectories(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create the DynamoDB Local data directory " + directory, e);
    }
  }
}
