package io.github.ddbstreamworker;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.INTERFACES;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.dynamodbv2.streamsadapter.AmazonDynamoDBStreamsAdapterClient;
import com.amazonaws.services.dynamodbv2.streamsadapter.StreamsSchedulerFactory;
import com.amazonaws.services.dynamodbv2.streamsadapter.adapter.DynamoDBStreamsClientRecord;
import com.amazonaws.services.dynamodbv2.streamsadapter.model.DynamoDBStreamsProcessRecordsInput;
import com.amazonaws.services.dynamodbv2.streamsadapter.polling.DynamoDBStreamsPollingConfig;
import com.amazonaws.services.dynamodbv2.streamsadapter.processor.DynamoDBStreamsShardRecordProcessor;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.kinesis.leases.LeaseManagementFactory;

/**
 * The shape of the house: packages without cycles, a core that knows neither event source, and the
 * KCL and adapter details that are not public API used only in {@code kcl.upstream}, where {@code
 * UpstreamContractTest} pins them.
 */
class ArchitectureTest {

  private static final String ROOT = "io.github.ddbstreamworker";
  private static final String DOOR = ROOT + ".kcl.upstream..";
  private static final String KCL = "software.amazon.kinesis..";
  private static final String ADAPTER = "com.amazonaws.services.dynamodbv2.streamsadapter..";
  private static final String LAMBDA = "com.amazonaws.services.lambda..";

  private static final JavaClasses PRODUCT =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(ROOT);

  /** What the adapter's README builds a consumer from; the rest of the adapter is its inside. */
  private static final DescribedPredicate<JavaClass> ADAPTER_PUBLIC_API =
      belongToAnyOf(
          AmazonDynamoDBStreamsAdapterClient.class,
          StreamsSchedulerFactory.class,
          DynamoDBStreamsPollingConfig.class,
          DynamoDBStreamsShardRecordProcessor.class,
          DynamoDBStreamsProcessRecordsInput.class,
          DynamoDBStreamsClientRecord.class);

  /**
   * KCL packages whose classes are implementation: the DynamoDB lease code, worker-metrics
   * reporting, and the metrics scopes behind the public {@code MetricsFactory}.
   */
  private static final DescribedPredicate<JavaClass> KCL_INTERNALS =
      resideInAnyPackage(
              "software.amazon.kinesis.leases.dynamodb..", "software.amazon.kinesis.worker..")
          .or(
              JavaClass.Predicates.simpleNameEndingWith("MetricsScope")
                  .and(resideInAPackage("software.amazon.kinesis.metrics"))
                  .and(not(JavaClass.Predicates.simpleName("MetricsScope"))))
          .as("KCL lease, worker-metrics and metrics-scope implementation classes");

  /** Names of attributes and tables the KCL keeps private, as they would appear in source. */
  private static final Pattern KCL_PRIVATE_NAMES =
      Pattern.compile(
          "\"(leaseKey|leaseOwner|leaseCounter|checkpoint|wid|lut|ownerName)\""
              + "|-WorkerMetricStats|-CoordinatorState");

  @Test
  void topLevelPackagesHaveNoCycles() {
    slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(PRODUCT);
  }

  @Test
  void coreImportsNeitherTheKclNorTheAdapterNorLambda() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(KCL, ADAPTER, LAMBDA)
        .check(PRODUCT);
  }

  @Test
  void onlyTheDoorUsesAdapterClassesBeyondItsPublicApi() {
    noClasses()
        .that()
        .resideOutsideOfPackage(DOOR)
        .should()
        .dependOnClassesThat(
            resideInAPackage(ADAPTER).and(not(ADAPTER_PUBLIC_API)).as("adapter internals"))
        .check(PRODUCT);
  }

  @Test
  void onlyTheDoorUsesKclImplementationClasses() {
    noClasses()
        .that()
        .resideOutsideOfPackage(DOOR)
        .should()
        .dependOnClassesThat(KCL_INTERNALS)
        .check(PRODUCT);
  }

  @Test
  void onlyTheDoorExtendsKclOrAdapterClasses() {
    noClasses()
        .that()
        .resideOutsideOfPackage(DOOR)
        .and()
        .areNotInterfaces()
        .should()
        .beAssignableTo(
            resideInAnyPackage(KCL, ADAPTER)
                .and(not(INTERFACES))
                .and(not(JavaClass.Predicates.assignableTo(Throwable.class)))
                .as("a KCL or adapter class (their interfaces are theirs to implement)"))
        .check(PRODUCT);
  }

  @Test
  void onlyTheDoorBuildsShardSyncTaskManagers() {
    noClasses()
        .that()
        .resideOutsideOfPackage(DOOR)
        .should()
        .callMethodWhere(
            DescribedPredicate.describe(
                "the lease-management factory's createShardSyncTaskManager",
                call ->
                    call.getName().equals("createShardSyncTaskManager")
                        && call.getTargetOwner().isAssignableTo(LeaseManagementFactory.class)))
        .check(PRODUCT);
  }

  /** Inlined string constants leave no trace in bytecode, so this reads the sources. */
  @Test
  void onlyTheDoorSpellsKclPrivateAttributeAndTableNames() throws IOException {
    Path sources = Path.of("src/main/java", ROOT.split("\\."));
    Path door = sources.resolve("kcl/upstream");
    List<String> offenders;
    try (Stream<Path> files = Files.walk(sources)) {
      offenders =
          files
              .filter(file -> file.toString().endsWith(".java") && !file.startsWith(door))
              .filter(file -> KCL_PRIVATE_NAMES.matcher(read(file)).find())
              .map(file -> sources.relativize(file).toString())
              .toList();
    }
    assertThat(offenders).as("sources outside kcl/upstream naming KCL-private names").isEmpty();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
