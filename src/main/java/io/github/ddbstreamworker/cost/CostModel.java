package io.github.ddbstreamworker.cost;

import java.util.List;

/**
 * The monthly cost of consuming one stream with the worker on ECS Fargate, and with the Lambda
 * trigger, from the quantities in {@link MonthlyUsage} and the prices in {@link Prices}. Where a
 * free tier exists and {@link CostInputs#freeTier()} is set, it is taken off the quantity first:
 * {@code price x max(0, quantity - free)}.
 *
 * <p>Worker on ECS:
 *
 * <pre>
 *   Fargate       workers x hours x (vCPU x $0.04048 + GB x $0.004445)
 *   stream reads  (GetRecords calls - 2.5 M free) x $0.02 / 100,000
 *   KCL tables    write request units x $0.625 / million
 *   metrics       (series - 10 free) x $0.30 x hours / 730, + (PutMetricData - 1 M free) x $0.01 / 1,000
 *   logs          (item-line GB - 5 free) x $0.50
 * </pre>
 *
 * <p>Lambda trigger:
 *
 * <pre>
 *   requests      (invocations - 1 M free) x $0.20 / million
 *   duration      (invocations x batch seconds x memory GB - 400,000 free) x $0.0000166667
 *   logs          (item- and platform-line GB - 5 free) x $0.50
 *   stream reads  free for Lambda
 * </pre>
 *
 * <p>Left out as the same for both or negligible: the table itself and its stream, the failure
 * queue (SQS, only on failures), log storage, the Lambda INIT phase (billed since August 2025, but
 * one per shard every few hours), and networking: the worker runs in private subnets and reaches
 * AWS through a NAT gateway or VPC endpoints, often shared, but hourly charges when not.
 */
public final class CostModel {

  private static final double HOURS_IN_METRIC_MONTH = 730;

  private CostModel() {}

  public static ConsumerCost worker(CostInputs in) {
    MonthlyUsage use = MonthlyUsage.of(in);
    double fargate =
        in.workers()
            * in.hoursPerMonth()
            * (in.taskVcpu() * Prices.FARGATE_VCPU_HOUR
                + in.taskMemoryGb() * Prices.FARGATE_GB_HOUR);
    double metrics =
        billable(use.customMetrics(), Prices.FREE_CUSTOM_METRICS, in)
                * Prices.CUSTOM_METRIC_MONTH
                * in.hoursPerMonth()
                / HOURS_IN_METRIC_MONTH
            + billable(use.metricPuts(), Prices.FREE_CLOUDWATCH_API_REQUESTS, in)
                * Prices.CLOUDWATCH_API_REQUEST;
    return new ConsumerCost(
        "ECS worker",
        List.of(
            new ConsumerCost.Line("Fargate tasks", fargate),
            new ConsumerCost.Line(
                "Stream reads (GetRecords)",
                billable(use.streamReads(), Prices.FREE_STREAM_READ_REQUESTS, in)
                    * Prices.STREAM_READ_REQUEST),
            new ConsumerCost.Line(
                "KCL table writes", use.kclTableWrites() * Prices.DYNAMODB_WRITE_REQUEST),
            new ConsumerCost.Line("CloudWatch metrics", metrics),
            new ConsumerCost.Line(
                "Logs (item lines)",
                billable(use.workerLogGb(), Prices.FREE_LOG_GB, in) * Prices.LOG_INGESTION_GB)));
  }

  public static ConsumerCost lambda(CostInputs in) {
    MonthlyUsage use = MonthlyUsage.of(in);
    return new ConsumerCost(
        "Lambda",
        List.of(
            new ConsumerCost.Line(
                "Requests",
                billable(use.lambdaInvocations(), Prices.FREE_LAMBDA_REQUESTS, in)
                    * Prices.LAMBDA_REQUEST),
            new ConsumerCost.Line(
                "Duration",
                billable(use.lambdaGbSeconds(), Prices.FREE_LAMBDA_GB_SECONDS, in)
                    * Prices.LAMBDA_GB_SECOND),
            new ConsumerCost.Line("Stream reads (free for Lambda)", 0),
            new ConsumerCost.Line(
                "Logs (item + platform lines)",
                billable(use.lambdaLogGb(), Prices.FREE_LOG_GB, in) * Prices.LOG_INGESTION_GB)));
  }

  private static double billable(double quantity, double free, CostInputs in) {
    return in.freeTier() ? Math.max(0, quantity - free) : quantity;
  }
}
