package dev.dockertag.resource.auth;

import dev.dockertag.failures.HintedException;
import dev.dockertag.registry.auth.Credentials;
import dev.dockertag.resource.protocol.Source;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The registry password of an ECR registry, as registry-image-resource gets it: AWS credentials (the
 * {@code aws_access_key_id} / {@code aws_secret_access_key} / {@code aws_session_token} keys, else the SDK's default
 * chain: environment, web identity, the worker's instance role), then each role of {@code aws_role_arn} /
 * {@code aws_role_arns} assumed in order with the previous one's credentials, then ECR's GetAuthorizationToken, whose
 * token is {@code AWS:<password>} in base64. The SDK honours {@code AWS_ENDPOINT_URL_ECR} and
 * {@code AWS_ENDPOINT_URL_STS} (VPC endpoints, and the tests' fakes).
 */
final class EcrLogin {

    static final String SESSION_NAME = "resource-docker-tag";
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private EcrLogin() {}

    static Credentials login(Source source) {
        Region region = Region.of(source.awsRegion());
        try (SdkHttpClient http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(10))
                .socketTimeout(CALL_TIMEOUT)
                .build()) {
            AwsCredentialsProvider credentials = baseCredentials(source);
            for (String role : source.awsRoleChain()) {
                credentials = assume(http, region, credentials, role);
            }
            try (EcrClient ecr = EcrClient.builder()
                    .region(region)
                    .credentialsProvider(credentials)
                    .httpClient(http)
                    .overrideConfiguration(limits())
                    .build()) {
                List<AuthorizationData> data = ecr.getAuthorizationToken(request -> {
                            if (source.awsAccountId() != null) {
                                request.registryIds(source.awsAccountId());
                            }
                        })
                        .authorizationData();
                if (data.isEmpty() || data.get(0).authorizationToken() == null) {
                    throw new HintedException(
                            "ECR's GetAuthorizationToken gave no token",
                            "check source.aws_account_id and source.aws_region");
                }
                return decode(data.get(0).authorizationToken());
            }
        } catch (SdkException e) {
            throw new HintedException(
                    "cannot log in to ECR: " + firstLine(e.getMessage()),
                    "check source.aws_access_key_id, source.aws_secret_access_key, source.aws_session_token,"
                            + " source.aws_region and the roles in source.aws_role_arn(s)",
                    e);
        }
    }

    private static AwsCredentialsProvider baseCredentials(Source source) {
        if (source.awsAccessKeyId() == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(
                source.awsSessionToken() == null
                        ? AwsBasicCredentials.create(source.awsAccessKeyId(), source.awsSecretAccessKey())
                        : AwsSessionCredentials.create(
                                source.awsAccessKeyId(), source.awsSecretAccessKey(), source.awsSessionToken()));
    }

    private static AwsCredentialsProvider assume(
            SdkHttpClient http, Region region, AwsCredentialsProvider with, String role) {
        try (StsClient sts = StsClient.builder()
                .region(region)
                .credentialsProvider(with)
                .httpClient(http)
                .overrideConfiguration(limits())
                .build()) {
            software.amazon.awssdk.services.sts.model.Credentials assumed = sts.assumeRole(
                            request -> request.roleArn(role).roleSessionName(SESSION_NAME))
                    .credentials();
            return StaticCredentialsProvider.create(AwsSessionCredentials.create(
                    assumed.accessKeyId(), assumed.secretAccessKey(), assumed.sessionToken()));
        } catch (SdkException e) {
            throw new HintedException(
                    "cannot assume the role " + role + ": " + firstLine(e.getMessage()),
                    "check source.aws_role_arn(s): each role must trust the credentials before it",
                    e);
        }
    }

    private static ClientOverrideConfiguration limits() {
        return ClientOverrideConfiguration.builder()
                .apiCallTimeout(CALL_TIMEOUT.multipliedBy(2))
                .apiCallAttemptTimeout(CALL_TIMEOUT)
                .build();
    }

    /** {@code base64("AWS:<password>")} as ECR gives it. */
    static Credentials decode(String token) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new HintedException("ECR's authorization token is not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw new HintedException("ECR's authorization token is not user:password");
        }
        return new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    private static String firstLine(String message) {
        return message == null ? "no message" : message.lines().findFirst().orElse("");
    }
}
