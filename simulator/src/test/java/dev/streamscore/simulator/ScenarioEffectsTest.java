package dev.streamscore.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streamscore.demo.Transaction;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each scenario's documented effect, measured after its switch, and no effect before it: the
 * events before the switch are identical, field by field, to a stationary run of the same seed.
 * 1,000 events per second and a switch at 40 s: 40,000 events before, 40,000 after.
 */
class ScenarioEffectsTest {
    private static final Logger LOG = LoggerFactory.getLogger(ScenarioEffectsTest.class);
    private static final int BEFORE = 40_000;
    private static final int AFTER = 40_000;
    private static final Duration SWITCH = Duration.ofSeconds(40);
    private static final SimulatorConfig BASE = SimulatorConfig.defaults().withSeed(11).withEventsPerSecond(1000);
    private static final List<SimulatedTransaction> STATIONARY = SimulatorFixtures.generate(BASE, BEFORE + AFTER);

    /** The run with {@code scenario} from {@link #SWITCH} on, after checking that nothing changed before it. */
    private static List<SimulatedTransaction> runSwitchingTo(Scenario scenario) {
        List<SimulatedTransaction> run = SimulatorFixtures.generate(
                BASE.withSchedule(ScenarioSchedule.switchingTo(scenario, SWITCH)), BEFORE + AFTER);
        for (int i = 0; i < BEFORE; i++) {
            assertSameEvent(run.get(i), STATIONARY.get(i));
        }
        return run;
    }

    private static List<SimulatedTransaction> before(List<SimulatedTransaction> run) {
        return run.subList(0, BEFORE);
    }

    private static List<SimulatedTransaction> after(List<SimulatedTransaction> run) {
        return run.subList(BEFORE, BEFORE + AFTER);
    }

    @Test
    void covariateShiftRaisesAmountsAndOnlineShare() {
        List<SimulatedTransaction> run = runSwitchingTo(Scenario.COVARIATE_SHIFT);
        double meanBefore = meanAmount(before(run));
        double meanAfter = meanAmount(after(run));
        double onlineBefore = SimulatorFixtures.share(before(run), st -> st.transaction().getOnline());
        double onlineAfter = SimulatorFixtures.share(after(run), st -> st.transaction().getOnline());

        assertThat(meanAfter / meanBefore).isBetween(2.0, 3.0);
        assertThat(onlineAfter - onlineBefore).isGreaterThan(0.15);
        // Same draws, scaled: each amount is 2.5x the stationary run's (up to cent rounding).
        for (int i = BEFORE; i < BEFORE + AFTER; i += 97) {
            double stationary = STATIONARY.get(i).transaction().getAmount();
            assertThat(run.get(i).transaction().getAmount()).isCloseTo(stationary * 2.5, within(0.03));
        }
        LOG.info(String.format(Locale.ROOT, "COVARIATE_SHIFT: mean amount %.1f -> %.1f (x%.2f), online %.3f -> %.3f, fraud %.4f -> %.4f",
                meanBefore, meanAfter, meanAfter / meanBefore, onlineBefore, onlineAfter,
                SimulatorFixtures.fraudRate(before(run)), SimulatorFixtures.fraudRate(after(run))));
    }

    @Test
    void conceptDriftMovesFraudToSmallDaytimeOnlinePurchasesWithTheSameFeatures() {
        List<SimulatedTransaction> run = runSwitchingTo(Scenario.CONCEPT_DRIFT);
        for (int i = BEFORE; i < BEFORE + AFTER; i++) {
            assertSameTransaction(run.get(i).transaction(), STATIONARY.get(i).transaction());
        }
        Predicate<SimulatedTransaction> smallDaytimeOnline = st -> st.transaction().getAmount() < 30
                && st.transaction().getOnline() && st.transaction().getHourOfDay() >= 8 && st.transaction().getHourOfDay() <= 19;
        Predicate<SimulatedTransaction> large = st -> st.transaction().getAmount() > 300;
        double sliceBefore = SimulatorFixtures.fraudRate(before(run), smallDaytimeOnline);
        double sliceAfter = SimulatorFixtures.fraudRate(after(run), smallDaytimeOnline);
        double largeBefore = SimulatorFixtures.fraudRate(before(run), large);
        double largeAfter = SimulatorFixtures.fraudRate(after(run), large);
        double rateAfter = SimulatorFixtures.fraudRate(after(run));

        assertThat(sliceBefore).isLessThan(0.02);
        assertThat(sliceAfter).isGreaterThan(0.10).isGreaterThan(10 * sliceBefore);
        assertThat(largeAfter).isLessThan(largeBefore / 4);
        assertThat(rateAfter).isBetween(0.015, 0.04);
        // The pattern a model learns from stationary data no longer ranks fraud.
        double aucBefore = SimulatorFixtures.auc(before(run), SimulatorFixtures::usualScore);
        double aucAfter = SimulatorFixtures.auc(after(run), SimulatorFixtures::usualScore);
        assertThat(aucBefore).isGreaterThan(0.9);
        assertThat(aucAfter).isLessThan(0.6);
        LOG.info(String.format(Locale.ROOT, "CONCEPT_DRIFT: fraud among small daytime online %.4f -> %.4f, among amounts > 300 %.4f -> %.4f,"
                + " overall %.4f -> %.4f, AUC of the stationary pattern %.3f -> %.3f", sliceBefore, sliceAfter,
                largeBefore, largeAfter, SimulatorFixtures.fraudRate(before(run)), rateAfter, aucBefore, aucAfter));
    }

    @Test
    void skewBugSendsAmountsInCentsWhileLabelsFollowTheTrueAmount() {
        List<SimulatedTransaction> run = runSwitchingTo(Scenario.SKEW_BUG_CENTS);
        for (int i = BEFORE; i < BEFORE + AFTER; i++) {
            Transaction skewed = run.get(i).transaction();
            Transaction truth = STATIONARY.get(i).transaction();
            assertThat(skewed.getAmount()).isCloseTo(truth.getAmount() * 100, within(1e-6));
            assertThat(run.get(i).fraud()).isEqualTo(STATIONARY.get(i).fraud());
            assertThat(skewed.getMerchantCategory()).isEqualTo(truth.getMerchantCategory());
            assertThat(skewed.getDistanceFromHomeKm()).isEqualTo(truth.getDistanceFromHomeKm());
        }
        double ratio = meanAmount(after(run)) / meanAmount(after(STATIONARY));
        assertThat(ratio).isCloseTo(100.0, within(0.01));
        LOG.info(String.format(Locale.ROOT, "SKEW_BUG_CENTS: mean amount x%.3f vs the stationary run, mean before/after %.1f -> %.1f",
                ratio, meanAmount(before(run)), meanAmount(after(run))));
    }

    @Test
    void newMerchantCategoryAppearsOnlyAfterTheSwitchWithHighFraud() {
        List<SimulatedTransaction> run = runSwitchingTo(Scenario.NEW_MERCHANT_CATEGORY);
        Predicate<SimulatedTransaction> crypto = st -> st.transaction().getMerchantCategory().equals("crypto_exchange");

        assertThat(before(run)).noneMatch(crypto);
        double share = SimulatorFixtures.share(after(run), crypto);
        double cryptoFraud = SimulatorFixtures.fraudRate(after(run), crypto);
        double otherFraud = SimulatorFixtures.fraudRate(after(run), crypto.negate());
        assertThat(share).isCloseTo(0.15, within(0.01));
        assertThat(cryptoFraud).isGreaterThan(0.2).isGreaterThan(5 * otherFraud);
        LOG.info(String.format(Locale.ROOT, "NEW_MERCHANT_CATEGORY: crypto_exchange share %.4f, its fraud rate %.4f vs %.4f elsewhere",
                share, cryptoFraud, otherFraud));
    }

    @Test
    void biasCreepRaisesFraudInBusinessOnlyWithAnUnusualPattern() {
        List<SimulatedTransaction> run = runSwitchingTo(Scenario.BIAS_CREEP);
        Predicate<SimulatedTransaction> business = st -> st.transaction().getCustomerSegment().equals("business");
        for (int i = BEFORE; i < BEFORE + AFTER; i++) {
            assertSameTransaction(run.get(i).transaction(), STATIONARY.get(i).transaction());
            if (!business.test(run.get(i))) {
                assertThat(run.get(i).fraud()).isEqualTo(STATIONARY.get(i).fraud());
            }
        }
        double businessBefore = SimulatorFixtures.fraudRate(before(run), business);
        double businessAfter = SimulatorFixtures.fraudRate(after(run), business);
        List<SimulatedTransaction> businessFraudBefore = before(run).stream().filter(business).filter(SimulatedTransaction::fraud).toList();
        List<SimulatedTransaction> businessFraudAfter = after(run).stream().filter(business).filter(SimulatedTransaction::fraud).toList();
        double onlineShareBefore = SimulatorFixtures.share(businessFraudBefore, st -> st.transaction().getOnline());
        double onlineShareAfter = SimulatorFixtures.share(businessFraudAfter, st -> st.transaction().getOnline());

        assertThat(businessAfter).isGreaterThan(2 * businessBefore);
        assertThat(SimulatorFixtures.fraudRate(after(run), business.negate()))
                .isEqualTo(SimulatorFixtures.fraudRate(after(STATIONARY), business.negate()));
        // The new fraud looks ordinary: card-present, so the usual online signal misses it.
        assertThat(onlineShareAfter).isLessThan(onlineShareBefore - 0.2);
        double businessAucBefore = SimulatorFixtures.auc(before(run).stream().filter(business).toList(), SimulatorFixtures::usualScore);
        double businessAucAfter = SimulatorFixtures.auc(after(run).stream().filter(business).toList(), SimulatorFixtures::usualScore);
        double othersAucAfter = SimulatorFixtures.auc(after(run).stream().filter(business.negate()).toList(), SimulatorFixtures::usualScore);
        assertThat(businessAucBefore).isGreaterThan(0.85);
        assertThat(businessAucAfter).isLessThan(0.75);
        assertThat(othersAucAfter).isGreaterThan(0.9);
        LOG.info(String.format(Locale.ROOT, "BIAS_CREEP: business fraud rate %.4f -> %.4f, online share of business fraud %.3f -> %.3f,"
                + " AUC of the stationary pattern on business %.3f -> %.3f (other segments after: %.3f)", businessBefore,
                businessAfter, onlineShareBefore, onlineShareAfter, businessAucBefore, businessAucAfter, othersAucAfter));
    }

    @Test
    void stationaryAfterAScenarioRestoresTheWorld() {
        SimulatorConfig config = BASE.withSchedule(ScenarioSchedule.parse("stationary,skew_bug_cents@10s,stationary@20s"));
        List<SimulatedTransaction> run = SimulatorFixtures.generate(config, 30_000);
        for (int i = 0; i < 30_000; i++) {
            double expected = STATIONARY.get(i).transaction().getAmount() * (i >= 10_000 && i < 20_000 ? 100 : 1);
            assertThat(run.get(i).transaction().getAmount()).isCloseTo(expected, within(1e-6));
        }
    }

    private static double meanAmount(List<SimulatedTransaction> events) {
        return SimulatorFixtures.mean(events.stream().mapToDouble(st -> st.transaction().getAmount()).toArray());
    }

    private static void assertSameEvent(SimulatedTransaction actual, SimulatedTransaction expected) {
        assertSameTransaction(actual.transaction(), expected.transaction());
        assertThat(actual.fraud()).isEqualTo(expected.fraud());
        assertThat(actual.labelDelay()).isEqualTo(expected.labelDelay());
    }

    private static void assertSameTransaction(Transaction actual, Transaction expected) {
        // Avro's equals compares every field of the record.
        assertThat(actual).isEqualTo(expected);
    }
}
