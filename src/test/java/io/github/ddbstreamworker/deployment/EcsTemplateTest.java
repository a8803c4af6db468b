package io.github.ddbstreamworker.deployment;

import static io.github.ddbstreamworker.testsupport.CloudFormationTemplate.list;
import static io.github.ddbstreamworker.testsupport.CloudFormationTemplate.map;
import static io.github.ddbstreamworker.testsupport.CloudFormationTemplate.oneOrMany;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ddbstreamworker.config.Setting;
import io.github.ddbstreamworker.config.Settings;
import io.github.ddbstreamworker.core.filter.FilterCriteria;
import io.github.ddbstreamworker.kcl.StreamWorker;
import io.github.ddbstreamworker.kcl.upstream.KclTables;
import io.github.ddbstreamworker.lambda.StreamHandler;
import io.github.ddbstreamworker.metrics.MeterNames;
import io.github.ddbstreamworker.testsupport.CloudFormationTemplate;
import java.io.DataInputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What cfn-lint cannot check in ecs/ddb-stream-worker.yaml: that it agrees with the worker (its
 * settings, metric names, default filter, shutdown time, image) and that its IAM is least
 * privilege.
 */
class EcsTemplateTest {

  private static final CloudFormationTemplate TEMPLATE =
      CloudFormationTemplate.read(Path.of("ecs/ddb-stream-worker.yaml"));

  /** Actions with no resource-level permissions, where IAM accepts only Resource '*'. */
  private static final Set<String> ACTIONS_WITHOUT_RESOURCES =
      Set.of("cloudwatch:PutMetricData", "ecr:GetAuthorizationToken", "dynamodb:ListStreams");

  /** The metric a Metrics Insights query reads: {@code SELECT SUM("name") FROM ...}. */
  private static final Pattern METRICS_INSIGHTS_METRIC =
      Pattern.compile("SELECT \\w+\\(\"([^\"]+)\"\\)");

  private static final String DEMO_STREAM_ARN =
      "arn:aws:dynamodb:eu-west-1:123456789012:table/demo/stream/2026-11-22T00:00:00.000";

  @Test
  void noPolicyGrantsAWildcardAction() {
    assertThat(allStatements())
        .flatExtracting(statement -> oneOrMany(statement.get("Action")))
        .isNotEmpty()
        .allSatisfy(action -> assertThat((String) action).doesNotContain("*"));
    assertThat(allStatements()).noneMatch(statement -> statement.containsKey("NotAction"));
  }

  @Test
  void wildcardResourcesOnlyForActionsThatAcceptNothingNarrower() {
    List<Map<String, Object>> wildcards =
        allStatements().stream()
            .filter(statement -> oneOrMany(statement.get("Resource")).contains("*"))
            .toList();

    assertThat(wildcards)
        .flatExtracting(statement -> oneOrMany(statement.get("Action")))
        .isSubsetOf(ACTIONS_WITHOUT_RESOURCES);
    Map<String, Object> putMetricData =
        statementsOf("TaskRole").stream()
            .filter(statement -> actions(statement).contains("cloudwatch:PutMetricData"))
            .findFirst()
            .orElseThrow();
    assertThat(map(map(putMetricData, "Condition"), "StringEquals"))
        .containsEntry("cloudwatch:namespace", Map.of("Ref", "MetricsNamespace"));
  }

  @Test
  void taskRoleReadsOnlyTheStreamTheWorkerIsGiven() {
    Object streamArn = containerEnvironment().get(Setting.STREAM_ARN.env());

    List<Map<String, Object>> streamReads =
        statementsOf("TaskRole").stream()
            .filter(statement -> actions(statement).contains("dynamodb:GetRecords"))
            .toList();

    assertThat(streamReads).hasSize(1);
    assertThat(actions(streamReads.get(0)))
        .containsExactlyInAnyOrder(
            "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator");
    assertThat(oneOrMany(streamReads.get(0).get("Resource"))).containsExactly(streamArn);
    assertThat(TEMPLATE.properties("ConsumerEventSourceMapping"))
        .containsEntry("EventSourceArn", streamArn);
  }

  @Test
  void taskRoleManagesOnlyTheKclTablesOfItsOwnApplication() {
    assertThat(containerEnvironment())
        .containsEntry(Setting.APPLICATION_NAME.env(), Map.of("Ref", "ApplicationName"));
    String application = "orders-consumer";
    Set<String> kclTables =
        Set.of(
            KclTables.leases(application),
            KclTables.workerMetrics(application),
            KclTables.coordinatorState(application));

    Set<String> tables = new HashSet<>();
    Set<String> indexes = new HashSet<>();
    for (Map<String, Object> statement : statementsOf("TaskRole")) {
      for (Object resource : oneOrMany(statement.get("Resource"))) {
        String arn = substitute(resource, Map.of("ApplicationName", application));
        if (arn.contains(":table/") && !arn.contains("/stream/") && !arn.equals("*")) {
          String path = arn.substring(arn.indexOf(":table/") + ":table/".length());
          if (path.endsWith("/index/*")) {
            indexes.add(path.substring(0, path.length() - "/index/*".length()));
          } else if (actions(statement).contains("dynamodb:CreateTable")) {
            tables.add(path);
          }
        }
      }
    }

    assertThat(tables).isEqualTo(kclTables);
    assertThat(indexes).isSubsetOf(kclTables).contains(application);
    assertThat(
            statementsOf("TaskRole").stream()
                .filter(statement -> actions(statement).contains("dynamodb:CreateTable"))
                .flatMap(statement -> actions(statement).stream())
                .toList())
        .contains(
            "dynamodb:CreateTable",
            "dynamodb:DescribeTable",
            "dynamodb:Scan",
            "dynamodb:Query",
            "dynamodb:GetItem",
            "dynamodb:PutItem",
            "dynamodb:UpdateItem",
            "dynamodb:DeleteItem")
        .doesNotContain("dynamodb:DeleteTable");
  }

  @Test
  void taskDefinitionSetsOnlySettingsTheWorkerKnowsAndTheyAreValid() {
    Set<String> known = Setting.all().stream().map(Setting::env).collect(Collectors.toSet());
    Map<String, Object> environment = containerEnvironment();

    assertThat(known).containsAll(environment.keySet());

    Map<String, String> resolved = new HashMap<>();
    environment.forEach((name, value) -> resolved.put(name, resolve(value)));
    assertThatCode(() -> Settings.from(resolved::get)).doesNotThrowAnyException();
    assertThat(Settings.from(resolved::get).metrics().export().name()).isEqualTo("CLOUDWATCH");
  }

  @Test
  void eventSourceMappingFiltersLikeTheWorkersDefault() throws IOException {
    Map<String, Object> mapping = TEMPLATE.properties("ConsumerEventSourceMapping");
    List<Object> filters = list(map(mapping, "FilterCriteria"), "Filters");

    assertThat(filters).hasSize(1);
    ObjectMapper json = new ObjectMapper();
    String pattern = (String) ((Map<?, ?>) filters.get(0)).get("Pattern");
    assertThat(json.readTree(pattern)).isEqualTo(json.readTree(FilterCriteria.DEFAULT));
    assertThat(list(mapping, "FunctionResponseTypes")).containsExactly("ReportBatchItemFailures");
    assertThat(mapping).containsEntry("BisectBatchOnFunctionError", true);
    assertThat(map(map(map(mapping, "DestinationConfig"), "OnFailure"), "Destination"))
        .isEqualTo(Map.of("Fn::GetAtt", List.of("FailureQueue", "Arn")));
    assertThat(resolve(mapping.get("MaximumRetryAttempts"))).isNotEqualTo("-1");
    assertThat(resolve(mapping.get("MaximumRecordAgeInSeconds"))).isNotEqualTo("-1");
  }

  @Test
  void lambdaHandlerIsTheProjectsHandler() throws Exception {
    String handler = (String) TEMPLATE.properties("ConsumerFunction").get("Handler");
    String[] classAndMethod = handler.split("::");

    Class<?> type = Class.forName(classAndMethod[0]);

    assertThat(RequestHandler.class).isAssignableFrom(type);
    assertThat(type.getMethods()).anyMatch(method -> method.getName().equals(classAndMethod[1]));
  }

  /**
   * SnapStart as Lambda documents it for Java: on published versions, on a java11 or later managed
   * runtime, and with none of what it does not support (EFS, ephemeral storage above 512 MB,
   * provisioned concurrency). The runtime also runs the handler's class files.
   */
  @Test
  void lambdaFunctionUsesSnapStartOnARuntimeThatSupportsIt() throws IOException {
    Map<String, Object> function = TEMPLATE.properties("ConsumerFunction");
    String runtime = (String) function.get("Runtime");
    Matcher java = Pattern.compile("java(\\d+)").matcher(runtime);

    assertThat(map(function, "SnapStart")).isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
    assertThat(java.matches()).as("a Java managed runtime: %s", runtime).isTrue();
    int feature = Integer.parseInt(java.group(1));
    assertThat(feature).isGreaterThanOrEqualTo(11);
    assertThat(classFileFeature(StreamHandler.class)).isLessThanOrEqualTo(feature);
    assertThat(function).doesNotContainKeys("FileSystemConfigs", "PackageType", "ImageConfig");
    Map<String, Object> storage = map(function, "EphemeralStorage");
    if (storage != null) {
      assertThat(((Number) storage.get("Size")).intValue()).isLessThanOrEqualTo(512);
    }
    TEMPLATE.forEachMap(node -> assertThat(node).doesNotContainKey("ProvisionedConcurrencyConfig"));
  }

  /**
   * $LATEST never resumes from a snapshot: the mapping invokes an alias of a published version, and
   * that version is replaced (a new one published) whenever the code's S3 location changes.
   */
  @Test
  void eventSourceMappingInvokesAnAliasOfAPublishedVersionOfNewCode() {
    Map<String, Object> mapping = TEMPLATE.properties("ConsumerEventSourceMapping");
    assertThat(mapping.get("FunctionName")).isEqualTo(Map.of("Ref", "ConsumerAlias"));

    assertThat(TEMPLATE.resourceType("ConsumerAlias")).isEqualTo("AWS::Lambda::Alias");
    Map<String, Object> alias = TEMPLATE.properties("ConsumerAlias");
    assertThat(alias)
        .containsEntry("FunctionName", Map.of("Ref", "ConsumerFunction"))
        .containsEntry(
            "FunctionVersion", Map.of("Fn::GetAtt", List.of("ConsumerVersion", "Version")))
        .doesNotContainKey("RoutingConfig");

    assertThat(TEMPLATE.resourceType("ConsumerVersion")).isEqualTo("AWS::Lambda::Version");
    Map<String, Object> version = TEMPLATE.properties("ConsumerVersion");
    assertThat(version).containsEntry("FunctionName", Map.of("Ref", "ConsumerFunction"));
    Map<String, Object> code = map(TEMPLATE.properties("ConsumerFunction"), "Code");
    List<?> byStart = (List<?>) map(version, "Description").get("Fn::If");
    assertThat(byStart.get(0)).isEqualTo("StartAtTime");
    Map<String, String> longest =
        Map.of(
            "LambdaCodeS3Bucket", "b".repeat(63),
            "LambdaCodeS3Key", longestCodeKey(),
            "InitialTimestamp", longestInitialTimestamp());
    for (Object description : byStart.subList(1, 3)) {
      assertThat(substitute(description, longest))
          .hasSizeLessThanOrEqualTo(256)
          .contains("b".repeat(63))
          .endsWith(longestCodeKey());
    }
    assertThat(substitute(byStart.get(1), longest)).contains(longestInitialTimestamp());
    assertThat(code.values())
        .containsExactlyInAnyOrder(
            Map.of("Ref", "LambdaCodeS3Bucket"), Map.of("Ref", "LambdaCodeS3Key"));

    for (String id : List.of("ConsumerVersion", "ConsumerAlias", "ConsumerEventSourceMapping")) {
      assertThat(TEMPLATE.resource(id)).containsEntry("Condition", "WithLambda");
    }
  }

  /**
   * A DynamoDB event source mapping starts only at TRIM_HORIZON or LATEST. With AT_TIMESTAMP it
   * starts at the trim horizon and the function, like the worker, is given the time to start at.
   */
  @Test
  void atTimestampStartsTheMappingAtTheTrimHorizonAndGivesBothConsumersTheTime() {
    assertThat(list(TEMPLATE.parameter("InitialPosition"), "AllowedValues"))
        .containsExactlyInAnyOrder("TRIM_HORIZON", "LATEST", "AT_TIMESTAMP");
    Map<String, Object> mapping = TEMPLATE.properties("ConsumerEventSourceMapping");
    assertThat(mapping.get("StartingPosition"))
        .isEqualTo(
            Map.of(
                "Fn::If",
                List.of("StartAtTime", "TRIM_HORIZON", Map.of("Ref", "InitialPosition"))));

    assertThat(containerEnvironment())
        .containsEntry("INITIAL_POSITION", Map.of("Ref", "InitialPosition"))
        .containsEntry("INITIAL_TIMESTAMP", Map.of("Ref", "InitialTimestamp"));
    List<?> functionEnvironment =
        (List<?>) map(TEMPLATE.properties("ConsumerFunction"), "Environment").get("Fn::If");
    assertThat(functionEnvironment.get(0)).isEqualTo("StartAtTime");
    assertThat(functionEnvironment.get(1))
        .isEqualTo(
            Map.of("Variables", Map.of("INITIAL_TIMESTAMP", Map.of("Ref", "InitialTimestamp"))));
    assertThat(TEMPLATE.parameter("InitialTimestamp")).containsEntry("Default", "");
  }

  @Test
  void everyMetricTheTemplateReadsIsOneTheWorkerPublishes() throws IOException {
    Set<String> meters = meterNames();
    Set<String> tags = tagNames();
    Set<String> referenced = new HashSet<>();
    Set<String> dimensions = new HashSet<>();
    TEMPLATE.forEachMap(
        node -> {
          Object expression = node.get("Expression");
          if (expression instanceof Map<?, ?> sub && sub.get("Fn::Sub") instanceof String query) {
            Matcher selected = METRICS_INSIGHTS_METRIC.matcher(query);
            if (query.contains("FROM \"${MetricsNamespace}\"") && selected.find()) {
              referenced.add(selected.group(1));
            }
          }
          if (Map.of("Ref", "MetricsNamespace").equals(node.get("Namespace"))) {
            referenced.add((String) node.get("MetricName"));
            List<Object> dims = list(node, "Dimensions");
            if (dims != null) {
              dims.forEach(dim -> dimensions.add((String) ((Map<?, ?>) dim).get("Name")));
            }
          }
        });
    for (JsonNode row : dashboardMetricRows()) {
      if (row.get(0).asText().equals("${MetricsNamespace}")) {
        referenced.add(row.get(1).asText());
        for (int i = 2; i + 1 < row.size() && row.get(i).isTextual(); i += 2) {
          dimensions.add(row.get(i).asText());
        }
      }
    }

    assertThat(referenced).hasSizeGreaterThan(5);
    assertThat(referenced)
        .allSatisfy(
            name ->
                assertThat(name.replaceFirst("\\.(count|value|sum|avg|max)$", ""))
                    .as("a CloudWatch name of a meter in MeterNames")
                    .isIn(meters));
    assertThat(dimensions).isNotEmpty().isSubsetOf(tags);
  }

  /**
   * The unowned-shards alarm takes the maximum of the gauge every worker publishes once a minute. A
   * cold start or a released lease leaves a shard unowned for under a minute, which those counts
   * turn into at most two datapoints, so it needs more in a row; and no datapoint at all means no
   * worker runs, which leaves the shards unread too.
   */
  @Test
  void unownedShardsAlarmOutlastsANormalTakeoverAndCountsSilenceAsStalled() throws IOException {
    Map<String, Object> alarm = TEMPLATE.properties("WorkerUnownedShardsAlarm");
    int datapoints = ((Number) alarm.get("DatapointsToAlarm")).intValue();

    assertThat(alarm)
        .containsEntry("Namespace", Map.of("Ref", "MetricsNamespace"))
        .containsEntry("MetricName", MeterNames.UNOWNED_SHARDS + ".value")
        .containsEntry("Statistic", "Maximum")
        .containsEntry("ComparisonOperator", "GreaterThanThreshold")
        .containsEntry("Threshold", 0)
        .containsEntry("TreatMissingData", "breaching")
        .containsEntry("EvaluationPeriods", datapoints)
        .containsKeys("AlarmActions", "OKActions");
    assertThat(alarm.get("Period").toString())
        .isEqualTo(resolve(containerEnvironment().get(Setting.METRICS_STEP_SECONDS.env())));
    assertThat(datapoints).isGreaterThan(2);
    assertThat(
            dashboardMetricRows().stream()
                .map(row -> row.get(1).asText())
                .filter(name -> name.equals(MeterNames.UNOWNED_SHARDS + ".value")))
        .hasSize(1);
  }

  @Test
  void dashboardBodyIsJsonOnceSubstituted() throws IOException {
    assertThat(dashboardMetricRows()).hasSizeGreaterThan(10);
  }

  @Test
  void containerStopTimeoutOutlastsTheGracefulStop() {
    int stopTimeout = ((Number) container().get("StopTimeout")).intValue();

    assertThat(stopTimeout).isGreaterThan((int) StreamWorker.LONGEST_GRACEFUL_STOP.toSeconds());
    assertThat(stopTimeout).isLessThanOrEqualTo(120);
  }

  @Test
  void healthCheckCallsTheScriptTheImageInstallsOnThePortItServes() throws IOException {
    String dockerfile = Files.readString(Path.of("Dockerfile"));
    List<Object> command = list(map(container(), "HealthCheck"), "Command");
    String port = (String) containerEnvironment().get(Setting.HTTP_PORT.env());

    assertThat(command).hasSize(2).first().isEqualTo("CMD");
    assertThat(dockerfile).containsPattern("COPY .* " + Pattern.quote((String) command.get(1)));
    assertThat(dockerfile).contains("ENV HTTP_PORT=" + port);
    assertThat(list(container(), "PortMappings"))
        .containsExactly(Map.of("ContainerPort", Integer.parseInt(port), "Protocol", "tcp"));
  }

  @Test
  void readmeDocumentsEveryParameterAndNoOther() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    String section = readme.substring(readme.indexOf("## Deploy on ECS"));
    section = section.substring(0, section.indexOf("\n## ", 1));
    Set<String> documented = new HashSet<>();
    Matcher row =
        Pattern.compile("(?m)^\\| (`[A-Za-z0-9]+`(?:, `[A-Za-z0-9]+`)*) \\|").matcher(section);
    while (row.find()) {
      Arrays.stream(row.group(1).split(", "))
          .map(name -> name.replace("`", ""))
          .forEach(documented::add);
    }

    assertThat(documented).isEqualTo(TEMPLATE.parameterNames());
  }

  /** A key of the longest length the LambdaCodeS3Key parameter accepts. */
  private static String longestInitialTimestamp() {
    Object maxLength = TEMPLATE.parameter("InitialTimestamp").get("MaxLength");
    assertThat(maxLength).as("MaxLength of InitialTimestamp").isNotNull();
    String longest = "2026-12-01T10:00:00.123456789Z";
    assertThat(longest).hasSize(((Number) maxLength).intValue());
    return longest;
  }

  private static String longestCodeKey() {
    Object maxLength = TEMPLATE.parameter("LambdaCodeS3Key").get("MaxLength");
    assertThat(maxLength).as("MaxLength of LambdaCodeS3Key").isNotNull();
    return "k".repeat(((Number) maxLength).intValue());
  }

  /** The Java feature release a class was compiled for, from its class file's major version. */
  private static int classFileFeature(Class<?> type) throws IOException {
    String resource = "/" + type.getName().replace('.', '/') + ".class";
    try (DataInputStream in = new DataInputStream(type.getResourceAsStream(resource))) {
      assertThat(in.readInt()).isEqualTo(0xCAFEBABE);
      in.readUnsignedShort();
      return in.readUnsignedShort() - 44;
    }
  }

  private static Map<String, Object> container() {
    List<Object> containers = list(TEMPLATE.properties("TaskDefinition"), "ContainerDefinitions");
    assertThat(containers).hasSize(1);
    @SuppressWarnings("unchecked")
    Map<String, Object> container = (Map<String, Object>) containers.get(0);
    return container;
  }

  private static Map<String, Object> containerEnvironment() {
    Map<String, Object> environment = new LinkedHashMap<>();
    for (Object entry : list(container(), "Environment")) {
      Map<?, ?> variable = (Map<?, ?>) entry;
      environment.put((String) variable.get("Name"), variable.get("Value"));
    }
    return environment;
  }

  private static List<Map<String, Object>> allStatements() {
    List<Map<String, Object>> statements = new ArrayList<>();
    TEMPLATE
        .resourcesOfType("AWS::IAM::Role")
        .forEach(role -> statements.addAll(statementsOf(role)));
    return statements;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> statementsOf(String role) {
    List<Map<String, Object>> statements = new ArrayList<>();
    for (Object policy : list(TEMPLATE.properties(role), "Policies")) {
      Map<String, Object> document = map((Map<String, Object>) policy, "PolicyDocument");
      list(document, "Statement").forEach(s -> statements.add((Map<String, Object>) s));
    }
    return statements;
  }

  private static List<String> actions(Map<String, Object> statement) {
    return oneOrMany(statement.get("Action")).stream().map(String.class::cast).toList();
  }

  /** Fills a {@code Fn::Sub} string's parameters; pseudo parameters get sample values. */
  private static String substitute(Object value, Map<String, String> parameters) {
    if (value instanceof String text) {
      return text;
    }
    Object sub = ((Map<?, ?>) value).get("Fn::Sub");
    if (!(sub instanceof String text)) {
      return "";
    }
    Map<String, String> values = new HashMap<>(parameters);
    values.putAll(
        Map.of(
            "AWS::Partition", "aws", "AWS::Region", "eu-west-1", "AWS::AccountId", "123456789012"));
    Matcher matcher = Pattern.compile("\\$\\{([^}]+)}").matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group(1);
      assertThat(values).as("value for ${%s}", name).containsKey(name);
      matcher.appendReplacement(out, Matcher.quoteReplacement(values.get(name)));
    }
    return matcher.appendTail(out).toString();
  }

  /** A template value as a deployment with the parameters' defaults and a demo table gives it. */
  private static String resolve(Object value) {
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    Map<?, ?> function = (Map<?, ?>) value;
    if (function.containsKey("Ref")
        && "AWS::SQS::Queue".equals(TEMPLATE.resourceType((String) function.get("Ref")))) {
      return "https://sqs.eu-west-1.amazonaws.com/123456789012/" + function.get("Ref");
    }
    if (function.containsKey("Ref")) {
      Object defaultValue = TEMPLATE.parameter((String) function.get("Ref")).get("Default");
      assertThat(defaultValue).as("default of %s", function.get("Ref")).isNotNull();
      return defaultValue.toString();
    }
    if (function.containsKey("Fn::If")) {
      return resolve(((List<?>) function.get("Fn::If")).get(1));
    }
    if (List.of("DemoTable", "StreamArn").equals(function.get("Fn::GetAtt"))) {
      return DEMO_STREAM_ARN;
    }
    throw new AssertionError("cannot resolve " + value);
  }

  private static List<JsonNode> dashboardMetricRows() throws IOException {
    Object body = TEMPLATE.properties("Dashboard").get("DashboardBody");
    String text = (String) ((List<?>) ((Map<?, ?>) body).get("Fn::Sub")).get(0);
    JsonNode dashboard = new ObjectMapper().readTree(text);
    List<JsonNode> rows = new ArrayList<>();
    for (JsonNode widget : dashboard.get("widgets")) {
      JsonNode metrics = widget.path("properties").path("metrics");
      metrics.forEach(rows::add);
    }
    return rows;
  }

  private static Set<String> meterNames() {
    return constantsOf(MeterNames.class, field -> !field.getName().startsWith("TAG_"));
  }

  private static Set<String> tagNames() {
    return constantsOf(MeterNames.class, field -> field.getName().startsWith("TAG_"));
  }

  private static Set<String> constantsOf(Class<?> type, java.util.function.Predicate<Field> which) {
    Set<String> values = new HashSet<>();
    for (Field field : type.getFields()) {
      if (Modifier.isStatic(field.getModifiers())
          && field.getType() == String.class
          && which.test(field)) {
        try {
          values.add((String) field.get(null));
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
    }
    return values;
  }
}
