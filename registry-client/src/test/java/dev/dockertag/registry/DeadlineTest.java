package dev.dockertag.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DeadlineTest {

    @Test
    void passesAfterItsBudgetAndRunsWhatWaitsForIt() throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        try (Deadline deadline = Deadline.after(Duration.ofMillis(200))) {
            deadline.onStop(stopped::countDown);
            assertThat(deadline.expired()).isFalse();
            assertThat(deadline.allows(Duration.ofMillis(10), "GET x")).isTrue();

            assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(deadline.expired()).isTrue();
            assertThat(deadline.stopped()).isTrue();
            assertThat(deadline.remaining()).isZero();
            assertThat(deadline.allows(Duration.ZERO, "GET x")).isFalse();
            assertThat(deadline.inFlightWhenStopped()).isEmpty();
        }
    }

    @Test
    void aRetryWhoseWaitOutlastsTheBudgetEndsTheWorkNowNamingTheRequest() {
        try (Deadline deadline = Deadline.after(Duration.ofMinutes(1))) {
            assertThat(deadline.allows(Duration.ofMinutes(2), "HEAD http://r.example/v2/a/manifests/t"))
                    .isFalse();

            assertThat(deadline.expired()).isTrue();
            assertThat(deadline.inFlightWhenStopped()).containsExactly("HEAD http://r.example/v2/a/manifests/t");
        }
    }

    @Test
    void stopWithoutABudgetIsNotAnExpiry() {
        Deadline deadline = Deadline.none();
        assertThat(deadline.allows(Duration.ofDays(365), "GET x")).isTrue();

        deadline.stop();

        assertThat(deadline.stopped()).isTrue();
        assertThat(deadline.expired()).isFalse();
        assertThat(deadline.allows(Duration.ZERO, "GET x")).isFalse();
    }
}
