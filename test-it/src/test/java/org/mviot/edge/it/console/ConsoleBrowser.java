package org.mviot.edge.it.console;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver, looking at the gateway's web
 * console: opens pages, logs in, awaits what the page shows (with a deadline, never a sleep), runs
 * a request from inside the page and saves screenshots.
 *
 * <p>The gateway's self-signed certificate is accepted by pinning its public key
 * ({@code --ignore-certificate-errors-spki-list}), so any other certificate error still fails the
 * page. Every browser gets a fresh profile directory: no cookie, cache or setting of an earlier run.
 */
final class ConsoleBrowser implements AutoCloseable {

    /** How long the page may take to show what a test awaits. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final String base;
    private final Path screenshots;

    private ConsoleBrowser(ChromeDriverService service, ChromeDriver driver, String base, Path screenshots) {
        this.service = service;
        this.driver = driver;
        this.base = base;
        this.screenshots = screenshots;
    }

    /**
     * Starts a browser for a console.
     *
     * @param base        the console's address, {@code https://127.0.0.1:PORT}
     * @param spkiPin     the base64 SHA-256 of the public key the browser is to trust for this
     *                    console ({@link ServedCertificate#spkiPin()})
     * @param profile     an empty directory for the browser's profile
     * @param screenshots where {@link #screenshot(String)} writes
     * @return the browser, on a blank page
     * @throws IOException if a directory cannot be made
     */
    static ConsoleBrowser start(String base, String spkiPin, Path profile, Path screenshots) throws IOException {
        for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(p)) {
                throw new AssertionError(p + " is missing: the console's browser tests need Debian's chromium and chromium-driver ("
                        + "apt-get install chromium chromium-driver; .ci/run installs them)");
            }
        }
        Files.createDirectories(screenshots);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=en-US",
                "--user-data-dir=" + profile.toAbsolutePath(),
                "--ignore-certificate-errors-spki-list=" + spkiPin);
        // the page's console messages, so that a test can see script errors and CSP refusals
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(screenshots.resolve("chromedriver.log").toFile())
                .build();
        ChromeDriver driver;
        try {
            driver = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            service.stop();
            throw e;
        }
        return new ConsoleBrowser(service, driver, base.replaceAll("/+$", ""), screenshots);
    }

    /** @return the WebDriver, for what this class does not wrap */
    WebDriver driver() {
        return driver;
    }

    /**
     * Opens a route of the console ({@code "overview"}, {@code "devices/sim-boiler"}), loading the page.
     *
     * @param route the part after {@code #/}
     */
    void open(String route) {
        driver.get(base + "/#/" + route);
    }

    /**
     * Moves to a route inside the page already loaded (a hash change, as a click on a link does).
     *
     * @param route the part after {@code #/}
     */
    void go(String route) {
        driver.executeScript("location.hash = arguments[0]", "#/" + route);
    }

    /**
     * Logs in on the login page and waits for the overview.
     *
     * @param password the admin password
     */
    void logIn(String password) {
        typeLogin(password);
        await("the overview after logging in", ExpectedConditions.visibilityOfElementLocated(By.id("overview")));
    }

    /**
     * Types a password into the login form and submits it, awaiting nothing.
     *
     * @param password what to type
     */
    void typeLogin(String password) {
        WebElement field = await("the login form", ExpectedConditions.visibilityOfElementLocated(By.id("password")));
        field.clear();
        field.sendKeys(password);
        driver.findElement(By.id("login-submit")).click();
    }

    /**
     * Waits for a condition of the page.
     *
     * @param what      what is awaited, for the failure message
     * @param condition the condition
     * @param <T>       what the condition yields
     * @return what it yielded
     */
    <T> T await(String what, Function<? super WebDriver, T> condition) {
        return await(what, TIMEOUT, condition);
    }

    /**
     * Waits for a condition of the page for longer (or shorter) than {@link #TIMEOUT}.
     *
     * @param what      what is awaited, for the failure message
     * @param timeout   how long at most
     * @param condition the condition
     * @param <T>       what the condition yields
     * @return what it yielded
     */
    <T> T await(String what, Duration timeout, Function<? super WebDriver, T> condition) {
        // a page re-renders a table while it is read: an element gone meanwhile is looked up again
        return new WebDriverWait(driver, timeout).ignoring(StaleElementReferenceException.class).withMessage(() -> what + " (page " + driver.getCurrentUrl() + ", text: "
                + abbreviate(bodyText()) + ")").until(condition);
    }

    /**
     * Waits for an element's text to match a pattern.
     *
     * @param what    what is awaited
     * @param element the element
     * @param regex   the pattern the whole text must match
     * @return the text
     */
    String awaitText(String what, By element, String regex) {
        return await(what, d -> {
            List<WebElement> found = d.findElements(element);
            if (found.isEmpty()) {
                return null;
            }
            String t = found.get(0).getText();
            return t.matches(regex) ? t : null;
        });
    }

    /**
     * @param element where
     * @return the text of the first element found, waiting for it to be there
     */
    String text(By element) {
        return await("an element " + element, ExpectedConditions.presenceOfElementLocated(element)).getText();
    }

    /**
     * Runs a script in the page.
     *
     * @param js   the script's body ({@code return …} for a value)
     * @param args its {@code arguments}
     * @return what it returned
     */
    Object script(String js, Object... args) {
        return driver.executeScript(js, args);
    }

    /** @return the whole page's visible text */
    String bodyText() {
        List<WebElement> body = driver.findElements(By.tagName("body"));
        return body.isEmpty() ? "" : body.get(0).getText();
    }

    /**
     * Sends a request from inside the page (same origin, with the session cookie), with the
     * headers given and nothing else: what a script on another tab could not do, and what a page
     * that forgot its CSRF token would do.
     *
     * @param method  HTTP method
     * @param path    path below the console's origin ({@code /api/v1/session})
     * @param headers request headers
     * @param body    request body, or null
     * @return {@code status} and {@code body} (text) of the answer
     */
    @SuppressWarnings("unchecked")
    Map<String, Object> fetch(String method, String path, Map<String, String> headers, String body) {
        Object r = ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch(arguments[1], {method: arguments[0], headers: arguments[2], body: arguments[3], credentials: 'same-origin'})"
                        + ".then(async (r) => done({status: r.status, body: await r.text()}))"
                        + ".catch((e) => done({status: -1, body: String(e)}));",
                method, path, headers, body);
        return (Map<String, Object>) r;
    }

    /**
     * Takes the page's console messages since the last call and keeps the ones that say a script
     * failed or the Content Security Policy refused something (an inline script or style, a
     * resource from elsewhere). Refused requests (401, 403, 422 the tests provoke) are not among them.
     *
     * @return those messages
     */
    List<String> scriptErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
                .filter(m -> m.contains("Uncaught") || m.contains("Content Security Policy") || m.contains("Refused to")
                        || m.contains("SyntaxError") || m.contains("TypeError") || m.contains("ReferenceError"))
                .toList();
    }

    /** @return the cookies of the console's origin, HttpOnly ones included (the WebDriver sees them, page scripts do not) */
    java.util.Set<Cookie> cookies() {
        return driver.manage().getCookies();
    }

    /**
     * Puts a cookie back (for instance the session cookie of a session that has ended).
     *
     * @param cookie the cookie
     */
    void addCookie(Cookie cookie) {
        driver.manage().addCookie(cookie);
    }

    /**
     * Resizes the window (a phone is 390 x 844).
     *
     * @param width  CSS pixels
     * @param height CSS pixels
     */
    void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /**
     * Saves a PNG of the visible page as {@code NAME.png} in the screenshot directory.
     *
     * @param name file name without extension
     * @return the file
     */
    Path screenshot(String name) {
        return screenshot(name, null);
    }

    /**
     * Saves a PNG of the page scrolled so that an element is in view (the result of an action
     * below the fold), as {@code NAME.png} in the screenshot directory.
     *
     * @param name  file name without extension
     * @param focus the element to show, or null for the page as it is
     * @return the file
     */
    Path screenshot(String name, By focus) {
        if (focus != null) {
            driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", driver.findElement(focus));
        }
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Path target = screenshots.resolve(name + ".png");
        try {
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(shot.toPath());
        } catch (IOException e) {
            throw new AssertionError("cannot save the screenshot " + target + ": " + e.getMessage(), e);
        }
        return target;
    }

    private static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ").trim();
        return one.length() <= 600 ? one : one.substring(0, 600) + "…";
    }

    /** Ends the browser and its driver (both started by this class, ended through their own handles). */
    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
