package org.mviot.edge.console.web.internal.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.mviot.edge.console.web.internal.ConsoleSettings;
import org.mviot.edge.console.web.internal.http.ApiException;
import org.mviot.edge.console.web.internal.http.Audit;
import org.mviot.edge.console.web.internal.http.Call;
import org.mviot.edge.console.web.internal.http.Replies;
import org.mviot.edge.console.web.internal.http.RequestBody;
import org.mviot.edge.console.web.internal.http.Route;
import org.mviot.edge.core.console.DescriptorFinding;
import org.mviot.edge.core.console.DeviceView;
import org.mviot.edge.core.console.GatewayConsole;

/**
 * {@code /descriptors}: the device files of {@code conf/devices}, listed, read, validated, saved and deleted. A file is
 * validated by the running core ({@link GatewayConsole#check}: the core's and the driver's rules, the same code as
 * {@code mviot-edge check} and the descriptor watcher) before it is saved; a file with problems is not written (422).
 * Saving writes a hidden temporary file and renames it, so the watcher never reads half a file; it applies the file
 * within its scan interval.
 */
public final class DescriptorApi {

    private final GatewayConsole core;

    /** @param core the running core */
    public DescriptorApi(GatewayConsole core) {
        this.core = core;
    }

    /** @return the routes */
    public List<Route> routes() {
        return List.of(Route.of("GET", "/descriptors", c -> Replies.json(c.resp(), 200, list())),
                Route.of("POST", "/descriptors/validate", this::validate),
                Route.of("GET", "/descriptors/(.+)", this::read),
                Route.of("PUT", "/descriptors/(.+)", this::save),
                Route.of("DELETE", "/descriptors/(.+)", this::delete));
    }

    private List<Map<String, Object>> list() throws IOException {
        Path dir = core.devicesDirectory();
        List<Map<String, Object>> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        Map<String, DeviceView> byOrigin = new LinkedHashMap<>();
        core.devices().forEach(d -> byOrigin.put(d.origin(), d));
        Map<String, List<DescriptorFinding>> invalid = core.invalid();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s.filter(p -> p.getFileName().toString().endsWith(".json") && !p.getFileName().toString().startsWith("."))
                    .sorted()::iterator) {
                String origin = p.toString();
                DeviceView d = byOrigin.get(origin);
                List<DescriptorFinding> problems = invalid.get(origin);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("file", p.getFileName().toString());
                m.put("device", d == null ? null : d.id());
                m.put("driver", d == null ? null : d.driver());
                m.put("state", problems != null && d == null ? "invalid" : d == null ? "pending" : d.state());
                m.put("problems", problems == null ? List.of() : problems);
                m.put("editable", DescriptorFileName.valid(p.getFileName().toString()));
                out.add(m);
            }
        }
        return out;
    }

    private void read(Call c) throws IOException {
        Path file = file(c.part(1));
        if (!Files.isRegularFile(file)) {
            throw new ApiException(404, "no descriptor file " + Audit.quote(c.part(1)) + " in " + core.devicesDirectory());
        }
        if (Files.size(file) > ConsoleSettings.MAX_JSON_BYTES) {
            throw new ApiException(413, "descriptor file " + c.part(1) + " has more than " + ConsoleSettings.MAX_JSON_BYTES + " bytes; edit it on the gateway");
        }
        byte[] b = Files.readAllBytes(file);
        c.resp().setStatus(200);
        c.resp().setContentType("application/json;charset=utf-8");
        c.resp().setContentLength(b.length);
        c.resp().getOutputStream().write(b);
    }

    private void validate(Call c) throws IOException {
        String name = c.query("file");
        String file = name == null ? "new-device.json" : DescriptorFileName.check(name);
        String text = RequestBody.text(c.req(), ConsoleSettings.MAX_JSON_BYTES);
        Replies.json(c.resp(), 200, Map.of("problems", core.check(file, text)));
    }

    private void save(Call c) throws IOException {
        String name = DescriptorFileName.check(c.part(1));
        String text = RequestBody.text(c.req(), ConsoleSettings.MAX_JSON_BYTES);
        List<DescriptorFinding> problems = core.check(name, text);
        String what = "descriptor " + name;
        if (!problems.isEmpty()) {
            Audit.refused(c.user(), c.address(), what + " not saved: " + problems.size() + " problem(s), first " + Audit.quote(problems.get(0).path()
                    + ": " + problems.get(0).message()));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("error", what + " has " + problems.size() + " problem(s) and was not saved");
            m.put("problems", problems);
            Replies.json(c.resp(), 422, m);
            return;
        }
        Path dir = core.devicesDirectory();
        Files.createDirectories(dir);
        Path target = dir.resolve(name);
        boolean existed = Files.exists(target);
        // hidden and not .json: the descriptor watcher skips it until the rename
        Path tmp = dir.resolve("." + name + ".part");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        Audit.info(c.user(), c.address(), what + (existed ? " replaced" : " created") + " (" + text.length() + " characters)");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", name);
        m.put("saved", true);
        m.put("created", !existed);
        Replies.json(c.resp(), 200, m);
    }

    private void delete(Call c) throws IOException {
        String name = DescriptorFileName.check(c.part(1));
        Path file = core.devicesDirectory().resolve(name);
        if (!Files.deleteIfExists(file)) {
            throw new ApiException(404, "no descriptor file " + name + " in " + core.devicesDirectory());
        }
        Audit.info(c.user(), c.address(), "descriptor " + name + " deleted");
        c.resp().setStatus(204);
    }

    private Path file(String name) {
        return core.devicesDirectory().resolve(DescriptorFileName.check(name));
    }
}
