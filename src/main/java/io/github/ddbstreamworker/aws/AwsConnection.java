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
 * How to reach AWS: a region, credentials, and an endpoint override only for the embedded DynamoDB
 * Local. Everything else (endpoint variables, profiles) is left to the SDK.
 */
public record AwsConnection(
    Region region, AwsCredentialsProvider credentials, Optional<URI> endpointOverride) {

  /** The SDK's own resolution: AWS_REGION or the profile, the default credentials chain. */
  public static AwsConnection fromSdkDefaults() {
    return new AwsConnection(
        defaultRegion(), DefaultCredentialsProvider.builder().build(), Optional.empty());
  }

  /** A DynamoDB Local endpoint; Local accepts any credentials and region. */
  public static AwsConnection local(URI endpoint) {
    return new AwsConnection(
        Region.US_EAST_1,
        StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")),
        Optional.of(endpoint));
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
