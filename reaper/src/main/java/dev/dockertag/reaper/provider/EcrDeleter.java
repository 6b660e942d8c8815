package dev.dockertag.reaper.provider;

import dev.dockertag.failures.Redactor;
import dev.dockertag.reaper.config.ProviderApi;
import dev.dockertag.reaper.plan.DeleteSupport;
import dev.dockertag.registry.RegistryException;
import dev.dockertag.registry.RepositoryClient;
import dev.dockertag.registry.image.Digest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.EcrClientBuilder;
import software.amazon.awssdk.services.ecr.model.BatchDeleteImageResponse;
import software.amazon.awssdk.services.ecr.model.ImageFailure;
import software.amazon.awssdk.services.ecr.model.ImageFailureCode;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;

/**
 * ECR through its API: {@code BatchDeleteImage} by digest (each image with all its tags; at most 100 a call, and every
 * {@code failures} entry read: {@code ImageNotFound} is already gone, anything else is that image's failure). A tag
 * alone is moved onto a throwaway manifest, which is then deleted by digest: ECR's delete by tag deletes the image with
 * its last tag. The account and region come from the host ({@code ACCOUNT.dkr.ecr.REGION.amazonaws.com}), else from the
 * SDK's own chain ({@code AWS_REGION}); credentials from the SDK's default chain (environment, web identity, the
 * worker's role). The SDK honours {@code AWS_ENDPOINT_URL_ECR} (VPC endpoints, and the tests' fake).
 */
final class EcrDeleter implements Deleter {

    private static final Pattern HOST =
            Pattern.compile("(\\d{12})\\.dkr\\.ecr(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?");
    static final int BATCH = 100;

    private final EcrClient ecr;
    private final Optional<String> registryId;

    EcrDeleter(String host) {
        Matcher m = HOST.matcher(host);
        EcrClientBuilder builder = EcrClient.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60))
                        .build())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(Duration.ofMinutes(3))
                        .apiCallAttemptTimeout(Duration.ofSeconds(60))
                        .build());
        if (m.matches()) {
            builder.region(Region.of(m.group(2)));
            registryId = Optional.of(m.group(1));
        } else {
            registryId = Optional.empty();
        }
        try {
            ecr = builder.build();
        } catch (SdkException e) {
            throw new RegistryException(
                    "ECR client for " + host,
                    0,
                    null,
                    "no AWS region: " + firstLine(e.getMessage())
                            + " (set AWS_REGION, or name the repository by its ECR host)");
        }
    }

    @Override
    public ProviderApi api() {
        return ProviderApi.ECR;
    }

    @Override
    public DeleteSupport support(RepositoryClient repository) {
        return DeleteSupport.through("ecr", "ECR's BatchDeleteImage: each doomed image deleted by digest, 100 a call")
                .irreversibleBecause("ECR keeps no deleted image: it cannot be restored, and a manifest pushed back"
                        + " needs layers ECR may have dropped with it");
    }

    @Override
    public int batchSize() {
        return BATCH;
    }

    @Override
    public Deletions delete(RepositoryClient repository, Map<Digest, List<String>> doomed) {
        List<Digest> digests = List.copyOf(doomed.keySet());
        List<Digest> deleted = new ArrayList<>();
        List<Digest> gone = new ArrayList<>();
        Map<Digest, String> failed = new LinkedHashMap<>();
        for (int from = 0; from < digests.size(); from += BATCH) {
            List<Digest> batch = digests.subList(from, Math.min(digests.size(), from + BATCH));
            BatchDeleteImageResponse response;
            try {
                response = ecr.batchDeleteImage(request -> {
                    registryId.ifPresent(request::registryId);
                    request.repositoryName(repository.name().repository())
                            .imageIds(batch.stream()
                                    .map(d -> ImageIdentifier.builder()
                                            .imageDigest(d.toString())
                                            .build())
                                    .toList());
                });
            } catch (SdkException e) {
                throw new RegistryException(
                        "ECR BatchDeleteImage of " + batch.size() + " images in " + repository.name(),
                        0,
                        null,
                        Redactor.process().redact(firstLine(e.getMessage())));
            }
            Map<String, ImageFailure> failures = new LinkedHashMap<>();
            response.failures().forEach(f -> failures.put(f.imageId().imageDigest(), f));
            for (Digest digest : batch) {
                ImageFailure failure = failures.get(digest.toString());
                if (failure == null) {
                    deleted.add(digest);
                } else if (failure.failureCode() == ImageFailureCode.IMAGE_NOT_FOUND) {
                    gone.add(digest);
                } else {
                    failed.put(
                            digest,
                            "ECR: " + failure.failureCodeAsString() + ": "
                                    + Redactor.process().redact(String.valueOf(failure.failureReason())));
                }
            }
        }
        return new Deletions(deleted, gone, failed);
    }

    @Override
    public Optional<String> untag(RepositoryClient repository, String tag, Digest digest, String mediaType) {
        return untagThroughThrowaway(repository, tag, mediaType);
    }

    private static String firstLine(String message) {
        String text = String.valueOf(message);
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
