package org.mviot.edge.core.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ScanThenCheckTest {

    @Test
    void theFirstRunScansOnlyAndEveryLaterRunScansThenChecks() {
        List<String> ran = new ArrayList<>();
        ScanThenCheck t = new ScanThenCheck(() -> ran.add("scan"), () -> ran.add("check"));

        t.run();
        assertThat(ran).containsExactly("scan");
        t.run();
        t.run();
        assertThat(ran).containsExactly("scan", "scan", "check", "scan", "check");
    }
}
