package dev.streamscore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.config.SettingsSpec;
import dev.streamscore.drift.DriftFlags;
import dev.streamscore.lifecycle.LifecycleFlags;
import dev.streamscore.scoring.ScoringFlags;
import dev.streamscore.simulator.SimulatorMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The READMEs' settings tables list exactly the settings each app declares: a setting added to an
 * app but not to its README, or a README row for a setting the app no longer takes, fails here.
 */
class ReadmeSettingsTablesTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern HEADER = Pattern.compile("^\\| (flag|setting|key) \\| default \\|");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    @Test
    void theScoringJobsTableIsItsSettings() throws IOException {
        assertThat(tables("README.md")).hasSize(1);
        assertThat(tables("README.md").get(0)).isEqualTo(keys(ScoringFlags.SPEC));
    }

    @Test
    void driftStreamsTableIsItsSettings() throws IOException {
        assertThat(tables("drift-stream/README.md")).containsExactly(keys(DriftFlags.SPEC));
    }

    @Test
    void theSimulatorsTableIsItsSettings() throws IOException {
        assertThat(tables("simulator/README.md")).containsExactly(keys(SimulatorMain.SPEC));
    }

    @Test
    void lifecyclesTablesAreRetrainsSettingsAndWhatLifecycleAdds() throws IOException {
        Set<String> added = keys(LifecycleFlags.LIFECYCLE);
        added.removeAll(keys(LifecycleFlags.RETRAIN));
        assertThat(tables("lifecycle/README.md")).containsExactly(keys(LifecycleFlags.RETRAIN), added);
    }

    private static Set<String> keys(SettingsSpec spec) {
        return new TreeSet<>(spec.keys());
    }

    /**
     * The setting names in the first column of each settings table of a README (a header row of
     * {@code | flag | default |}, {@code | setting | default |} or {@code | key | default |}), without
     * dashes; pass-through rows ({@code kafka.*}, {@code --kafka.<property>}) left out.
     */
    private static List<Set<String>> tables(String readme) throws IOException {
        List<Set<String>> tables = new ArrayList<>();
        Set<String> current = null;
        for (String line : Files.readAllLines(ROOT.resolve(readme))) {
            if (HEADER.matcher(line).find()) {
                current = new TreeSet<>();
                tables.add(current);
            } else if (current != null && line.startsWith("|")) {
                String first = line.substring(1, line.indexOf('|', 1));
                Matcher code = CODE.matcher(first);
                while (code.find()) {
                    String key = code.group(1).replaceFirst("^--", "");
                    if (!key.contains("*") && !key.contains("<") && !key.startsWith("---")) {
                        current.add(key);
                    }
                }
            } else {
                current = null;
            }
        }
        return tables;
    }
}
