package dev.streamscore.loadtest.run;

/** One JMH result: microseconds per call of a batch of rows, and the rows per second that makes. */
public record JmhRow(String benchmark, String model, int batch, double microsPerCall, double error) {
    public double rowsPerSecond() {
        return microsPerCall <= 0 ? 0 : batch * 1e6 / microsPerCall;
    }
}
