package org.mviot.edge.it.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mviot.edge.it.support.FirefoxBiDi;
import org.mviot.edge.testsupport.Await;

/**
 * The web console in Firefox (Debian's firefox-esr, headless, driven over WebDriver BiDi by {@link FirefoxBiDi})
 * against the built distribution on the sim profile, provisioned with an admin password: what
 * {@link ConsoleBrowserTest} shows in Chromium, for the pages' scripts in the other engine. Firefox accepts the
 * console's self-signed certificate ({@code acceptInsecureCerts}) once {@link ConsoleGateway} has checked it is the
 * one the gateway announced. Clicks and typing are the browser's own input events, not scripts. One gateway and one
 * browser for the class; each test logs in afresh. Screenshots go to {@code target/console-screenshots/firefox/}.
 */
public class ConsoleFirefoxTest {

    private static final String PASSWORD = "correct horse battery staple";
    private static final String TEXT = "(css) => { const e = document.querySelector(css); return e ? e.innerText.trim() : null; }";
    private static final String VISIBLE = "(css) => { const e = document.querySelector(css); return !!e && e.checkVisibility(); }";
    private static final String ATTRIBUTES = "(css, name) => [...document.querySelectorAll(css)].map((e) => e.getAttribute(name))";

    @ClassRule
    public static final TemporaryFolder TMP = new TemporaryFolder();

    private static ConsoleGateway gateway;
    private static FirefoxBiDi firefox;

    @BeforeClass
    public static void startTheGatewayAndFirefox() throws Exception {
        firefox = FirefoxBiDi.start(TMP.newFolder("firefox-profile").toPath()); // first: without firefox-esr, fail at once
        gateway = ConsoleGateway.start(TMP.newFolder("gateway").toPath(), PASSWORD);
        firefox.resize(1280, 900);
    }

    @AfterClass
    public static void stop() throws Exception {
        try {
            if (firefox != null) {
                firefox.close();
            }
        } finally {
            if (gateway != null) {
                gateway.close();
            }
        }
    }

    /** Every test starts logged out, on a freshly loaded page. */
    @Before
    public void loggedOut() {
        open("login");
        firefox.deleteCookies();
        firefox.call("() => sessionStorage.clear()");
        firefox.navigate("about:blank");
        open("overview");
        awaitVisible("the login page", "#password");
    }

    /** No page may fail a script or break its Content Security Policy on the way. */
    @After
    public void noScriptErrors() {
        assertThat(firefox.takeErrors()).as("script errors and CSP refusals in Firefox's log").isEmpty();
    }

    @Test
    public void anInstallerLogsInAndTheOverviewShowsTheGatewayAndTheSimDevices() throws IOException {
        screenshot("login");
        logIn(PASSWORD);

        awaitText("the gateway's id", "[data-fact=id]", "console-gw");
        assertThat(text("[data-fact=profile]")).isEqualTo("sim");
        assertThat(text("[data-fact=memory]")).matches(".+ of .+ \\(.+ available\\)");
        await("both sim devices on the overview", () -> attributes("#overview-devices tr[data-device]", "data-device")
                .containsAll(List.of("sim-boiler", "sim-pump")));
        awaitText("sim-boiler online on the overview", "#overview-devices tr[data-device=sim-boiler] .state", "online");
        assertThat(text("#overview-drivers")).contains("sim");
        firefox.resize(1280, 1100); // the whole overview, devices included
        try {
            screenshot("overview");
        } finally {
            firefox.resize(1280, 900);
        }
        onAPhone("overview");
    }

    @Test
    public void aChannelValueChangesOnTheDevicePageWithoutAReload() throws IOException {
        logIn(PASSWORD);
        go("devices");
        await("the devices page with both sim devices", () -> attributes("#devices-table tr[data-device]", "data-device")
                .containsAll(List.of("sim-boiler", "sim-pump")));
        awaitText("sim-pump's state", "tr[data-device=sim-pump] .state", "online");
        screenshot("devices");

        firefox.click("#devices-table tr[data-device=sim-boiler] a");
        await("sim-boiler's channels", () -> attributes("#channels-table tr[data-channel]", "data-channel").size() >= 5);
        // a mark on this document: a reload would lose it
        firefox.call("() => { window.stillTheSameDocument = true; }");
        String temperature = "tr[data-channel=temperature] .value";
        String first = awaitText("a temperature", temperature, "-?\\d.* Cel");
        String changed = await("the temperature to change on screen", () -> {
            String now = text(temperature);
            return now == null || now.equals(first) ? null : now;
        });
        assertThat(changed).matches("-?\\d+(\\.\\d+)? Cel");
        assertThat(firefox.call("() => window.stillTheSameDocument === true")).as("no reload").isEqualTo(true);
        assertThat(text("#live-status")).isEqualTo("live");
        assertThat(text("tr[data-channel=temperature] .quality")).isNotEmpty();
        screenshot("device");
        onAPhone("device");
    }

    @Test
    public void aBrokenDescriptorShowsItsProblemsAtTheirPathsAndIsNotSaved() throws IOException {
        logIn(PASSWORD);
        go("descriptors");
        awaitVisible("the descriptor editor", "#descriptor-text");

        // chosen in the file dialog, as an installer would
        Path broken = TMP.newFolder().toPath().resolve("sim-extra.json");
        Files.writeString(broken, ConsoleGateway.simExtraDescriptor("\"poll\": \"now and then\""));
        firefox.chooseFile("#descriptor-upload", broken);
        await("the file in the editor", () -> "sim-extra.json".equals(firefox.call("() => document.getElementById('descriptor-file').value")));
        await("its problems listed", () -> attributes("#descriptor-problems li", "data-path").contains("$.channels[0].poll"));

        firefox.click("#descriptor-save");
        awaitText("the save refused", "#descriptor-result", "not saved: .+");
        String problem = "#descriptor-problems li[data-path='$.channels[0].poll']";
        assertThat(text(problem)).contains("$.channels[0].poll");
        firefox.click(problem + " button");
        assertThat(firefox.call("() => { const t = document.getElementById('descriptor-text'); return t.value.slice(t.selectionStart, t.selectionEnd); }"))
                .as("the problem's place selected in the text").isEqualTo("\"now and then\"");
        screenshot("descriptors");
        onAPhone("descriptors");
        assertThat(gateway.work().resolve("conf/devices/sim-extra.json")).as("nothing written").doesNotExist();
        assertThat(attributes("#descriptors-table tr[data-file]", "data-file")).doesNotContain("sim-extra.json");
    }

    @Test
    public void theFeaturesPageListsTheFeaturesAndTheLogsPageShowsNewLinesLive() throws IOException {
        logIn(PASSWORD);
        go("features");
        awaitText("driver-modbus listed", "tr[data-feature=driver-modbus] .installed", "available|installed");
        screenshot("features");
        onAPhone("features");

        go("logs");
        await("the last log lines", () -> !attributes("#log-table tbody tr", "class").isEmpty());
        awaitText("the live stream", "#live-status", "live");
        int before = attributes("#log-table tbody tr", "class").size();
        // something that the gateway logs: a change refused for want of the CSRF token
        Object status = firefox.call("async () => (await fetch('/api/v1/descriptors/none-such.json', {method: 'DELETE'})).status");
        assertThat(status).isEqualTo(403L);
        await("the refusal logged, live", () -> attributes("#log-table tbody tr", "class").size() > before
                && text("#log-table").contains("CSRF"));
        screenshot("logs");
    }

    @Test
    public void aWrongPasswordIsRefusedOnTheLoginPage() throws IOException {
        typeLogin("not the password");
        awaitText("the refusal", "#login-error", "Refused: wrong password");
        assertThat(firefox.call("() => document.getElementById('overview') === null")).as("no overview").isEqualTo(true);
        assertThat(firefox.call(VISIBLE, "#nav")).as("the navigation shown").isEqualTo(false);
        screenshot("login-refused");
    }

    private static void logIn(String password) {
        typeLogin(password);
        awaitVisible("the overview after logging in", "#overview");
    }

    private static void typeLogin(String password) {
        awaitVisible("the login form", "#password");
        firefox.type("#password", password);
        firefox.click("#login-submit");
    }

    /** Loads the console's page at a route ({@code overview}, {@code devices/sim-boiler}). */
    private static void open(String route) {
        firefox.navigate(gateway.base() + "/#/" + route);
    }

    /** Moves to a route inside the page already loaded (a hash change, as a click on a link does). */
    private static void go(String route) {
        firefox.call("(hash) => { location.hash = hash; }", "#/" + route);
    }

    /** The page on a phone-sized screen: it fits the width (wide tables scroll inside their card), and its screenshot. */
    private static void onAPhone(String page) throws IOException {
        firefox.resize(390, 844);
        try {
            await("the " + page + " page on a phone-sized screen without sideways scrolling",
                    () -> firefox.call("() => document.documentElement.scrollWidth <= window.innerWidth"));
            screenshot(page + "-phone");
        } finally {
            firefox.resize(1280, 900);
        }
    }

    private static String text(String css) {
        return (String) firefox.call(TEXT, css);
    }

    @SuppressWarnings("unchecked")
    private static List<String> attributes(String css, String name) {
        return (List<String>) firefox.call(ATTRIBUTES, css, name);
    }

    private static void awaitVisible(String what, String css) {
        await(what, () -> firefox.call(VISIBLE, css));
    }

    private static String awaitText(String what, String css, String regex) {
        return await(what + " ('" + css + "' matching '" + regex + "')", () -> {
            String t = text(css);
            return t != null && t.matches(regex) ? t : null;
        });
    }

    /**
     * Waits until a condition of the page yields something other than null or false.
     *
     * @return what it yielded
     */
    private static <T> T await(String what, Supplier<T> condition) {
        Object[] seen = new Object[1];
        Await.until(what, () -> {
            seen[0] = condition.get();
            return seen[0] != null && !Boolean.FALSE.equals(seen[0]);
        }, Await.TIMEOUT, ConsoleFirefoxTest::pageText);
        @SuppressWarnings("unchecked")
        T t = (T) seen[0];
        return t;
    }

    private static String pageText() {
        String url = (String) firefox.call("() => location.href");
        String body = String.valueOf(firefox.call("() => document.body ? document.body.innerText : ''")).replaceAll("\\s+", " ").trim();
        return "page " + url + ", text: " + (body.length() <= 600 ? body : body.substring(0, 600) + "…");
    }

    private static void screenshot(String name) throws IOException {
        firefox.screenshot(ConsoleGateway.screenshots("firefox").resolve(name + ".png"));
    }
}
