package org.mviot.edge.it.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mviot.edge.it.support.TestBundles;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The web console in a real browser (Debian's Chromium, headless, through chromedriver) against the
 * built distribution on the sim profile, provisioned with an admin password; its self-signed
 * certificate is checked against the fingerprint {@code mviot-edge status} prints and then pinned
 * in the browser. One gateway and one browser for the class; each test logs in afresh.
 * Screenshots of every page go to {@code target/console-screenshots/}.
 */
public class ConsoleBrowserTest {

    private static final String PASSWORD = "correct horse battery staple";

    @ClassRule
    public static final TemporaryFolder TMP = new TemporaryFolder();

    private static Path work;
    private static ConsoleGateway gateway;
    private static ConsoleBrowser browser;

    @BeforeClass
    public static void startTheGatewayAndABrowserThatTrustsItsCertificateByFingerprint() throws Exception {
        // sessions idle out after the shortest idle time the console allows, so that a test can watch one end
        gateway = ConsoleGateway.start(TMP.newFolder("gateway").toPath(), PASSWORD, "console.session.idle.minutes=1");
        work = gateway.work();
        browser = ConsoleBrowser.start(gateway.base(), gateway.certificate().spkiPin(), TMP.newFolder("chromium-profile").toPath(),
                ConsoleGateway.screenshots("chromium"));
    }

    @AfterClass
    public static void stop() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (gateway != null) {
                gateway.close();
            }
        }
    }

    /** Every test starts logged out, on a fresh page. */
    @Before
    public void loggedOut() {
        browser.open("login");
        browser.driver().manage().deleteAllCookies();
        browser.script("sessionStorage.clear()");
        browser.open("overview");
        browser.await("the login page", ExpectedConditions.visibilityOfElementLocated(By.id("password")));
    }

    /** No page may fail a script or break its Content Security Policy on the way. */
    @After
    public void noScriptErrors() {
        assertThat(browser.scriptErrors()).as("script errors and CSP refusals in the browser's console").isEmpty();
    }

    @Test
    public void anInstallerLogsInAndTheOverviewShowsTheGatewayItsLinkAndTheSimDevices() {
        browser.screenshot("login");
        browser.logIn(PASSWORD);

        assertThat(browser.text(By.cssSelector("[data-fact=id]"))).isEqualTo("console-gw");
        assertThat(browser.text(By.cssSelector("[data-fact=profile]"))).isEqualTo("sim");
        assertThat(browser.text(By.cssSelector("[data-fact=version]"))).isNotEmpty().doesNotContain("–");
        assertThat(browser.text(By.cssSelector("[data-fact=uptime]"))).matches("\\d+ (s|min)|\\d+ min \\d+ s");
        assertThat(browser.text(By.cssSelector("[data-fact=memory]"))).matches(".+ of .+ \\(.+ available\\)");
        assertThat(browser.text(By.cssSelector("[data-fact=disk]"))).matches(".+ free of .+");
        assertThat(browser.text(By.cssSelector("[data-fact=link-state]"))).isNotEmpty();
        assertThat(browser.text(By.cssSelector("[data-fact=backlog]"))).matches("\\d+ updates, .+");
        browser.await("both sim devices on the overview", d -> rows(d, "#overview-devices tr[data-device]").size() >= 2);
        assertThat(rows(browser.driver(), "#overview-devices tr[data-device]")).extracting(r -> r.getAttribute("data-device"))
                .contains("sim-boiler", "sim-pump");
        browser.awaitText("sim-boiler online on the overview", By.cssSelector("#overview-devices tr[data-device=sim-boiler] .state"), "online");
        assertThat(browser.text(By.cssSelector("#overview-drivers"))).contains("sim");
        browser.resize(1280, 1100); // the whole overview, devices included (the README's picture)
        try {
            browser.screenshot("overview");
        } finally {
            browser.resize(1280, 900);
        }

        onAPhone("overview");
    }

    @Test
    public void aChannelValueChangesOnTheDevicePageWithoutAReload() {
        browser.logIn(PASSWORD);
        browser.go("devices");
        browser.await("the devices page with both sim devices", d -> rows(d, "#devices-table tr[data-device=sim-boiler]").size() == 1
                && rows(d, "#devices-table tr[data-device=sim-pump]").size() == 1);
        browser.awaitText("sim-pump's state", By.cssSelector("tr[data-device=sim-pump] .state"), "online");
        browser.screenshot("devices");

        browser.driver().findElement(By.linkText("sim-boiler")).click();
        browser.await("sim-boiler's channels", d -> rows(d, "#channels-table tr[data-channel]").size() >= 5);
        // a mark on this document: a reload would lose it
        browser.script("window.stillTheSameDocument = true");
        By temperature = By.cssSelector("tr[data-channel=temperature] .value");
        String first = browser.awaitText("a temperature", temperature, "\\d.* Cel");
        String changed = browser.await("the temperature to change on screen", d -> {
            String now = d.findElement(temperature).getText();
            return now.equals(first) ? null : now;
        });
        assertThat(changed).matches("-?\\d+(\\.\\d+)? Cel");
        assertThat(browser.script("return window.stillTheSameDocument === true")).as("no reload").isEqualTo(true);
        assertThat(browser.text(By.id("live-status"))).isEqualTo("live");
        assertThat(browser.text(By.cssSelector("tr[data-channel=temperature] .quality"))).isNotEmpty();
        assertThat(browser.text(By.cssSelector("tr[data-channel=temperature] .twin"))).isNotEmpty();
        browser.screenshot("device");
        onAPhone("device");
    }

    @Test
    public void aSetpointWrittenFromThePageReachesTheSimDeviceAndComesBackAsItsValue() throws Exception {
        browser.logIn(PASSWORD);
        // a full page load: the session holds, and the write carries the CSRF token GET /session answered again
        browser.open("devices/sim-boiler");
        By form = By.cssSelector("form.write[data-channel=setpoint]");
        browser.await("the setpoint's write form", ExpectedConditions.visibilityOfElementLocated(form));

        write(form, "500");
        String refusal = browser.awaitText("the range refusal", By.cssSelector("form.write[data-channel=setpoint] .write-result.err"), ".+");
        assertThat(refusal).contains("range");

        write(form, "42.5");
        browser.awaitText("the write accepted", By.cssSelector("form.write[data-channel=setpoint] .write-result.ok"), ".+");
        browser.awaitText("the setpoint read back from the sim device", By.cssSelector("tr[data-channel=setpoint] .value"), "42\\.5 Cel");
        assertThat(gateway.cli("shell", "mviot:channels", "sim-boiler")).as("the gateway's own view").containsPattern("(?m)^setpoint\\s.*\\s42\\.5\\s");
    }

    @Test
    public void aBrokenDescriptorShowsItsProblemsAtTheirPathsAndIsNotSavedAndTheFixedOneBringsADeviceOnline() throws Exception {
        browser.logIn(PASSWORD);
        browser.go("descriptors");
        browser.await("the descriptor editor", ExpectedConditions.visibilityOfElementLocated(By.id("descriptor-text")));

        // loaded from a file on this computer, as an installer would
        Path broken = TMP.newFolder().toPath().resolve("sim-extra.json");
        Files.writeString(broken, ConsoleGateway.simExtraDescriptor("\"poll\": \"now and then\""));
        browser.driver().findElement(By.id("descriptor-upload")).sendKeys(broken.toString());
        browser.await("the file in the editor", d -> d.findElement(By.id("descriptor-file")).getAttribute("value").equals("sim-extra.json"));
        browser.await("its problems listed", d -> !rows(d, "#descriptor-problems li").isEmpty());
        assertThat(rows(browser.driver(), "#descriptor-problems li")).extracting(li -> li.getAttribute("data-path")).contains("$.channels[0].poll");

        browser.driver().findElement(By.id("descriptor-save")).click();
        browser.awaitText("the save refused", By.id("descriptor-result"), "not saved: .+");
        assertThat(browser.text(By.cssSelector("#descriptor-problems li[data-path='$.channels[0].poll']"))).contains("$.channels[0].poll");
        browser.driver().findElement(By.cssSelector("#descriptor-problems li[data-path='$.channels[0].poll'] button")).click();
        assertThat(browser.script("const t = document.getElementById('descriptor-text'); return t.value.slice(t.selectionStart, t.selectionEnd)"))
                .as("the problem's place selected in the text").isEqualTo("\"now and then\"");
        browser.screenshot("descriptors", By.id("descriptor-problems"));
        onAPhone("descriptors");
        assertThat(work.resolve("conf/devices/sim-extra.json")).as("nothing written").doesNotExist();
        assertThat(rows(browser.driver(), "#descriptors-table tr[data-file='sim-extra.json']")).isEmpty();

        WebElement text = browser.driver().findElement(By.id("descriptor-text"));
        text.clear();
        text.sendKeys(ConsoleGateway.simExtraDescriptor("\"poll\": \"500ms\""));
        browser.driver().findElement(By.id("descriptor-validate")).click();
        browser.awaitText("no problems", By.id("descriptor-result"), "valid: no problems");
        browser.driver().findElement(By.id("descriptor-save")).click();
        browser.awaitText("saved", By.id("descriptor-result"), "saved sim-extra\\.json.*");
        browser.await("the file listed", d -> !rows(d, "#descriptors-table tr[data-file='sim-extra.json']").isEmpty());
        assertThat(work.resolve("conf/devices/sim-extra.json")).exists();

        browser.go("devices");
        browser.awaitText("the new device online", By.cssSelector("tr[data-device=sim-extra] .state"), "online");
        browser.screenshot("devices-with-new-device");

        browser.go("descriptors/sim-extra.json");
        browser.await("the saved file in the editor", d -> d.findElement(By.id("descriptor-text")).getAttribute("value").contains("500ms"));
        browser.driver().findElement(By.id("descriptor-delete")).click();
        browser.await("the confirmation", ExpectedConditions.visibilityOfElementLocated(By.id("descriptor-delete-confirm"))).click();
        browser.awaitText("deleted", By.id("descriptor-result"), "deleted sim-extra\\.json.*");
        assertThat(work.resolve("conf/devices/sim-extra.json")).doesNotExist();
    }

    @Test
    public void aFeatureInstalledFromThePageShowsAsInstalledAndADriverJarIsDeployedOrRefusedWithTheReason() throws Exception {
        browser.logIn(PASSWORD);
        browser.go("features");
        By modbus = By.cssSelector("tr[data-feature=driver-modbus]");
        browser.awaitText("driver-modbus available", By.cssSelector("tr[data-feature=driver-modbus] .installed"), "available");
        browser.driver().findElement(modbus).findElement(By.cssSelector("button[data-action=install]")).click();
        browser.awaitText("driver-modbus installed", By.cssSelector("tr[data-feature=driver-modbus] .installed"), "installed");
        browser.awaitText("the result", By.id("feature-result"), "driver-modbus installed.*");
        assertThat(gateway.cli("features")).as("the gateway's own list").containsPattern("(?m)^\\s*driver-modbus\\b.*installed");

        Path jar = TestBundles.unresolvable(TMP.newFolder().toPath().resolve("unresolvable.jar"));
        browser.driver().findElement(By.id("bundle-file")).sendKeys(jar.toString());
        browser.driver().findElement(By.id("bundle-upload-submit")).click();
        String refusal = browser.awaitText("the jar refused", By.cssSelector("#bundle-result.err"), "unresolvable\\.jar refused: .+");
        assertThat(refusal).contains("org.nowhere.at.all");
        assertThat(work.resolve("deploy/unresolvable.jar")).as("a refused jar is not deployed").doesNotExist();
        browser.screenshot("features", By.id("bundle-result"));
        onAPhone("features");

        Path hello = TestBundles.hello(TMP.newFolder().toPath().resolve("hello.jar"), "1.0.0");
        browser.driver().findElement(By.id("bundle-file")).sendKeys(hello.toString());
        browser.driver().findElement(By.id("bundle-upload-submit")).click();
        browser.awaitText("the jar deployed", By.cssSelector("#bundle-result.ok"), "hello\\.jar: deployed \\(" + TestBundles.HELLO_BSN.replace(".", "\\.") + " 1\\.0\\.0\\)");
        assertThat(work.resolve("deploy/hello.jar")).exists();
    }

    @Test
    public void theLogsPageShowsTheLastLinesAndNewOnesAsTheyAreLogged() {
        browser.logIn(PASSWORD);
        browser.go("logs");
        browser.await("the last log lines", d -> !rows(d, "#log-table tbody tr").isEmpty());
        browser.awaitText("the live stream", By.id("live-status"), "live");
        int before = rows(browser.driver(), "#log-table tbody tr").size();
        // something that the gateway logs: a refused change (audited with who did it)
        Map<String, Object> refused = browser.fetch("DELETE", "/api/v1/descriptors/none-such.json", Map.of(), null);
        assertThat(refused.get("status")).isEqualTo(403L);
        browser.await("the refusal logged, live", d -> rows(d, "#log-table tbody tr").size() > before
                && d.findElement(By.id("log-table")).getText().contains("CSRF"));
        browser.screenshot("logs");
    }

    @Test
    public void aWrongPasswordIsRefusedOnTheLoginPage() {
        browser.typeLogin("not the password");
        browser.awaitText("the refusal", By.id("login-error"), "Refused: wrong password");
        assertThat(browser.driver().findElements(By.id("overview"))).isEmpty();
        assertThat(browser.driver().findElement(By.id("nav")).isDisplayed()).isFalse();
        browser.screenshot("login-refused");
    }

    @Test
    public void aChangeWithoutTheCsrfTokenIsRefusedAndChangesNothing() {
        browser.logIn(PASSWORD);
        String body = "{\"value\": 31}";
        Map<String, Object> none = browser.fetch("PUT", "/api/v1/devices/sim-boiler/channels/setpoint", Map.of("Content-Type", "application/json"), body);
        Map<String, Object> wrong = browser.fetch("PUT", "/api/v1/devices/sim-boiler/channels/setpoint",
                Map.of("Content-Type", "application/json", "X-CSRF-Token", "guessed"), body);
        assertThat(List.of(none.get("status"), wrong.get("status"))).containsOnly(403L);
        assertThat((String) none.get("body")).contains("X-CSRF-Token");
        Map<String, Object> device = browser.fetch("GET", "/api/v1/devices/sim-boiler", Map.of(), null);
        assertThat((String) device.get("body")).doesNotContainPattern("\"id\":\\s*\"setpoint\"[^}]*\"value\":\\s*31(\\.0)?[,}]");
    }

    @Test
    public void anEndedSessionIsRefusedAndThePageGoesBackToTheLogin() {
        browser.logIn(PASSWORD);
        Set<Cookie> cookies = browser.cookies();
        assertThat(cookies).extracting(Cookie::isHttpOnly).contains(true);
        browser.driver().findElement(By.id("logout")).click();
        browser.await("the login page after logging out", ExpectedConditions.visibilityOfElementLocated(By.id("password")));

        // the old session cookie, put back: the gateway has ended that session
        cookies.forEach(browser::addCookie);
        Map<String, Object> answer = browser.fetch("GET", "/api/v1/overview", Map.of(), null);
        assertThat(answer.get("status")).isEqualTo(401L);
        browser.open("overview");
        browser.await("the login page for an ended session", ExpectedConditions.visibilityOfElementLocated(By.id("password")));
        assertThat(browser.driver().findElements(By.id("overview"))).isEmpty();
    }

    @Test
    public void aPageLeftOpenGoesBackToTheLoginOnceItsSessionIdledOut() {
        browser.logIn(PASSWORD);
        browser.awaitText("sim-boiler online on the overview", By.cssSelector("#overview-devices tr[data-device=sim-boiler] .state"), "online");
        // nobody touches the page; it refreshes itself every 5 s, which is not use: after the idle minute the
        // session ends and the next refresh (or the end of a stream) brings the login back
        browser.await("the login page once the session idled out (console.session.idle.minutes=1)", Duration.ofMinutes(3),
                ExpectedConditions.visibilityOfElementLocated(By.id("password")));
        assertThat(browser.driver().findElements(By.id("overview"))).isEmpty();
        Map<String, Object> answer = browser.fetch("GET", "/api/v1/overview", Map.of(), null);
        assertThat(answer.get("status")).as("the idled-out session's cookie, used again").isEqualTo(401L);
    }

    /** The page as it is, on a phone-sized screen: it fits the width (wide tables scroll inside their card), and its screenshot. */
    private static void onAPhone(String page) {
        browser.resize(390, 844);
        try {
            browser.await("the " + page + " page on a phone-sized screen without sideways scrolling",
                    d -> (Boolean) browser.script("return document.documentElement.scrollWidth <= window.innerWidth"));
            browser.screenshot(page + "-phone");
        } finally {
            browser.resize(1280, 900);
        }
    }

    private static void write(By form, String value) {
        WebElement f = browser.driver().findElement(form);
        WebElement input = f.findElement(By.name("value"));
        input.clear();
        input.sendKeys(value);
        f.findElement(By.cssSelector("button[type=submit]")).click();
    }

    private static List<WebElement> rows(WebDriver d, String css) {
        return d.findElements(By.cssSelector(css));
    }
}
