package dev.dockertag.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged scripts run by hand on a machine whose default Java is too old: the launcher finds a Java 21+ itself
 * (JAVA_HOME, the java on PATH, then the newest under DOCKERTAG_JVM_DIRS, as bin/ does), or says in one line what it
 * needs and what it found, instead of Java's UnsupportedClassVersionError. The old JDKs are stand-ins (a release file
 * and a java that fails as an old one would); the new one is the JDK running this test.
 */
class LauncherJavaIT {

    private static final String CURRENT = System.getProperty("java.home");

    @TempDir
    Path temp;

    /** A JDK home whose release file says {@code major} and whose java fails as an old Java fails on our classes. */
    private Path oldJdk(String name, int major) throws IOException {
        Path home = Files.createDirectories(temp.resolve(name).resolve("bin")).getParent();
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Stand-in\"\nJAVA_VERSION=\"" + major + ".0.9\"\n");
        Path java = home.resolve("bin/java");
        Files.writeString(
                java,
                "#!/bin/sh\necho 'Exception in thread \"main\" java.lang.UnsupportedClassVersionError: stand-in' >&2\n"
                        + "exit 1\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    /** The packaged check with exactly {@code env} (nothing inherited), given a source with no repository. */
    private ResourceScripts.Run check(Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder(ResourceScripts.HOME.resolve("check").toString());
        builder.environment().clear();
        builder.environment().putAll(env);
        builder.environment().put("TMPDIR", temp.toString());
        Process process = builder.start();
        process.getOutputStream().write("{\"source\":{}}".getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new ResourceScripts.Run(
                process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void anOldJavaOnPathAndInJavaHomeIsPassedOverForANewOne() throws Exception {
        Path old = oldJdk("jdk-17", 17);

        ResourceScripts.Run run = check(Map.of(
                "PATH", old.resolve("bin") + ":/usr/bin:/bin",
                "JAVA_HOME", old.toString(),
                "DOCKERTAG_JVM_DIRS", old + " " + CURRENT));

        // the JVM started and read the request: the error is the resource's own, about the missing key
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).startsWith("error: source.repository").doesNotContain("UnsupportedClassVersionError");
    }

    @Test
    void withNoJava21AnywhereItSaysWhatItNeedsAndWhatItFound() throws Exception {
        Path onPath = oldJdk("jdk-17", 17);
        Path inDirs = oldJdk("jdk-11", 11);

        ResourceScripts.Run run = check(
                Map.of("PATH", onPath.resolve("bin") + ":/usr/bin:/bin", "DOCKERTAG_JVM_DIRS", inDirs.toString()));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr())
                .isEqualTo("error: resource-docker-tag needs Java 21 or newer and found only " + onPath
                        + "/bin/java (Java 17), " + inDirs + "/bin/java (Java 11): set JAVA_HOME to a JDK or JRE 21 or"
                        + " newer\n");
    }
}
