package dev.dockertag.reaper.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dockertag.registry.image.Manifest;
import dev.dockertag.testsupport.LocalRegistryExtension;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An undo the registry stops part way (here a registry in read-only mode, as during a GC) says what it did and what to
 * do, never the planning hint that nothing was deleted.
 */
class UndoFailureIT {

    @RegisterExtension
    static LocalRegistryExtension registry = LocalRegistryExtension.readOnly();

    @TempDir
    Path temp;

    @Test
    void aRefusedRestoreSaysItStoppedAndToRunUndoAgain() throws IOException {
        String repository = registry.get().host() + "/acme/app";
        UndoFixture fixture = UndoFixture.in(temp, repository);
        Manifest manifest = fixture.manifest();

        Reaper.Run undo = Reaper.run(
                "undo", "-c", fixture.config().toString(), fixture.journal().toString());

        assertThat(undo.exitCode()).isEqualTo(1);
        assertThat(undo.stdout()).isEmpty();
        assertThat(undo.stderr())
                .startsWith("error: tried to push manifest " + repository + "@" + manifest.digest())
                .endsWith("\nhint: the restore stopped there: the tags listed above are back, the others are not;"
                        + " run reaper undo again once the registry takes pushes (what is back is pushed again"
                        + " unchanged)\n")
                .doesNotContain("nothing was deleted");
    }
}
