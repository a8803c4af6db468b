package io.github.ddbstreamworker.testsupport;

import io.github.ddbstreamworker.simulator.SimulatedStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Inserts items {@code <prefix>-0}, {@code <prefix>-1}, ... into a table, or a simulated stream, at
 * a steady rate on its own thread, so a test can kill workers under load and then check every item
 * was logged.
 */
public final class SteadyWriter implements AutoCloseable {

  private final Thread thread;
  private final AtomicInteger written = new AtomicInteger();
  private volatile boolean running = true;

  private SteadyWriter(
      Consumer<Map<String, AttributeValue>> insert, String prefix, Duration interval) {
    thread =
        new Thread(
            () -> {
              while (running) {
                int index = written.get();
                Map<String, AttributeValue> item =
                    Map.of(
                        "id", AttributeValue.fromS(prefix + "-" + index),
                        "writtenAt",
                            AttributeValue.fromN(Long.toString(System.currentTimeMillis())));
                try {
                  insert.accept(item);
                  written.incrementAndGet();
                } catch (SdkException unreachable) {
                  // the same item again once the table is back, so ids stay contiguous
                }
                sleep(interval);
              }
            },
            "steady-writer");
    thread.setDaemon(true);
  }

  /** Writes into the test run's moto_server. */
  public static SteadyWriter start(String table, String prefix, Duration interval) {
    return start(MotoDynamoDb.clients().dynamoDb(), table, prefix, interval);
  }

  public static SteadyWriter start(
      DynamoDbClient dynamoDb, String table, String prefix, Duration interval) {
    return start(
        item -> dynamoDb.putItem(request -> request.tableName(table).item(item)), prefix, interval);
  }

  /** Inserts into a stream of the simulator, each item into the shard its id hashes to. */
  public static SteadyWriter intoStream(SimulatedStream stream, String prefix, Duration interval) {
    return start(stream::insert, prefix, interval);
  }

  /** Hands each item to {@code insert}, which writes it where the caller wants. */
  public static SteadyWriter start(
      Consumer<Map<String, AttributeValue>> insert, String prefix, Duration interval) {
    SteadyWriter writer = new SteadyWriter(insert, prefix, interval);
    writer.thread.start();
    return writer;
  }

  /** Items written so far. */
  public int written() {
    return written.get();
  }

  /** Stops writing and returns how many items were written. */
  public int stop() throws InterruptedException {
    running = false;
    thread.join();
    return written.get();
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }

  private static void sleep(Duration interval) {
    try {
      Thread.sleep(interval.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
