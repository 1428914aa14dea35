package dev.streamscore.model.card;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.streamscore.model.features.FeatureType;
import java.util.Map;

/**
 * What one feature's raw values looked like in training, for drift and skew monitoring.
 *
 * @param type        numeric or categorical
 * @param count       training records
 * @param missingRate share of records where the value was missing
 * @param histogram   numeric: counts on fixed edges at the training deciles (see {@link Histogram})
 * @param quantiles   numeric: p1, p5, p10, p25, p50, p75, p90, p95, p99
 * @param mean        numeric: mean of present values
 * @param std         numeric: standard deviation of present values
 * @param min         numeric: smallest value seen (the training range, for out-of-range skew)
 * @param max         numeric: largest value seen
 * @param frequencies categorical: share of each category among present values
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureProfile(
        FeatureType type,
        long count,
        double missingRate,
        Histogram histogram,
        Map<String, Double> quantiles,
        Double mean,
        Double std,
        Double min,
        Double max,
        Map<String, Double> frequencies) {
}
