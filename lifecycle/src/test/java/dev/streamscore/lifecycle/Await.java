package dev.streamscore.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Reads records again until what a test waits for is among them, or fails naming it after {@code timeout}. */
final class Await {
    private Await() {
    }

    /** @param poll how long to wait between reads (reading a busy topic again costs the CPU the system under test needs) */
    static <T> List<T> until(Supplier<List<T>> read, Predicate<List<T>> done, String what, Duration timeout,
            Duration poll) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<T> last = List.of();
        while (System.nanoTime() < deadline) {
            last = read.get();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(poll.toMillis());
        }
        throw new AssertionError("No " + what + " after " + timeout.toSeconds() + " s; last read: "
                + (last.size() > 20 ? last.size() + " records" : last));
    }
}
