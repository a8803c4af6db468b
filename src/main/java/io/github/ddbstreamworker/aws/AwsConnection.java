package io.github.ddbstreamworker.aws;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * How to reach AWS: a region, credentials, and endpoint overrides only for a local DynamoDB
 * endpoint such as moto_server ({@code local} and the tests). Everything else (endpoint variables
 * such as {@code AWS_ENDPOINT_URL_DYNAMODB_STREAMS}, profiles) is left to the SDK.
 *
 * @param endpointOverride for every client built from this connection but SQS
 * @param streamsEndpointOverride for the DynamoDB Streams client, in place of the one above
 */
public record AwsConnection(
    Region region,
    AwsCredentialsProvider credentials,
    Optional<URI> endpointOverride,
    Optional<URI> streamsEndpointOverride) {

  /** The SDK's own resolution: AWS_REGION or the profile, the default credentials chain. */
  public static AwsConnection fromSdkDefaults() {
    return new AwsConnection(
        defaultRegion(),
        DefaultCredentialsProvider.builder().build(),
        Optional.empty(),
        Optional.empty());
  }

  /** A local DynamoDB endpoint, which accepts any credentials. */
  public static AwsConnection local(URI endpoint) {
    return new AwsConnection(
        Region.US_EAST_1,
        StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")),
        Optional.of(endpoint),
        Optional.empty());
  }

  /** The same, with DynamoDB Streams read from another endpoint. */
  public AwsConnection withStreamsEndpoint(URI streamsEndpoint) {
    return new AwsConnection(region, credentials, endpointOverride, Optional.of(streamsEndpoint));
  }

  private static Region defaultRegion() {
    try {
      return new DefaultAwsRegionProviderChain().getRegion();
    } catch (SdkClientException e) {
      throw new MissingRegionException();
    }
  }

  /** No region configured for the SDK. */
  public static final class MissingRegionException extends RuntimeException {
    MissingRegionException() {
      super(
          "AWS_REGION is not set and no region is configured in the AWS profile:"
              + " set AWS_REGION (e.g. AWS_REGION=eu-west-1)");
    }
  }
}
