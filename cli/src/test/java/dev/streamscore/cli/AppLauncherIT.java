package dev.streamscore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The scoring job's own classpath, recorded at build time, starts its commands in a separate JVM. */
class AppLauncherIT {
    @Test
    void runsTheScoringModulesCommandsInTheirOwnJvm() {
        // PublishMain without --bundle exits 1 after naming the flag: proof the child started on its classpath.
        int exit = AppLauncher.run("/dev/streamscore/scoring/runtime.classpath",
                "dev.streamscore.scoring.publish.PublishMain", List.of());
        assertThat(exit).isEqualTo(1);
    }
}
