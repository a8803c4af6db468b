package io.github.ddbstreamworker.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Item lines from every worker of a fleet, counted by item id: what arrived, and what again. */
final class ItemTally {

  private static final Pattern ID = Pattern.compile("\"keys\":\\{\"id\":\"([^\"]+)\"");

  private final Map<String, Integer> linesById = new ConcurrentHashMap<>();
  private final AtomicInteger repeats = new AtomicInteger();

  /** Counts an item line; a line of an item seen before is a repeat. */
  void accept(String itemLine) {
    Matcher id = ID.matcher(itemLine);
    if (id.find() && linesById.merge(id.group(1), 1, Integer::sum) > 1) {
      repeats.incrementAndGet();
    }
  }

  /** Lines so far that repeated an item already logged, by this worker or another. */
  int repeats() {
    return repeats.get();
  }

  boolean delivered(String id) {
    return linesById.containsKey(id);
  }
}
