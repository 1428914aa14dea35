package dev.streamscore.detection;

import dev.streamscore.avro.Alert;
import dev.streamscore.detection.DriftCase.EffectMetric;
import dev.streamscore.drift.simulation.SimulatedModel;
import dev.streamscore.model.card.ModelCard;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The drift kinds at their sizes (issue 16, item 4), as transforms of the stationary stream. */
public final class DriftCases {
    static final String SHIFTED_FEATURE = "amount";
    static final String CATEGORY_FEATURE = "merchant_category";
    static final String SEGMENT_FIELD = "customer_segment";
    /**
     * The segment whose recall falls: retail, the only one with enough labeled positives in a
     * 2,000-event window (about 30 at the simulator's 2.5 % fraud rate; min-group-size is 30).
     */
    static final String SEGMENT_VALUE = "retail";
    static final int DATA_DRIFT_WINDOWS = 4;
    static final int PERFORMANCE_WINDOWS = 10;
    static final int BIAS_WINDOWS = 16;

    private DriftCases() {
    }

    /**
     * Every case of the report. {@code sdLog1pAmount} is the training standard deviation of
     * {@code log1p(amount)}, the scale the model standardizes amount on.
     */
    public static List<DriftCase> all(SimulatedModel model, double sdLog1pAmount) {
        ModelCard card = model.card();
        List<DriftCase> cases = new ArrayList<>();
        Predicate<Alert> onAmount = a -> SHIFTED_FEATURE.equals(a.getFeature());
        String amountAlerts = "any data_drift or skew alert on amount (whole traffic or a segment)";
        EffectMetric amountPsi = new EffectMetric("data_drift", "psi", SHIFTED_FEATURE, null);
        for (double sds : new double[] {0.25, 0.5, 1.0}) {
            cases.add(new DriftCase("covariate shift", sds + " SD", TrafficChanges.amountShift(sds, sdLog1pAmount),
                    DATA_DRIFT_WINDOWS, onAmount, amountAlerts, amountPsi, sds == 0.5 ? 2 : 0));
        }
        for (double share : new double[] {0.02, 0.05, 0.15}) {
            cases.add(new DriftCase("new category", Math.round(share * 100) + " %", TrafficChanges.newCategory(share),
                    DATA_DRIFT_WINDOWS, a -> CATEGORY_FEATURE.equals(a.getFeature()),
                    "any data_drift or skew alert on merchant_category",
                    new EffectMetric("skew", "unseen_category_share", CATEGORY_FEATURE, null), share == 0.05 ? 2 : 0));
        }
        cases.add(new DriftCase("unit bug", "x100", TrafficChanges.unitBug(100), DATA_DRIFT_WINDOWS, onAmount, amountAlerts,
                new EffectMetric("skew", "out_of_range_share", SHIFTED_FEATURE, null), 1));
        double auc = card.holdout().auc();
        for (double drop : new double[] {0.03, 0.05, 0.1}) {
            // Labels redrawn at random for a share f pull the AUC towards 0.5 by about f * (AUC - 0.5).
            double share = drop / (auc - 0.5);
            cases.add(new DriftCase("concept drift", "AUC -" + drop, TrafficChanges.weakerConcept(share,
                    card.profile().labelRate()), PERFORMANCE_WINDOWS, a -> a.getKind().equals("performance"),
                    "any performance alert (auc, auc_cusum)", new EffectMetric("performance", "auc", null, null),
                    drop == 0.05 ? 3 : 0));
        }
        double recall = card.fairnessOrEmpty().groups(SEGMENT_FIELD).get(SEGMENT_VALUE).recall();
        String segment = SEGMENT_FIELD + "=" + SEGMENT_VALUE;
        for (double gap : new double[] {0.1, 0.2}) {
            cases.add(new DriftCase("recall gap", "-" + gap + " in " + segment, TrafficChanges.missedPositives(SEGMENT_FIELD,
                    SEGMENT_VALUE, gap / recall, card.output().threshold(), card.output().decide(0.0)), BIAS_WINDOWS,
                    a -> a.getKind().equals("bias") && a.getSegment() != null
                            && (a.getSegment().equals(segment) || a.getSegment().equals(SEGMENT_FIELD)),
                    "any bias alert on " + segment + " or on the " + SEGMENT_FIELD + " gaps (recall_vs_holdout, "
                            + "equal_opportunity_gap_vs_holdout, their CUSUMs)",
                    new EffectMetric("bias", "recall_vs_holdout", null, segment), gap == 0.1 ? 3 : 0));
        }
        return List.copyOf(cases);
    }
}
