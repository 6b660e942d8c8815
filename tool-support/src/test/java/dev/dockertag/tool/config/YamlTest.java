package dev.dockertag.tool.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** YAML read as Concourse's Go YAML reads it. */
class YamlTest {

    @Test
    void anchorsAliasesAndMergeKeysAreResolved() {
        JsonNode doc = Yaml.parse("p.yml", """
                defaults: &defaults
                  trigger: true
                  params: {depth: 1}
                jobs:
                - name: a
                  plan:
                  - <<: *defaults
                    get: src
                    trigger: false
                  - *defaults
                """);

        JsonNode plan = doc.get("jobs").get(0).get("plan");
        assertThat(plan.get(0).get("get").asText()).isEqualTo("src");
        assertThat(plan.get(0).get("trigger").asBoolean())
                .as("the explicit key wins over the merged one")
                .isFalse();
        assertThat(plan.get(0).get("params").get("depth").asInt()).isEqualTo(1);
        assertThat(plan.get(0).has("<<")).isFalse();
        assertThat(plan.get(1).get("trigger").asBoolean()).isTrue();
    }

    @Test
    void twoMergeKeysInOneMappingAreRefusedAsGoRefusesThem() {
        assertThatThrownBy(() -> Yaml.parse("p.yml", "a: &a {x: 1}\nb: &b {y: 2}\nc:\n  <<: *a\n  <<: *b\n"))
                .isInstanceOf(Yaml.YamlException.class)
                .hasMessage("p.yml:5: not valid YAML: mapping key \"<<\" already defined at line 4");
    }

    @Test
    void duplicateKeysAreRefusedInGoWordsWithBothPlaces() {
        assertThatThrownBy(() -> Yaml.parse("p.yml", "resources: []\njobs: []\nresources: []\n"))
                .isInstanceOf(Yaml.YamlException.class)
                .hasMessage("p.yml:3: not valid YAML: mapping key \"resources\" already defined at line 1");
    }

    @Test
    void everyRepeatedKeyIsNamedNotOnlyTheFirst() {
        assertThatThrownBy(() -> Yaml.parse("p.yml", "a: 1\na: 2\nb:\n  c: 1\n  c: 2\n"))
                .isInstanceOf(Yaml.YamlException.class)
                .hasMessage("p.yml:2: not valid YAML: mapping key \"a\" already defined at line 1\n"
                        + "p.yml:5: not valid YAML: mapping key \"c\" already defined at line 4");
    }

    @Test
    void scalarsAreTypedAsYaml11AndTimestampsStayText() {
        JsonNode doc = Yaml.parse("p.yml", "a: yes\nb: off\nc: 2024-01-02\nd: '5'\ne: 5\nf: 1.5\ng: null\n");

        assertThat(doc.get("a").isBoolean()).isTrue();
        assertThat(doc.get("a").asBoolean()).isTrue();
        assertThat(doc.get("b").asBoolean()).isFalse();
        assertThat(doc.get("c").isTextual()).isTrue();
        assertThat(doc.get("c").asText()).isEqualTo("2024-01-02");
        assertThat(doc.get("d").isTextual()).isTrue();
        assertThat(doc.get("e").isInt()).isTrue();
        assertThat(doc.get("f").isDouble()).isTrue();
        assertThat(doc.get("g").isNull()).isTrue();
    }

    @Test
    void anEmptyDocumentIsMissingAndBadYamlNamesItsLine() {
        assertThat(Yaml.parse("p.yml", "").isMissingNode()).isTrue();
        assertThatThrownBy(() -> Yaml.parse("p.yml", "jobs:\n  - name: a\n   plan: [\n"))
                .hasMessageStartingWith("p.yml:3:")
                .hasMessageContaining("not valid YAML");
    }
}
