package org.mviot.edge.it.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mviot.edge.it.console.ConsoleClient.Reply;
import org.mviot.edge.it.support.GatewayProcess;
import org.mviot.edge.launcher.console.ConsoleServer;
import org.mviot.edge.testsupport.Await;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * Every endpoint of the web console's API against the built distribution (sim profile), started once: first without
 * an admin password (every call says how to set one), then with one set by {@code mviot-edge provision
 * --admin-password-file} while it runs. Bad input (malformed JSON, huge bodies, path traversal, missing CSRF token,
 * ended session) gets a 4xx with a message and writes nothing. The client trusts exactly the gateway's certificate.
 */
public class ConsoleApiProcessTest {

    private static final String PASSWORD = "correct horse battery staple";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @ClassRule
    public static final TemporaryFolder TMP = new TemporaryFolder();
    private static Path work;
    private static GatewayProcess gateway;
    /** The session most tests use (logged in once: a later lockout of 127.0.0.1 does not end it). */
    private static ConsoleClient console;
    /** A second session, for the logout. */
    private static ConsoleClient other;
    private static Reply overviewWithoutPassword;
    private static Reply loginWithoutPassword;
    private static Reply pageWithoutPassword;
    private static String statusWithoutPassword;
    private static String provisioned;
    private static Reply login;
    private static Reply wrongPassword;
    private static Reply badLogin;

    /** One distribution start for every test: first without a password, then with one provisioned while it runs. */
    @BeforeClass
    public static void start() throws Exception {
        work = TMP.getRoot().toPath();
        gateway = GatewayProcess.start(GatewayProcess.distroHome(), work, Map.of(), "run");
        gateway.awaitStdout("mviot-edge ready in \\d+ ms");
        console = new ConsoleClient(work.resolve("conf"), gateway.consolePort()).awaitServing();
        other = new ConsoleClient(work.resolve("conf"), gateway.consolePort());
        overviewWithoutPassword = console.get("/api/v1/overview");
        loginWithoutPassword = console.login("anything at all");
        pageWithoutPassword = console.get("/index.html");
        statusWithoutPassword = cli("status");
        Path f = work.resolve("admin-password");
        Files.writeString(f, PASSWORD + "\n");
        provisioned = cli("provision", "--admin-password-file", f.toString());
        wrongPassword = console.login("not the password");
        badLogin = console.send("POST", "/api/v1/session", "{\"password\": 12}", Map.of());
        login = console.login(PASSWORD);
        assertThat(other.login(PASSWORD).status()).isEqualTo(200);
    }

    @AfterClass
    public static void stop() throws Exception {
        if (gateway != null) {
            try {
                gateway.terminate();
            } finally {
                gateway.close();
            }
        }
    }

    private static String cli(String... args) throws Exception {
        GatewayProcess p = GatewayProcess.exec(GatewayProcess.distroHome(), work, args);
        assertThat(p.awaitExit()).as(p.output()).isZero();
        return String.join("\n", p.stdoutLines());
    }

    private static JsonObject object(Reply r) {
        return r.json().getAsJsonObject();
    }

    @Test
    public void withoutAnAdminPasswordEveryCallSaysHowToSetOneAndTheStatusShowsTheCertificate() throws Exception {
        assertThat(overviewWithoutPassword.status()).isEqualTo(503);
        assertThat(overviewWithoutPassword.error()).contains("mviot-edge provision --admin-password-file");
        assertThat(loginWithoutPassword.status()).isEqualTo(503);
        assertThat(pageWithoutPassword.status()).isEqualTo(503);
        assertThat(pageWithoutPassword.body()).contains("mviot-edge provision --admin-password-file");
        assertThat(gateway.awaitLog("web console answers on 127\\.0\\.0\\.1 only until an admin password is set: mviot-edge provision --admin-password-file FILE")).isNotNull();
        assertThat(statusWithoutPassword).contains(console.fingerprint());
        assertThat(provisioned).contains("PBKDF2");
        Path hash = work.resolve("conf/console/admin.pbkdf2");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(hash))).isEqualTo("rw-------");
        assertThat(Files.readString(hash)).startsWith("pbkdf2-sha256$").doesNotContain(PASSWORD);
    }

    @Test
    public void aLoginGivesAStrictCookieAndATokenAndALogoutEndsTheSessionAndItsOpenStreams() throws Exception {
        assertThat(login.status()).isEqualTo(200);
        assertThat(object(login).get("user").getAsString()).isEqualTo("admin");
        assertThat(login.header("Set-Cookie")).startsWith("mviot_session=").contains("HttpOnly").contains("Secure").contains("SameSite=Strict");
        assertThat(login.header("Content-Security-Policy")).contains("default-src 'self'");
        assertThat(login.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(wrongPassword.error()).isEqualTo("wrong password");
        assertThat(badLogin.status()).isEqualTo(400);
        assertThat(badLogin.error()).contains("password");
        assertThat(other.get("/api/v1/session").status()).isEqualTo(200);
        assertThat(other.get("/api/v1/nothing").status()).isEqualTo(404);
        try (ConsoleClient.Stream2 events = other.stream("/api/v1/events"); ConsoleClient.Stream2 logs = other.stream("/api/v1/logs/stream")) {
            events.await("event: state", WAIT);
            assertThat(logs.status()).isEqualTo(200);
            assertThat(other.send("DELETE", "/api/v1/session", (String) null, Map.of()).status()).isEqualTo(204);
            events.awaitEnd(WAIT);
            logs.awaitEnd(WAIT);
        }
        Reply ended = other.get("/api/v1/devices");
        assertThat(ended.status()).isEqualTo(401);
        assertThat(ended.error()).contains("log in with POST /api/v1/session");
        assertThat(console.get("/api/v1/session").status()).as("the other session lives on").isEqualTo(200);
        gateway.awaitLog("console: logout \\(admin from '127\\.0\\.0\\.1'\\)");
    }

    /**
     * More open event streams than Jetty's whole pool has threads ({@link ConsoleServer#THREAD_POOL}): each runs on a
     * console thread of its own, so every stream gets its events and the API still answers; the pool's threads
     * (named {@code qtp…}) stay within its configured size (Jetty keeps min(8, max) of them running).
     */
    @Test
    public void moreOpenStreamsThanTheServersThreadsAllGetEventsAndTheApiStillAnswers() throws Exception {
        int streams = ConsoleServer.THREAD_POOL + 4;
        List<ConsoleClient.Stream2> open = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < streams; i++) {
                open.add(console.stream(i % 2 == 0 ? "/api/v1/events" : "/api/v1/logs/stream"));
            }
            for (int i = 0; i < streams; i += 2) {
                open.get(i).await("event: state", WAIT);
            }
            for (int i = 1; i < streams; i += 2) {
                assertThat(open.get(i).status()).isEqualTo(200);
            }
            assertThat(console.get("/api/v1/overview").status()).isEqualTo(200);
            List<String> threads = threadNames(gateway.pid());
            assertThat(threads.stream().filter(t -> t.startsWith("qtp"))).as("Jetty's pool threads in %s", threads)
                    .hasSizeBetween(1, ConsoleServer.THREAD_POOL);
            assertThat(threads.stream().filter(t -> t.startsWith("mviot-console-"))).as("stream threads in %s", threads)
                    .hasSizeGreaterThanOrEqualTo(streams);
        } finally {
            open.forEach(ConsoleClient.Stream2::close);
        }
    }

    /** @return the names of a process's threads (Linux: {@code /proc/PID/task/TID/comm}, at most 15 characters) */
    private static List<String> threadNames(long pid) throws java.io.IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.map(t -> {
                try {
                    return Files.readString(t.resolve("comm")).strip();
                } catch (java.io.IOException gone) {
                    return ""; // the thread ended while listed
                }
            }).toList();
        }
    }

    @Test
    public void theOverviewShowsTheGatewayItsLinkAndTheSimDrivers() throws Exception {
        Reply r = console.get("/api/v1/overview");
        assertThat(r.status()).isEqualTo(200);
        JsonObject o = object(r);
        JsonObject g = o.getAsJsonObject("gateway");
        assertThat(g.get("id").getAsString()).isEqualTo("mviot-sim-gateway");
        assertThat(g.get("profile").getAsString()).isEqualTo("sim");
        assertThat(g.getAsJsonObject("memory").get("rssBytes").getAsLong()).isPositive();
        assertThat(g.getAsJsonObject("disk").get("totalBytes").getAsLong()).isPositive();
        assertThat(o.getAsJsonObject("position").get("lat").getAsDouble()).isEqualTo(52.5163);
        assertThat(o.getAsJsonObject("time").has("synced")).isTrue();
        assertThat(o.getAsJsonObject("link").get("state").getAsString()).isIn("connected", "connecting", "offline");
        assertThat(o.getAsJsonArray("drivers").toString()).contains("\"sim\"");
        assertThat(o.getAsJsonObject("features").getAsJsonObject("console").get("certificate.sha256").getAsString()).isEqualTo(console.fingerprint());
    }

    @Test
    public void devicesAndTheirChannelsAreListedAndAnUnknownDeviceIsNamed() throws Exception {
        Await.until("both demo devices online", () -> {
            try {
                String b = console.get("/api/v1/devices").body();
                return b.contains("\"id\":\"sim-boiler\"") && b.contains("\"id\":\"sim-pump\"") && !b.contains("\"state\":\"offline\"");
            } catch (Exception e) {
                return false;
            }
        });
        JsonObject boiler = object(console.get("/api/v1/devices/sim-boiler"));
        assertThat(boiler.get("driver").getAsString()).isEqualTo("sim");
        JsonObject setpoint = channel(boiler, "setpoint");
        assertThat(setpoint.get("access").getAsString()).contains("write");
        assertThat(setpoint.get("min").getAsDouble()).isEqualTo(30.0);
        assertThat(setpoint.get("twinPath").getAsString()).isNotEmpty();
        Reply none = console.get("/api/v1/devices/no-such-device");
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.error()).contains("no-such-device");
    }

    private static JsonObject channel(JsonObject device, String id) {
        for (JsonElement c : device.getAsJsonArray("channels")) {
            if (c.getAsJsonObject().get("id").getAsString().equals(id)) {
                return c.getAsJsonObject();
            }
        }
        throw new AssertionError("no channel " + id + " in " + device);
    }

    @Test
    public void aWriteGoesThroughTheCommandPathAndComesBackAsALiveValue() throws Exception {
        try (ConsoleClient.Stream2 events = console.stream("/api/v1/events?device=sim-boiler")) {
            assertThat(events.status()).isEqualTo(200);
            events.await("event: state", WAIT);
            Reply w = console.send("PUT", "/api/v1/devices/sim-boiler/channels/setpoint", "{\"value\": 57.5}", Map.of());
            assertThat(w.status()).as(w.body()).isEqualTo(200);
            assertThat(object(w).get("status").getAsString()).isEqualTo("done");
            events.await("data: \\{\"at\":\\d+,\"devices\":\\{\"sim-boiler\":\\[.*\\[\"setpoint\",57\\.5,.*", WAIT);
        }
        gateway.awaitLog("console: write 'sim-boiler' 'setpoint' = '57\\.5': done \\(admin from '127\\.0\\.0\\.1'\\)");
        Reply range = console.send("PUT", "/api/v1/devices/sim-boiler/channels/setpoint", "{\"value\": 500}", Map.of());
        assertThat(range.status()).isEqualTo(422);
        assertThat(range.error()).contains("out of range");
        Reply readOnly = console.send("PUT", "/api/v1/devices/sim-boiler/channels/temperature", "{\"value\": 5}", Map.of());
        assertThat(readOnly.status()).isEqualTo(422);
        assertThat(readOnly.error()).contains("no writable channel 'temperature'");
        Reply malformed = console.send("PUT", "/api/v1/devices/sim-boiler/channels/setpoint", "{\"value\": ", Map.of());
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.error()).startsWith("malformed JSON");
        assertThat(console.send("PUT", "/api/v1/devices/sim-boiler/channels/setpoint", "{\"value\": [1]}", Map.of()).status()).isEqualTo(400);
        String csrf = console.csrf();
        console.forgetCsrf();
        Reply noToken = console.send("PUT", "/api/v1/devices/sim-boiler/channels/setpoint", "{\"value\": 40}", Map.of());
        assertThat(noToken.status()).isEqualTo(403);
        assertThat(noToken.error()).contains("X-CSRF-Token");
        Reply forged = console.send("PUT", "/api/v1/devices/sim-boiler/channels/setpoint", "{\"value\": 40}", Map.of("X-CSRF-Token", "forged"));
        assertThat(forged.status()).isEqualTo(403);
        console.restoreCsrf(csrf);
        assertThat(channel(object(console.get("/api/v1/devices/sim-boiler")), "setpoint").get("value").getAsDouble()).isEqualTo(57.5);
        assertThat(console.get("/api/v1/events?device=no-such-device").status()).isEqualTo(404);
    }

    @Test
    public void aBrokenDescriptorIsRefusedAtItsJsonPathsAndTheFixedOneBringsItsDeviceOnline() throws Exception {
        Path devices = work.resolve("conf/devices");
        String broken = "{\"id\":\"api-heater\",\"driver\":\"sim\",\"channels\":[{\"name\":\"t\",\"type\":\"double\",\"poll\":\"1s\",\"address\":{\"signal\":\"wobble\"}}]}";
        Reply v = console.send("POST", "/api/v1/descriptors/validate", broken, Map.of());
        assertThat(v.status()).isEqualTo(200);
        assertThat(v.body()).contains("\"path\":\"$.channels[0].address.signal\"");
        Reply refused = console.send("PUT", "/api/v1/descriptors/api-heater.json", broken, Map.of());
        assertThat(refused.status()).isEqualTo(422);
        assertThat(object(refused).getAsJsonArray("problems")).isNotEmpty();
        assertThat(devices.resolve("api-heater.json")).doesNotExist();

        String fixed = broken.replace("wobble", "sine");
        assertThat(object(console.send("POST", "/api/v1/descriptors/validate", fixed, Map.of())).getAsJsonArray("problems")).isEmpty();
        Reply saved = console.send("PUT", "/api/v1/descriptors/api-heater.json", fixed, Map.of());
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        assertThat(Files.readString(devices.resolve("api-heater.json"))).isEqualTo(fixed);
        Await.until("device api-heater online", () -> {
            try {
                return console.get("/api/v1/devices/api-heater").body().contains("\"state\":\"online\"");
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(console.get("/api/v1/descriptors/api-heater.json").body()).isEqualTo(fixed);
        assertThat(console.get("/api/v1/descriptors").body()).contains("{\"file\":\"api-heater.json\",\"device\":\"api-heater\",\"driver\":\"sim\",\"state\":\"online\"");
        gateway.awaitLog("console: descriptor api-heater\\.json created .*\\(admin from '127\\.0\\.0\\.1'\\)");

        try (ConsoleClient.Stream2 events = console.stream("/api/v1/events?device=api-heater")) {
            events.await("data: \\{\"device\":\"api-heater\",\"state\":\"online\".*", WAIT);
            assertThat(console.send("DELETE", "/api/v1/descriptors/api-heater.json", (String) null, Map.of()).status()).isEqualTo(204);
            events.await("data: \\{\"device\":\"api-heater\",\"state\":\"removed\".*", WAIT);
        }
        assertThat(devices.resolve("api-heater.json")).doesNotExist();
        Await.until("device api-heater gone", () -> {
            try {
                return console.get("/api/v1/devices/api-heater").status() == 404;
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(console.send("DELETE", "/api/v1/descriptors/api-heater.json", (String) null, Map.of()).status()).isEqualTo(404);
    }

    @Test
    public void descriptorFileNamesThatLeaveTheDirectoryAndHugeBodiesAreRefusedAndNothingIsWritten() throws Exception {
        String settings = Files.exists(work.resolve("conf/gateway.properties")) ? Files.readString(work.resolve("conf/gateway.properties")) : null;
        for (String name : List.of("..%2F..%2Fconf%2Fgateway.properties", "%2e%2e%2fgateway.json", "Evil.json", "x.txt", "..json")) {
            Reply r = console.send("PUT", "/api/v1/descriptors/" + name, "{}", Map.of());
            assertThat(r.status()).as(name + ": " + r.body()).isEqualTo(400);
        }
        assertThat(console.get("/api/v1/descriptors/..json").error()).contains("is not allowed");
        Reply huge = console.send("PUT", "/api/v1/descriptors/big.json", "{\"id\":\"" + "x".repeat(100_000) + "\"}", Map.of());
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.error()).contains("65536");
        assertThat(huge.header("Connection")).as("a body refused unread ends its connection, said in the answer").isEqualToIgnoringCase("close");
        assertThat(console.send("POST", "/api/v1/descriptors/validate", "[" + "1,".repeat(40_000) + "1]", Map.of()).status()).isEqualTo(413);
        assertThat(work.resolve("conf/devices/big.json")).doesNotExist();
        try (Stream<Path> s = Files.list(work.resolve("conf"))) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".json"));
        }
        assertThat(Files.exists(work.resolve("conf/gateway.properties")) ? Files.readString(work.resolve("conf/gateway.properties")) : null).isEqualTo(settings);
    }

    @Test
    public void aFeatureIsInstalledAndUninstalledThroughTheLaunchersInstaller() throws Exception {
        JsonArray features = console.get("/api/v1/features").json().getAsJsonArray();
        assertThat(features.toString()).contains("{\"name\":\"web-console\"").contains("\"state\":\"profile\"");
        Reply installed = console.send("POST", "/api/v1/features/driver-coap", (String) null, Map.of());
        assertThat(installed.status()).as(installed.body()).isEqualTo(200);
        Await.until("the CoAP driver bundle active", () -> {
            try {
                return console.get("/api/v1/bundles").body().contains("\"symbolicName\":\"org.mviot.edge.driver.coap\",\"version\":\"0.1.0.SNAPSHOT\",\"state\":\"active\"");
            } catch (Exception e) {
                return false;
            }
        });
        JsonObject coap = null;
        for (JsonElement f : console.get("/api/v1/features").json().getAsJsonArray()) {
            if (f.getAsJsonObject().get("name").getAsString().equals("driver-coap")) {
                coap = f.getAsJsonObject();
            }
        }
        assertThat(coap).isNotNull();
        assertThat(coap.get("installed").getAsBoolean()).isTrue();
        assertThat(coap.get("state").getAsString()).isEqualTo("installed");
        assertThat(console.send("POST", "/api/v1/features/sim", (String) null, Map.of()).error()).contains("hardware profile");
        assertThat(console.send("POST", "/api/v1/features/no-such-feature", (String) null, Map.of()).status()).isEqualTo(404);
        assertThat(console.send("DELETE", "/api/v1/features/driver-coap", (String) null, Map.of()).status()).isEqualTo(200);
        try (Stream<Path> s = Files.list(work.resolve("deploy"))) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("org.mviot.edge.driver.coap"));
        }
        gateway.awaitLog("console: uninstall feature driver-coap: .*\\(admin from '127\\.0\\.0\\.1'\\)");
    }

    @Test
    public void anUploadedBundleIsDeployedAndOneThatDoesNotResolveIsRefusedWithTheReason() throws Exception {
        Reply missing = console.send("POST", "/api/v1/bundles", HttpRequest.BodyPublishers.ofByteArray(jar("test.console.broken", "com.example.missing")),
                Map.of("X-File-Name", "broken.jar"));
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.error()).contains("does not resolve").contains("com.example.missing");
        Reply garbage = console.send("POST", "/api/v1/bundles", HttpRequest.BodyPublishers.ofByteArray("not a jar".getBytes(StandardCharsets.UTF_8)),
                Map.of("X-File-Name", "garbage.jar"));
        assertThat(garbage.status()).isEqualTo(422);
        assertThat(console.send("POST", "/api/v1/bundles", HttpRequest.BodyPublishers.ofByteArray(new byte[10]), Map.of("X-File-Name", "../x.jar")).status())
                .isEqualTo(400);
        try (Stream<Path> s = Files.list(work.resolve("deploy"))) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("broken") || n.contains("garbage") || n.endsWith(".part"));
        }
        Reply ok = console.send("POST", "/api/v1/bundles", HttpRequest.BodyPublishers.ofByteArray(jar("test.console.hello", null)),
                Map.of("X-File-Name", "hello.jar"));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(work.resolve("deploy/hello.jar")).exists();
        Await.until("the uploaded bundle active", () -> {
            try {
                return console.get("/api/v1/bundles").body().contains("\"symbolicName\":\"test.console.hello\",\"version\":\"1.0.0\",\"state\":\"active\"");
            } catch (Exception e) {
                return false;
            }
        });
        Reply tooLarge = console.send("POST", "/api/v1/bundles", HttpRequest.BodyPublishers.ofByteArray(new byte[17 * 1024 * 1024]),
                Map.of("X-File-Name", "huge.jar"));
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(work.resolve("deploy/huge.jar")).doesNotExist();
    }

    /** A minimal bundle jar: a manifest only, importing a package when one is named. */
    private static byte[] jar(String name, String importPackage) throws Exception {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", name);
        a.putValue("Bundle-Version", "1.0.0");
        if (importPackage != null) {
            a.putValue("Import-Package", importPackage);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream j = new JarOutputStream(out, m)) {
            j.flush();
        }
        return out.toByteArray();
    }

    @Test
    public void theLogsLastLinesAreReadAndNewOnesStream() throws Exception {
        JsonArray lines = console.get("/api/v1/logs?lines=5").json().getAsJsonArray();
        assertThat(lines.size()).isBetween(1, 5);
        JsonObject last = lines.get(lines.size() - 1).getAsJsonObject();
        assertThat(last.keySet()).contains("time", "level", "logger", "message");
        assertThat(console.get("/api/v1/logs?lines=0").status()).isEqualTo(400);
        assertThat(console.get("/api/v1/logs?lines=5000").status()).isEqualTo(400);
        try (ConsoleClient.Stream2 log = console.stream("/api/v1/logs/stream")) {
            assertThat(log.status()).isEqualTo(200);
            console.send("PUT", "/api/v1/devices/sim-boiler/channels/setpoint", "{\"value\": 999}", Map.of());
            log.await("data: .*\"level\":\"WARN\".*console: write 'sim-boiler' 'setpoint' = '999'.*", WAIT);
        }
    }

    @Test
    public void unknownPathsAndMethodsAreNamedAndPagesAreRevalidatedNotDownloadedAgain() throws Exception {
        Reply unknown = console.get("/api/v1/nothing-here");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.error()).contains("nothing-here");
        assertThat(console.send("PATCH", "/api/v1/devices", "{}", Map.of()).status()).isEqualTo(405);
        Reply script = console.get("/js/app.js");
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.body()).isNotEmpty();
        String modified = script.header("Last-Modified");
        assertThat(modified).as("a validator, so that a reload costs no second download").isNotNull();
        Reply again = console.send("GET", "/js/app.js", (String) null, Map.of("If-Modified-Since", modified));
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        Reply page = console.get("/no-such-page.html");
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    public void repeatedWrongPasswordsLockTheAddressOutEvenForTheRightOne() throws Exception {
        ConsoleClient guesser = new ConsoleClient(work.resolve("conf"), gateway.consolePort());
        int failures = 0;
        Reply r = guesser.login("wrong 0");
        while (r.status() == 401 && failures < 10) {
            failures++;
            r = guesser.login("wrong " + failures);
        }
        assertThat(r.status()).isEqualTo(429);
        assertThat(failures).isBetween(1, 5);
        Reply locked = guesser.login(PASSWORD);
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.error()).contains("too many failed logins");
        assertThat(locked.header("Retry-After")).isNotNull();
        gateway.awaitLog("console: login refused: wrong password, address locked out for 30 s");
        assertThat(console.get("/api/v1/session").status()).as("a session opened before goes on").isEqualTo(200);
    }
}
