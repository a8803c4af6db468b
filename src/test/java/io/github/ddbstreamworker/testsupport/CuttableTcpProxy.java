package io.github.ddbstreamworker.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy to one server, whose path a test can cut and restore: {@link #cut()} resets
 * every open connection and closes the listening port, so new connections are refused, as when a
 * service becomes unreachable; {@link #restore()} listens on the same port again.
 */
public final class CuttableTcpProxy implements AutoCloseable {

  private static final Duration REBIND_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration ACCEPT_END_TIMEOUT = Duration.ofSeconds(10);

  private final InetSocketAddress target;
  private final int port;
  private final Set<Connection> open = ConcurrentHashMap.newKeySet();
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "cuttable-tcp-proxy");
            thread.setDaemon(true);
            return thread;
          });
  private ServerSocket listener;

  /** The accept loop on {@link #listener}. */
  private Future<?> accepting;

  private CuttableTcpProxy(InetSocketAddress target, ServerSocket listener) {
    this.target = target;
    this.listener = listener;
    this.port = listener.getLocalPort();
    accept(listener);
  }

  /**
   * Listens on a free loopback port and forwards each connection to the endpoint's host and port.
   */
  public static CuttableTcpProxy to(URI endpoint) {
    try {
      ServerSocket listener = new ServerSocket();
      listener.setReuseAddress(true);
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return new CuttableTcpProxy(
          new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), listener);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The proxied endpoint, as an HTTP URI for an SDK's endpoint override. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public int port() {
    return port;
  }

  /** Resets every open connection and stops listening: connections are refused until restored. */
  public synchronized void cut() {
    if (listener == null) {
      return;
    }
    closeQuietly(listener);
    listener = null;
    awaitAcceptLoopEnd();
    open.forEach(Connection::reset);
  }

  /**
   * A listening socket closed while a thread waits in accept stays open in the kernel, taking new
   * connections, until that thread has woken up and finished the close: only then is the port shut.
   */
  private void awaitAcceptLoopEnd() {
    try {
      accepting.get(ACCEPT_END_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while closing port " + port, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("port " + port + " did not close", e);
    }
  }

  /** Listens on the same port again. */
  public synchronized void restore() {
    if (listener != null) {
      return;
    }
    long deadline = System.nanoTime() + REBIND_TIMEOUT.toNanos();
    while (true) {
      try {
        ServerSocket rebound = new ServerSocket();
        rebound.setReuseAddress(true);
        try {
          rebound.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
          rebound.close();
          throw e;
        }
        listener = rebound;
        accept(rebound);
        return;
      } catch (BindException inUse) {
        // Another socket took the port while it was free (e.g. as an ephemeral port): wait.
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("cannot listen on port " + port + " again", inUse);
        }
        pause();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private void accept(ServerSocket from) {
    accepting =
        threads.submit(
            () -> {
              while (!from.isClosed()) {
                Socket client;
                try {
                  client = from.accept();
                } catch (IOException closed) {
                  return;
                }
                threads.execute(() -> connect(from, client));
              }
            });
  }

  private void connect(ServerSocket from, Socket client) {
    Socket server = new Socket();
    try {
      server.connect(target);
    } catch (IOException unreachable) {
      reset(client);
      closeQuietly(server);
      return;
    }
    Connection connection = new Connection(client, server);
    synchronized (this) {
      if (listener != from) {
        // Cut while this connection was being set up.
        connection.reset();
        return;
      }
      open.add(connection);
    }
    threads.execute(() -> connection.pump(client, server));
    threads.execute(() -> connection.pump(server, client));
  }

  /** A client's connection and the one opened for it to the target. */
  private final class Connection {

    private final Socket client;
    private final Socket server;
    private final AtomicInteger ended = new AtomicInteger();

    Connection(Socket client, Socket server) {
      this.client = client;
      this.server = server;
    }

    /** Copies bytes one way; at the end of the stream, passes the half-close on. */
    void pump(Socket from, Socket to) {
      try {
        from.getInputStream().transferTo(to.getOutputStream());
        to.shutdownOutput();
      } catch (IOException endedOrCut) {
        close();
      } finally {
        if (ended.incrementAndGet() == 2) {
          close();
        }
      }
    }

    void reset() {
      CuttableTcpProxy.reset(client);
      CuttableTcpProxy.reset(server);
      open.remove(this);
    }

    private void close() {
      closeQuietly(client);
      closeQuietly(server);
      open.remove(this);
    }
  }

  /** Closes with an RST instead of a FIN, as a broken path looks to the other end. */
  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
    } catch (IOException alreadyClosed) {
      // nothing to reset
    }
    closeQuietly(socket);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // closing is all that is wanted
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for port", e);
    }
  }

  @Override
  public void close() {
    cut();
    threads.shutdownNow();
  }
}
