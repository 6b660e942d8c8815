package dev.dockertag.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Signatures, attestations and SBOMs made by the tools our users make them with, against a plain-HTTP local registry:
 * cosign (a key pair made here; signing offline, with no transparency log or Fulcio, which these machines cannot
 * reach), in both of its formats: a Sigstore bundle attached as an OCI 1.1 referrer (cosign 3's default), and the
 * classic {@code sha256-<hex>.sig} / {@code .att} tags (cosign 2's, with {@code --new-bundle-format=false}); and oras
 * (an SBOM attached as an OCI 1.1 artifact with a {@code subject}: through the referrers API where the registry has it,
 * else oras's fallback tag). Both are Go programs from the module proxy, pinned and installed by {@code bin/test},
 * named by {@code DOCKERTAG_COSIGN} and {@code DOCKERTAG_ORAS}.
 */
public final class SupplyChainTools {

    /** The artifact type of the SBOMs {@link #attachSbom} attaches. */
    public static final String SBOM_TYPE = "application/spdx+json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final String cosign;
    private final String oras;
    private final Map<String, String> env;

    private SupplyChainTools(Path dir, String cosign, String oras) {
        this.dir = dir;
        this.cosign = cosign;
        this.oras = oras;
        this.env = Map.of(
                "COSIGN_PASSWORD", // the key pair's, made here
                "",
                "HOME",
                dir.toString(), // no docker config, no sigstore cache of the machine's
                "TUF_ROOT",
                dir.resolve("tuf").toString());
    }

    /** The tools, with a new cosign key pair in {@code dir}. */
    public static SupplyChainTools create(Path dir) {
        SupplyChainTools tools = new SupplyChainTools(dir, program("DOCKERTAG_COSIGN"), program("DOCKERTAG_ORAS"));
        tools.run(List.of(tools.cosign, "generate-key-pair"));
        return tools;
    }

    private static String program(String variable) {
        String path = System.getenv(variable);
        if (path == null || !Files.isExecutable(Path.of(path))) {
            throw new IllegalStateException(variable + "=" + path
                    + ": not installed (bin/test installs cosign and oras from the Go module proxy and sets it)");
        }
        return path;
    }

    /**
     * {@code cosign sign} of {@code reference} (a digest reference) with the key, offline: a Sigstore bundle referrer.
     */
    public void sign(String reference) {
        run(cosignCommand("sign", "--key", dir.resolve("cosign.key").toString(), reference));
    }

    /** {@code cosign sign} in the classic format: a signature manifest tagged {@code sha256-<hex>.sig}. */
    public void signClassic(String reference) {
        run(cosignCommand(
                "sign",
                "--new-bundle-format=false",
                "--key",
                dir.resolve("cosign.key").toString(),
                reference));
    }

    /**
     * {@code cosign attest} of a SLSA provenance predicate to {@code reference}, with the key, offline, in the classic
     * format: an attestation manifest tagged {@code sha256-<hex>.att}.
     */
    public void attestClassic(String reference) {
        Path predicate = dir.resolve("provenance.json");
        write(predicate, "{\"buildType\":\"https://example.com/dockertag-test\",\"builder\":{\"id\":\"local\"}}");
        run(cosignCommand(
                "attest",
                "--new-bundle-format=false",
                "--key",
                dir.resolve("cosign.key").toString(),
                "--type",
                "slsaprovenance",
                "--predicate",
                predicate.toString(),
                reference));
    }

    /** {@code cosign verify} (signature) with the public key and no transparency log; the result, success or not. */
    public Commands.Result verify(String reference) {
        return Commands.run(
                cosignCommand("verify", "--key", dir.resolve("cosign.pub").toString(), reference), dir, env);
    }

    /** {@code oras attach} of a small SPDX SBOM to {@code reference}, as an OCI 1.1 artifact with a subject. */
    public void attachSbom(String reference) {
        write(dir.resolve("sbom.spdx.json"), "{\"spdxVersion\":\"SPDX-2.3\",\"name\":\"" + reference + "\"}");
        run(List.of(oras, "attach", "--plain-http", "--artifact-type", SBOM_TYPE, reference, "sbom.spdx.json"));
    }

    /** The digests of the artifacts that refer to {@code reference}, as {@code oras discover} lists them. */
    public List<String> referrers(String reference) {
        Commands.Result result =
                run(List.of(oras, "discover", "--plain-http", "--format", "json", "--depth", "1", reference));
        List<String> digests = new ArrayList<>();
        try {
            JsonNode tree = JSON.readTree(result.stdout());
            JsonNode list = tree.has("referrers") ? tree.get("referrers") : tree.path("manifests");
            list.forEach(m -> digests.add(m.path("digest").asText()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return digests;
    }

    private List<String> cosignCommand(String verb, String... args) {
        List<String> command = new ArrayList<>(List.of(cosign, verb));
        if (!verb.equals("verify")) {
            // no TUF-provided signing config (it names the public Rekor and Fulcio) and no transparency log
            command.addAll(List.of("--use-signing-config=false", "--tlog-upload=false", "--yes"));
        } else {
            command.add("--insecure-ignore-tlog=true");
        }
        command.addAll(List.of("--allow-insecure-registry", "--allow-http-registry"));
        command.addAll(List.of(args));
        return command;
    }

    private Commands.Result run(List<String> command) {
        return Commands.run(command, dir, env).requireSuccess(command);
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
