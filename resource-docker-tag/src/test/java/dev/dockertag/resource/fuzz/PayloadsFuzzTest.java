package dev.dockertag.resource.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.dockertag.failures.HintedException;
import dev.dockertag.resource.protocol.CheckRequest;
import dev.dockertag.resource.protocol.InRequest;
import dev.dockertag.resource.protocol.OutRequest;
import dev.dockertag.resource.protocol.Payloads;
import dev.dockertag.resource.source.Settings;

/**
 * What Concourse hands a script on stdin, whatever it is: read and checked, or refused with a {@link HintedException}
 * naming what is wrong (the documented refusal, one line on stderr), never another exception.
 */
class PayloadsFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void request(FuzzedDataProvider data) {
        int script = data.consumeInt(0, 2);
        byte[] json = data.consumeRemainingAsBytes();
        try {
            switch (script) {
                case 0 -> Settings.of(Payloads.read(json, CheckRequest.class).source());
                case 1 -> Settings.of(Payloads.read(json, InRequest.class).source());
                default -> Settings.of(Payloads.read(json, OutRequest.class).source());
            }
        } catch (HintedException e) {
            // refused, naming the key
        }
    }
}
