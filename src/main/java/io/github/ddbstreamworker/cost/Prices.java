package io.github.ddbstreamworker.cost;

/**
 * AWS list prices in US dollars for us-east-1, as listed on the pricing pages in 2025, and the
 * monthly free-tier allowances the model applies. Prices change: check each page before deciding.
 */
public final class Prices {

  /** Where and when the prices were taken, printed under every cost table. */
  public static final String SOURCE =
      "AWS list prices in USD, us-east-1, as listed in 2025 (Prices.java names each pricing page)";

  /**
   * Fargate, Linux on x86, per vCPU-hour. https://aws.amazon.com/fargate/pricing/, us-east-1, as
   * listed in 2025.
   */
  public static final double FARGATE_VCPU_HOUR = 0.04048;

  /**
   * Fargate, Linux on x86, per GB of memory per hour. https://aws.amazon.com/fargate/pricing/,
   * us-east-1, as listed in 2025.
   */
  public static final double FARGATE_GB_HOUR = 0.004445;

  /**
   * DynamoDB Streams read request units, per unit: $0.02 per 100,000. One unit is one {@code
   * GetRecords} call, however many records it returns; the other stream APIs are free, and so are
   * the reads a Lambda trigger makes. https://aws.amazon.com/dynamodb/pricing/on-demand/,
   * us-east-1, as listed in 2025.
   */
  public static final double STREAM_READ_REQUEST = 0.02 / 100_000;

  /**
   * Streams read request units free each month, per account and Region, for consumers other than
   * Lambda. https://aws.amazon.com/dynamodb/pricing/on-demand/, as listed in 2025.
   */
  public static final double FREE_STREAM_READ_REQUESTS = 2_500_000;

  /**
   * DynamoDB on-demand write request units, per unit: $0.625 per million (an item up to 1 KB).
   * https://aws.amazon.com/dynamodb/pricing/on-demand/, us-east-1, as listed in 2025. No free tier:
   * DynamoDB's free 25 write capacity units apply to provisioned tables, and the KCL creates its
   * tables on demand.
   */
  public static final double DYNAMODB_WRITE_REQUEST = 0.625 / 1_000_000;

  /**
   * Lambda requests (invocations), per request: $0.20 per million.
   * https://aws.amazon.com/lambda/pricing/, us-east-1, as listed in 2025.
   */
  public static final double LAMBDA_REQUEST = 0.20 / 1_000_000;

  /**
   * Lambda duration on x86, per GB-second, billed per millisecond.
   * https://aws.amazon.com/lambda/pricing/, us-east-1, as listed in 2025.
   */
  public static final double LAMBDA_GB_SECOND = 0.0000166667;

  /** Lambda requests free each month. https://aws.amazon.com/lambda/pricing/, as listed in 2025. */
  public static final double FREE_LAMBDA_REQUESTS = 1_000_000;

  /**
   * Lambda GB-seconds free each month. https://aws.amazon.com/lambda/pricing/, as listed in 2025.
   */
  public static final double FREE_LAMBDA_GB_SECONDS = 400_000;

  /**
   * CloudWatch Logs ingestion (standard log class), per GB.
   * https://aws.amazon.com/cloudwatch/pricing/, us-east-1, as listed in 2025.
   */
  public static final double LOG_INGESTION_GB = 0.50;

  /**
   * CloudWatch Logs GB free each month (ingestion, storage and Logs Insights together; the model
   * gives it all to ingestion). https://aws.amazon.com/cloudwatch/pricing/, as listed in 2025.
   */
  public static final double FREE_LOG_GB = 5;

  /**
   * CloudWatch custom metrics, per metric-month, for the first 10,000 metrics; prorated by the
   * hour. https://aws.amazon.com/cloudwatch/pricing/, us-east-1, as listed in 2025.
   */
  public static final double CUSTOM_METRIC_MONTH = 0.30;

  /**
   * CloudWatch custom metrics free each month. https://aws.amazon.com/cloudwatch/pricing/, as
   * listed in 2025.
   */
  public static final double FREE_CUSTOM_METRICS = 10;

  /**
   * CloudWatch API requests ({@code PutMetricData}), per request: $0.01 per 1,000.
   * https://aws.amazon.com/cloudwatch/pricing/, us-east-1, as listed in 2025.
   */
  public static final double CLOUDWATCH_API_REQUEST = 0.01 / 1_000;

  /**
   * CloudWatch API requests free each month. https://aws.amazon.com/cloudwatch/pricing/, as listed
   * in 2025.
   */
  public static final double FREE_CLOUDWATCH_API_REQUESTS = 1_000_000;

  private Prices() {}
}
