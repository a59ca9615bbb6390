package org.mviot.edge.core.internal.registry;

/**
 * The descriptor scan and the gateway twin's link check on one timer when their periods are equal:
 * the scan at once and then every period, the check from the second run on (one period after the
 * start, as on its own timer).
 */
final class ScanThenCheck implements Runnable {

    private final Runnable scan;
    private final Runnable check;
    /** Only the one scheduler thread runs this. */
    private boolean first = true;

    ScanThenCheck(Runnable scan, Runnable check) {
        this.scan = scan;
        this.check = check;
    }

    @Override
    public void run() {
        scan.run();
        if (first) {
            first = false;
        } else {
            check.run();
        }
    }
}
