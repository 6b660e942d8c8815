package dev.dockertag.resource.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dockertag.failures.HintedException;
import dev.dockertag.resource.protocol.Payloads;
import dev.dockertag.resource.protocol.Source;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A source's logins: one way at a time, each with what it needs, every error naming the key. */
class SettingsTest {

    private static Settings settings(String sourceJson) {
        return Settings.of(Payloads.read(sourceJson.getBytes(StandardCharsets.UTF_8), Source.class));
    }

    @Test
    void aBareEcrRepositoryIsMadeTheAccountsRegistry() {
        Settings ecr = settings("{\"repository\": \"app\", \"branch\": \"main\", \"aws_region\": \"eu-west-1\","
                + " \"aws_account_id\": \"123456789012\"}");
        Settings withHost = settings("{\"repository\": \"registry.example.com/app\", \"branch\": \"main\","
                + " \"aws_region\": \"eu-west-1\", \"aws_account_id\": \"123456789012\"}");

        assertThat(ecr.repository()).hasToString("123456789012.dkr.ecr.eu-west-1.amazonaws.com/app");
        assertThat(withHost.repository()).hasToString("registry.example.com/app");
    }

    /** Each refused source (JSON with ' for "), and the one line that names its key. */
    static Stream<Arguments> refusedSources() {
        String r = "'repository': 'r.example.com/app', 'branch': 'main', ";
        return Stream.of(
                Arguments.of(
                        "aws keys without a region",
                        "{" + r + "'aws_access_key_id': 'AKIA', 'aws_secret_access_key': 's'}",
                        "source.aws_region is required with the source.aws_* keys"),
                Arguments.of(
                        "an access key without its secret",
                        "{" + r + "'aws_region': 'eu-west-1', 'aws_access_key_id': 'AKIA'}",
                        "source.aws_access_key_id and source.aws_secret_access_key must be given together"),
                Arguments.of(
                        "a role that is not an ARN",
                        "{" + r + "'aws_region': 'eu-west-1', 'aws_role_arns': ['ecr-pull']}",
                        "source.aws_role_arn(s): 'ecr-pull' is not a role ARN"),
                Arguments.of(
                        "username/password with aws",
                        "{" + r + "'aws_region': 'eu-west-1', 'username': 'u', 'password': 'p'}",
                        "source.username/password and the source.aws_* keys are exclusive"),
                Arguments.of(
                        "username/password with azure",
                        "{" + r + "'azure_acr': true, 'username': 'u', 'password': 'p'}",
                        "source.username/password and source.azure_acr are exclusive"),
                Arguments.of(
                        "aws with a Docker Hub repository",
                        "{'repository': 'app', 'branch': 'main', 'aws_region': 'eu-west-1'}",
                        "source.repository 'app' names no registry, and with the source.aws_* keys that cannot mean"
                                + " Docker Hub"),
                Arguments.of(
                        "one role and a list of roles",
                        "{" + r + "'aws_region': 'eu-west-1', 'aws_role_arn': 'arn:aws:iam::1:role/a',"
                                + " 'aws_role_arns': ['arn:aws:iam::1:role/b']}",
                        "source.aws_role_arn and source.aws_role_arns are exclusive"),
                Arguments.of(
                        "a session token alone",
                        "{" + r + "'aws_region': 'eu-west-1', 'aws_session_token': 't'}",
                        "source.aws_session_token needs source.aws_access_key_id and source.aws_secret_access_key"),
                Arguments.of(
                        "an unknown azure cloud",
                        "{" + r + "'azure_acr': true, 'azure_environment': 'AzureMoon'}",
                        "source.azure_environment must be AzureCloud, AzureChinaCloud or AzureUSGovernment, not"
                                + " 'AzureMoon'"),
                Arguments.of(
                        "an azure secret without its tenant and client",
                        "{" + r + "'azure_acr': true, 'azure_client_secret': 's'}",
                        "source.azure_client_secret needs source.azure_tenant_id and source.azure_client_id"),
                Arguments.of(
                        "a mirror given as a URL",
                        "{'repository': 'app', 'branch': 'main', 'registry_mirror': {'host':"
                                + " 'https://mirror.example.com'}}",
                        "source.registry_mirror.host must be the mirror's host[:port]"),
                Arguments.of(
                        "a mirror username without its password",
                        "{'repository': 'app', 'branch': 'main', 'registry_mirror': {'host': 'mirror.example.com',"
                                + " 'username': 'u'}}",
                        "source.registry_mirror.username and .password must be given together"),
                Arguments.of(
                        "azure keys without azure_acr",
                        "{" + r + "'azure_client_id': 'c'}",
                        "source.azure_* keys need source.azure_acr: true"),
                Arguments.of(
                        "created_at_sort without tag_regex",
                        "{" + r + "'created_at_sort': true}",
                        "source.created_at_sort only applies with source.tag_regex"),
                Arguments.of(
                        "a variant with a branch",
                        "{" + r + "'variant': 'alpine'}",
                        "source.variant, semver_constraint, pre_releases and pre_release_prefixes select version"
                                + " tags, so they do not go with source.branch"),
                Arguments.of(
                        "created_at_sort with a natural sort",
                        "{'repository': 'r.example.com/app', 'tag_regex': '^b', 'created_at_sort': true,"
                                + " 'sort': 'natural'}",
                        "source.created_at_sort: true and source.sort: natural disagree"),
                Arguments.of(
                        "a variant that cannot end a tag",
                        "{'repository': 'r.example.com/app', 'variant': '-alpine'}",
                        "source.variant '-alpine' cannot be a tag suffix"),
                Arguments.of(
                        "pre-release prefixes without pre-releases",
                        "{'repository': 'r.example.com/app', 'pre_release_prefixes': ['pre']}",
                        "source.pre_release_prefixes needs source.pre_releases: true"),
                Arguments.of(
                        "a constraint that is not semver",
                        "{'repository': 'r.example.com/app', 'semver_constraint': 'soon'}",
                        "source.semver_constraint: 'soon' is not a semver constraint: cannot read 'soon' (e.g. '>= 1.2,"
                                + " < 2', '~1.2', '^1.2.3', '1.x')"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedSources")
    void aSourceThatCannotWorkIsRefusedNamingItsKey(String what, String sourceJson, String message) {
        assertThatThrownBy(() -> settings(sourceJson.replace('\'', '"')))
                .isInstanceOf(HintedException.class)
                .hasMessage(message);
    }

    @Test
    void aGetsPlatformWithoutAnArchitectureIsRefusedNamingItsKey() {
        assertThatThrownBy(() -> Settings.platform(new Source.PlatformSpec("linux", null, null), "params.platform"))
                .isInstanceOf(HintedException.class)
                .hasMessage("params.platform.architecture is required when params.platform is set");
        assertThat(Settings.platform(new Source.PlatformSpec(null, "arm64", "v8"), "params.platform"))
                .as("os is linux unless said")
                .hasToString(Settings.platform(new Source.PlatformSpec("linux", "arm64", "v8"), "params.platform")
                        .toString());
    }

    @Test
    void registryImagesTagSelectionKeysMeanWhatTheyMeanThere() {
        Settings created = settings(
                "{\"repository\": \"r.example.com/app\", \"tag_regex\": \"^build-\", \"created_at_sort\": true}");
        Settings semver = settings("{\"repository\": \"r.example.com/app\", \"semver_constraint\": \"~1.2\"}");

        assertThat(created.tracking())
                .isEqualTo(new Tracking.MatchingTags(
                        ((Tracking.MatchingTags) created.tracking()).regex(), TagOrder.CREATED));
        assertThat(semver.tracking()).isInstanceOf(Tracking.SemverTags.class);
    }

    @Test
    void secretsNeverShowInTheSourcesText() {
        Source source = Payloads.read(
                ("{\"repository\": \"r.example.com/app\", \"aws_region\": \"eu-west-1\","
                                + " \"aws_access_key_id\": \"AKIA\", \"aws_secret_access_key\": \"top-secret\","
                                + " \"aws_session_token\": \"session-secret\", \"azure_client_secret\": \"azure-secret\","
                                + " \"password\": \"pw-secret\"}")
                        .getBytes(StandardCharsets.UTF_8),
                Source.class);

        assertThat(source.toString())
                .contains("aws_access_key_id=AKIA", "aws_secret_access_key=****")
                .doesNotContain("top-secret", "session-secret", "azure-secret", "pw-secret");
    }
}
