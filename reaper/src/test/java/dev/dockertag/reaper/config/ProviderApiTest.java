package dev.dockertag.reaper.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProviderApiTest {

    @Test
    void theHostNamesTheProviderOnlyWhereThatIsUnambiguous() {
        assertThat(ProviderApi.inferred("ghcr.io")).isEqualTo(ProviderApi.GHCR);
        assertThat(ProviderApi.inferred("index.docker.io")).isEqualTo(ProviderApi.DOCKERHUB);
        assertThat(ProviderApi.inferred("registry.gitlab.com")).isEqualTo(ProviderApi.GITLAB);
        assertThat(ProviderApi.inferred("123456789012.dkr.ecr.eu-west-1.amazonaws.com"))
                .isEqualTo(ProviderApi.ECR);
        assertThat(ProviderApi.inferred("123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com"))
                .isEqualTo(ProviderApi.ECR);
        // a self-managed GitLab or Harbor, or anything else, is named with registry.api
        assertThat(ProviderApi.inferred("gitlab.example.com:5050")).isEqualTo(ProviderApi.OCI);
        assertThat(ProviderApi.inferred("harbor.example.com")).isEqualTo(ProviderApi.OCI);
        assertThat(ProviderApi.inferred("dkr.ecr.eu-west-1.amazonaws.com.evil.example"))
                .isEqualTo(ProviderApi.OCI);
    }
}
