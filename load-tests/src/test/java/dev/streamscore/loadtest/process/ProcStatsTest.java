package dev.streamscore.loadtest.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProcStatsTest {
    @Test
    void parsesCpuTicksEvenWithSpacesInTheName() {
        String stat = "4242 (java thread x) S 1 4242 4242 0 -1 4194304 100 0 0 0 1234 56 0 0 20 0 30 0 99 0 0";
        assertThat(ProcStats.cpuTicks(stat)).isEqualTo(1234 + 56);
    }

    @Test
    void parsesResidentMemory() {
        assertThat(ProcStats.rssBytes("Name:\tjava\nVmPeak:\t 999 kB\nVmRSS:\t  2048 kB\n")).isEqualTo(2048L * 1024);
        assertThat(ProcStats.rssBytes("Name:\tkthread\n")).isEqualTo(-1);
    }

    @Test
    void readsThisProcess() throws Exception {
        Path self = Path.of("/proc/self");
        if (Files.isDirectory(self)) {
            assertThat(ProcStats.cpuTicks(Files.readString(self.resolve("stat")))).isPositive();
            assertThat(ProcStats.rssBytes(Files.readString(self.resolve("status")))).isGreaterThan(1024L * 1024);
        }
    }
}
