package io.github.ddbstreamworker.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.event.KeyValuePair;

/**
 * Turns a log event into one line in the {@link LogFormat} in force, which a command may change
 * once it has read its settings ({@link ConsoleLog#use}).
 *
 * <p>JSON: {@code timestamp} (ISO-8601, UTC), {@code level}, {@code logger}, {@code thread}, {@code
 * message}, then each MDC entry (the {@code shardId} of a record processor's lines) and each
 * key-value pair at the top level, then {@code stackTrace} as one string when there is a throwable.
 * Fields without a value are left out. An MDC entry or a pair named like a field written before it
 * is written as {@code mdc.<name>} or {@code kv.<name>} rather than twice. Logback's own
 * JsonEncoder nests MDC and pairs in objects, writes them empty, gives the time in epoch
 * milliseconds and the throwable as an object of frames.
 *
 * <p>Text: local time, level, the shard in brackets when there is one, the message, then {@code
 * key=value} pairs; a stack trace follows on its own lines.
 */
public final class ConsoleEncoder extends EncoderBase<ILoggingEvent> {

  /** The MDC key and pair name that {@link LogFormat#TEXT} shows in brackets. */
  static final String SHARD_ID = "shardId";

  private static final List<String> FIELDS =
      List.of("timestamp", "level", "logger", "thread", "message", "stackTrace");
  private static final DateTimeFormatter LOCAL_TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneId.systemDefault());
  private static final byte[] NO_BYTES = new byte[0];

  private final JsonFactory json = new JsonFactory();
  private volatile LogFormat format = LogFormat.JSON;

  /** {@code json} or {@code text}, as logback.xml gives it; JSON until told otherwise. */
  public void setFormat(String name) {
    try {
      format = LogFormat.valueOf(name.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      addError("format is json or text, not '" + name + "'");
    }
  }

  public LogFormat format() {
    return format;
  }

  void use(LogFormat format) {
    this.format = format;
  }

  @Override
  public byte[] headerBytes() {
    return NO_BYTES;
  }

  @Override
  public byte[] footerBytes() {
    return NO_BYTES;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    return format == LogFormat.TEXT ? text(event) : json(event);
  }

  private byte[] json(ILoggingEvent event) {
    ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    try (JsonGenerator out = json.createGenerator(line)) {
      Set<String> written = new HashSet<>(FIELDS);
      out.writeStartObject();
      out.writeStringField("timestamp", Instant.ofEpochMilli(event.getTimeStamp()).toString());
      out.writeStringField("level", event.getLevel().toString());
      out.writeStringField("logger", event.getLoggerName());
      out.writeStringField("thread", event.getThreadName());
      out.writeStringField("message", event.getFormattedMessage());
      for (Map.Entry<String, String> entry : event.getMDCPropertyMap().entrySet()) {
        if (entry.getValue() != null) {
          String name = written.add(entry.getKey()) ? entry.getKey() : "mdc." + entry.getKey();
          out.writeStringField(name, entry.getValue());
        }
      }
      for (KeyValuePair pair : pairs(event)) {
        if (pair.key != null && pair.value != null) {
          String name = written.add(pair.key) ? pair.key : "kv." + pair.key;
          writeValue(out, name, pair.value);
        }
      }
      IThrowableProxy throwable = event.getThrowableProxy();
      if (throwable != null) {
        out.writeStringField("stackTrace", ThrowableProxyUtil.asString(throwable).stripTrailing());
      }
      out.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    line.write('\n');
    return line.toByteArray();
  }

  private static void writeValue(JsonGenerator out, String name, Object value) throws IOException {
    if (value instanceof Boolean bool) {
      out.writeBooleanField(name, bool);
    } else if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      out.writeNumberField(name, ((Number) value).longValue());
    } else if (value instanceof Double || value instanceof Float) {
      double number = ((Number) value).doubleValue();
      if (Double.isFinite(number)) {
        out.writeNumberField(name, number);
      } else {
        out.writeStringField(name, String.valueOf(number));
      }
    } else {
      out.writeStringField(name, String.valueOf(value));
    }
  }

  private static byte[] text(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(160);
    line.append(LOCAL_TIME.format(Instant.ofEpochMilli(event.getTimeStamp())))
        .append(' ')
        .append(String.format(Locale.ROOT, "%-5s", event.getLevel()))
        .append(' ');
    Map<String, String> mdc = event.getMDCPropertyMap();
    String shard = mdc.get(SHARD_ID);
    List<KeyValuePair> pairs = pairs(event);
    if (shard == null) {
      shard =
          pairs.stream()
              .filter(pair -> SHARD_ID.equals(pair.key) && pair.value != null)
              .map(pair -> String.valueOf(pair.value))
              .findFirst()
              .orElse(null);
    }
    if (shard != null) {
      line.append('[').append(shard).append("] ");
    }
    line.append(event.getFormattedMessage());
    mdc.forEach(
        (key, value) -> {
          if (!SHARD_ID.equals(key) && value != null) {
            appendPair(line, key, value);
          }
        });
    for (KeyValuePair pair : pairs) {
      if (pair.key != null && pair.value != null && !SHARD_ID.equals(pair.key)) {
        appendPair(line, pair.key, pair.value);
      }
    }
    line.append(CoreConstants.LINE_SEPARATOR);
    IThrowableProxy throwable = event.getThrowableProxy();
    if (throwable != null) {
      line.append(ThrowableProxyUtil.asString(throwable).stripTrailing())
          .append(CoreConstants.LINE_SEPARATOR);
    }
    return line.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void appendPair(StringBuilder line, String key, Object value) {
    String text = String.valueOf(value);
    boolean quoted = text.isEmpty() || text.chars().anyMatch(c -> c == ' ' || c == '"');
    line.append(' ').append(key).append('=');
    if (quoted) {
      line.append('"').append(text.replace("\"", "\\\"")).append('"');
    } else {
      line.append(text);
    }
  }

  private static List<KeyValuePair> pairs(ILoggingEvent event) {
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    return pairs == null ? List.of() : pairs;
  }
}
