package io.github.ddbstreamworker.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the parts of a DynamoDB stream ARN. */
public final class StreamArns {

  private static final Pattern STREAM_ARN =
      Pattern.compile(
          "arn:aws[a-z-]*:dynamodb:(?<region>[a-z0-9-]+):(?<account>[0-9]{12}|[A-Za-z0-9]+)"
              + ":table/(?<table>[A-Za-z0-9_.-]{3,255})/stream/(?<label>[^/\\s]+)");

  private StreamArns() {}

  public static boolean isValid(String arn) {
    return STREAM_ARN.matcher(arn).matches();
  }

  public static String tableName(String arn) {
    return part(arn, "table");
  }

  private static String part(String arn, String group) {
    return matcher(arn).group(group);
  }

  private static Matcher matcher(String arn) {
    Matcher matcher = STREAM_ARN.matcher(arn);
    if (!matcher.matches()) {
      throw new IllegalArgumentException("not a DynamoDB stream ARN: " + arn);
    }
    return matcher;
  }
}
