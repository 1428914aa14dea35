package dev.streamscore.drift.window;

import dev.streamscore.drift.serde.ByteArrayOutput;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What the performance monitors keep for one model version in one window of prediction event
 * time: for labeled pairs, score histograms split by label ({@value #SCORE_BINS} equal bins on
 * [0, 1], for a binned AUC), sums for log loss and Brier score, the confusion counts at the
 * decision threshold and per-segment counts (recall per group); and how many predictions went
 * unlabeled and how many labels came too late. Fixed size but for the capped segments; merges by
 * adding.
 */
public final class PerformanceWindow implements WindowState {
    public static final int SCORE_BINS = 100;
    /** Scores are clipped to [ε, 1 - ε] for log loss, as in the model card's holdout metrics. */
    static final double LOG_LOSS_EPSILON = 1e-7;
    /** 2 adds the expected outcomes of the labeled pairs (estimate vs realized); 1 is still read. */
    private static final byte FORMAT = 2;
    private static final byte FORMAT_WITHOUT_ESTIMATES = 1;

    private long labeled;
    private long unlabeled;
    private long late;
    private long positives;
    private final long[] positiveScores;
    private final long[] negativeScores;
    private double logLossSum;
    private double brierSum;
    private long truePositives;
    private long falsePositives;
    private long trueNegatives;
    private long falseNegatives;
    private final SegmentCounts segments;
    /** The labeled pairs' expected outcomes from their calibrated scores, to compare the estimate with what happened. */
    private ExpectedOutcomes expected = new ExpectedOutcomes();
    /**
     * Not part of the state: how large {@link #toBytes} should start its buffer (the four score
     * arrays alone are 3.2 KB; then what it wrote last time).
     */
    private int lastSize = 4096;

    public PerformanceWindow() {
        this(new long[SCORE_BINS], new long[SCORE_BINS], new SegmentCounts());
    }

    private PerformanceWindow(long[] positiveScores, long[] negativeScores, SegmentCounts segments) {
        this.positiveScores = positiveScores;
        this.negativeScores = negativeScores;
        this.segments = segments;
    }

    /** Expected outcomes of the labeled pairs counted with a calibration. */
    ExpectedOutcomes expected() {
        return expected;
    }

    static int scoreBin(double score) {
        return (int) Math.max(0, Math.min(SCORE_BINS - 1, Math.floor(score * SCORE_BINS)));
    }

    void addLabeled(double score, boolean positiveLabel, boolean positiveDecision) {
        labeled++;
        double clipped = Math.max(LOG_LOSS_EPSILON, Math.min(1 - LOG_LOSS_EPSILON, score));
        double error = score - (positiveLabel ? 1 : 0);
        brierSum += error * error;
        if (positiveLabel) {
            positives++;
            positiveScores[scoreBin(score)]++;
            logLossSum -= Math.log(clipped);
            if (positiveDecision) {
                truePositives++;
            } else {
                falseNegatives++;
            }
        } else {
            negativeScores[scoreBin(score)]++;
            logLossSum -= Math.log(1 - clipped);
            if (positiveDecision) {
                falsePositives++;
            } else {
                trueNegatives++;
            }
        }
    }

    void addUnlabeled() {
        unlabeled++;
    }

    /** Takes back an unlabeled count (its label came late, within the delay); a partial may go below 0. */
    void removeUnlabeled() {
        unlabeled--;
    }

    /**
     * This window's counts as a provisional result, before its labels are final: a copy in which the
     * {@code served} predictions that have no label yet count as unlabeled, so that its events and
     * label coverage are of every prediction the window served.
     */
    public PerformanceWindow provisional(long served) {
        PerformanceWindow copy = fromBytes(toBytes());
        copy.unlabeled = Math.max(copy.unlabeled, served - copy.labeled);
        return copy;
    }

    void addLate() {
        late++;
    }

    SegmentCounts segmentCounts() {
        return segments;
    }

    public PerformanceWindow merge(PerformanceWindow other, int maxGroups) {
        labeled += other.labeled;
        unlabeled += other.unlabeled;
        late += other.late;
        positives += other.positives;
        for (int i = 0; i < SCORE_BINS; i++) {
            positiveScores[i] += other.positiveScores[i];
            negativeScores[i] += other.negativeScores[i];
        }
        logLossSum += other.logLossSum;
        brierSum += other.brierSum;
        truePositives += other.truePositives;
        falsePositives += other.falsePositives;
        trueNegatives += other.trueNegatives;
        falseNegatives += other.falseNegatives;
        segments.merge(other.segments, maxGroups);
        expected.merge(other.expected);
        return this;
    }

    public long labeled() {
        return labeled;
    }

    /** The predictions whose outcome was counted: labeled or unlabeled (late labels are not events of the window). */
    @Override
    public long events() {
        return labeled + unlabeled;
    }

    public long unlabeled() {
        return unlabeled;
    }

    public long late() {
        return late;
    }

    public long positives() {
        return positives;
    }

    public long[] positiveScores() {
        return positiveScores.clone();
    }

    public long[] negativeScores() {
        return negativeScores.clone();
    }

    public double logLossSum() {
        return logLossSum;
    }

    public double brierSum() {
        return brierSum;
    }

    public long truePositives() {
        return truePositives;
    }

    public long falsePositives() {
        return falsePositives;
    }

    public long trueNegatives() {
        return trueNegatives;
    }

    public long falseNegatives() {
        return falseNegatives;
    }

    public SegmentCounts segments() {
        return segments;
    }

    @Override
    public byte[] toBytes() {
        try {
            ByteArrayOutput out = new ByteArrayOutput(lastSize);
            out.writeByte(FORMAT);
            out.writeLong(labeled);
            out.writeLong(unlabeled);
            out.writeLong(late);
            out.writeLong(positives);
            StateFormat.writeLongs(out, positiveScores);
            StateFormat.writeLongs(out, negativeScores);
            out.writeDouble(logLossSum);
            out.writeDouble(brierSum);
            out.writeLong(truePositives);
            out.writeLong(falsePositives);
            out.writeLong(trueNegatives);
            out.writeLong(falseNegatives);
            segments.writeTo(out);
            expected.writeTo(out);
            lastSize = out.size() + 256;
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static PerformanceWindow fromBytes(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte format = in.readByte();
            if (format != FORMAT && format != FORMAT_WITHOUT_ESTIMATES) {
                throw new IOException("Performance window state has format " + format + ", this version reads "
                        + FORMAT_WITHOUT_ESTIMATES + " and " + FORMAT);
            }
            long labeled = in.readLong();
            long unlabeled = in.readLong();
            long late = in.readLong();
            long positives = in.readLong();
            long[] positiveScores = StateFormat.readLongs(in);
            long[] negativeScores = StateFormat.readLongs(in);
            if (positiveScores.length != SCORE_BINS || negativeScores.length != SCORE_BINS) {
                throw new IOException("Corrupt performance window state: score bins");
            }
            double logLoss = in.readDouble();
            double brier = in.readDouble();
            long tp = in.readLong();
            long fp = in.readLong();
            long tn = in.readLong();
            long fn = in.readLong();
            PerformanceWindow w = new PerformanceWindow(positiveScores, negativeScores, SegmentCounts.readFrom(in));
            w.labeled = labeled;
            w.unlabeled = unlabeled;
            w.late = late;
            w.positives = positives;
            w.logLossSum = logLoss;
            w.brierSum = brier;
            w.truePositives = tp;
            w.falsePositives = fp;
            w.trueNegatives = tn;
            w.falseNegatives = fn;
            if (format == FORMAT) {
                w.expected = ExpectedOutcomes.readFrom(in);
            }
            return w;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read performance window state", e);
        }
    }
}
