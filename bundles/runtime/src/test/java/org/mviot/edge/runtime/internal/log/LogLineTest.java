package org.mviot.edge.runtime.internal.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleException;
import org.osgi.service.log.LogLevel;

class LogLineTest {

    @Test
    void dropsRoutineFrameworkEvents() {
        assertThat(LogLine.of(LogLevel.INFO, "Events.Bundle", "org.example", "BundleEvent STARTED", null)).isNull();
    }

    @Test
    void keepsFrameworkErrors() {
        LogLine line = LogLine.of(LogLevel.ERROR, "Events.Framework", "org.example", "FrameworkEvent ERROR", null);
        assertThat(line).isNotNull();
        assertThat(line.loggerName()).isEqualTo("org.example");
    }

    @Test
    void rendersUnresolvableBundleAsOneLineWithoutStackTrace() {
        BundleException cause = new BundleException(
                "Unable to resolve broken [12](R 12.0): missing requirement\n [broken [12](R 12.0)] osgi.wiring.package; (osgi.wiring.package=org.nowhere)");
        LogLine line = LogLine.of(LogLevel.ERROR, "org.apache.felix.fileinstall", "org.apache.felix.fileinstall",
                "Error while starting bundle: file:/gw/deploy/broken.jar", cause);
        assertThat(line.stackTrace()).isNull();
        assertThat(line.text())
                .doesNotContain("\n")
                .contains("file:/gw/deploy/broken.jar")
                .contains("osgi.wiring.package=org.nowhere");
    }

    @Test
    void keepsStackTraceForUnexpectedExceptions() {
        IllegalStateException bug = new IllegalStateException("boom");
        LogLine line = LogLine.of(LogLevel.ERROR, "x", "org.example", "component failed", bug);
        assertThat(line.stackTrace()).isSameAs(bug);
    }

    @Test
    void rendersAnyFileInstallFailureAsOneLineNamingTheFile() {
        IllegalArgumentException cause = new IllegalArgumentException("invalid version \"x.y\": non-numeric \"x\"");
        LogLine line = LogLine.of(LogLevel.ERROR, "LogService.org.apache.felix.fileinstall", "org.apache.felix.fileinstall",
                "Failed to install artifact: /gw/deploy/bad.jar", cause);
        assertThat(line.stackTrace()).isNull();
        assertThat(line.text()).isEqualTo("Failed to install artifact: /gw/deploy/bad.jar: invalid version \"x.y\": non-numeric \"x\"");
    }

    @Test
    void anEventDeliveryInterruptedByEventAdminsOwnStopIsNoWarning() {
        LogLine line = LogLine.of(LogLevel.WARN, "LogService.org.apache.felix.eventadmin", "org.apache.felix.eventadmin",
                "EventAdmin: Event Task Processing Interrupted. Events may not be received in proper order.", null);
        assertThat(line.level()).isEqualTo(LogLevel.DEBUG);
        assertThat(LogLine.of(LogLevel.WARN, "x", "org.apache.felix.eventadmin", "EventAdmin: something else", null).level())
                .isEqualTo(LogLevel.WARN);
    }

    @Test
    void anEventPostedAfterEventAdminsPoolEndedIsNoWarningAndHasNoStackTrace() {
        LogLine line = LogLine.of(LogLevel.WARN, "LogService.org.apache.felix.eventadmin", "org.apache.felix.eventadmin",
                "EventAdmin: Exception: java.util.concurrent.RejectedExecutionException: Task … rejected from …[Terminated, …]",
                new java.util.concurrent.RejectedExecutionException("Task … rejected"));
        assertThat(line.level()).isEqualTo(LogLevel.DEBUG);
        assertThat(line.stackTrace()).isNull();
        IllegalStateException bug = new IllegalStateException("boom");
        assertThat(LogLine.of(LogLevel.WARN, "x", "org.apache.felix.eventadmin", "EventAdmin: Exception: boom", bug).stackTrace()).isSameAs(bug);
    }
}
